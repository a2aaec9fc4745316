"""The history of imports, from the web page and from the command line: who, when, the
original file, the counts and the result. A web run is first a preview (a dry run);
confirming it runs the real import from the same file. A command-line run is done at once,
as a dry run or not; without --user it has no user (a system import)."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kzsafety.jobs.models import BackgroundJob


def import_file_path(instance: "ImportRun", filename: str) -> str:
    """A random name: the original name is kept in the database, never on disk."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"imports/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}{suffix}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class RunSource(models.TextChoices):
    WEB = "web", _("Web page")
    COMMAND = "command", _("Command line")


class ImportRun(BackgroundJob):
    task_name = "kzsafety.imports.tasks.run_import"

    # None: a system import run from the command line without --user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    source = models.CharField(
        _("source"), max_length=8, choices=RunSource.choices, default=RunSource.WEB
    )
    kind = models.CharField(_("kind"), max_length=32)
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    dry_run = models.BooleanField(
        _("preview"), default=True, help_text=_("Still a preview: nothing has been written.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first errors, as [row, column, message]; error_count has the total.
    errors = models.JSONField(_("errors shown"), default=list, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["user", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    def may_restart(self) -> bool:
        # A command-line run belongs to its command; the sweep only fails it when lost.
        return self.source == RunSource.WEB

    def retry_fields(self) -> dict:
        return {"progress": 0, "started_at": None, "errors": [], "error_count": 0}

    def failure_fields(self, message: str) -> dict:
        return {"progress": 0, "errors": [], "error_count": 0}

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    @property
    def previewed(self) -> bool:
        """A dry run that found no error."""
        return self.dry_run and self.status == RunStatus.SUCCEEDED

    @property
    def can_confirm(self) -> bool:
        # A command-line dry run is imported by running the command again, not from the web.
        return self.previewed and self.source == RunSource.WEB

    @property
    def from_command_line(self) -> bool:
        return self.source == RunSource.COMMAND

    @property
    def imported(self) -> bool:
        return not self.dry_run and self.status == RunStatus.SUCCEEDED

"""Large exports of the inspection and violation lists, prepared by a background task."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kzsafety.jobs.models import BackgroundJob


class ListExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ListExport(BackgroundJob):
    """One request for a large export of a filtered list; the file is kept under `name`
    (chosen when asked, so building twice writes one file) and its owner notified."""

    task_name = "inspections.tasks_public_control.build_list_export"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=16)
    query = models.TextField(_("filters"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    name = models.CharField(_("file"), max_length=100, unique=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ListExportStatus.choices,
        default=ListExportStatus.QUEUED,
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")

    def __str__(self) -> str:
        return f"{self.kind} — {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:list_export", args=[self.pk])

    def retry_fields(self) -> dict:
        return {"error": ""}

    def failure_fields(self, message: str) -> dict:
        return {"error": message}

"""What every long background job records, and the tasks waiting for the queue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The status values every job shares; each job adds its own finished value
# ("succeeded", "ready").
QUEUED, RUNNING, FAILED = "queued", "running", "failed"


class BackgroundJob(models.Model):
    """Fields of a job done by a Celery task: when it was handed to the queue (None: still
    waiting for the queue), the last sign of life of the worker doing it, how many times a
    worker took it, and whether it stopped unfinished (and may be tried again).

    A subclass has a `status` using QUEUED, RUNNING, FAILED and its own finished value, a
    `finished_at`, and names its task (`task_name`, called with the job's id)."""

    task_name: str = ""

    sent_at = models.DateTimeField(_("handed to the queue"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    interrupted = models.BooleanField(
        _("stopped unfinished"),
        default=False,
        help_text=_("The work stopped before it finished; it can be tried again."),
    )

    class Meta:
        abstract = True

    def may_restart(self) -> bool:
        """Whether the sweep may restart the job when its worker is lost."""
        return True

    def retry_fields(self) -> dict:
        """Fields to reset when the job is queued again, besides the shared ones."""
        return {}

    def failure_fields(self, message: str) -> dict:
        """Fields that record why the job stopped unfinished, besides the shared ones."""
        return {}


class PendingTask(models.Model):
    """A task to send once the transaction that asked for it commits; the row goes when the
    queue has it. Rows that stay are sent again by the sweep or the job's status page."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    # "<app_label>.<model>:<pk>" of the job this task runs, if any.
    job_key = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    tried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"

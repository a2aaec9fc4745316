"""Queuing a task never fails the request that saved the data.

The task is written down in the same transaction as the data (a PendingTask row) and handed
to the broker once that transaction commits, with short timeouts (see the CELERY_* settings).
If the broker is down the row stays: the job's page says it will start when the queue is
back, and the sweep (every minute, from beat) or the next look at the job's status sends it.
Tasks are safe to run twice, so sending one again after a doubtful send is harmless."""

import datetime
import logging

from celery import current_app
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from kzsafety.jobs.models import PendingTask

logger = logging.getLogger(__name__)

# What a broker that is down or unreachable raises when a task is published.
BROKER_ERRORS = (OperationalError, RedisError, OSError)


def job_key(job: models.Model) -> str:
    return f"{job._meta.label_lower}:{job.pk}"


def enqueue(task, *args, job: models.Model | None = None) -> None:
    """Send `task(*args)` once the current transaction commits (at once outside one).
    `task` is a Celery task or its name; `job` is the BackgroundJob the task runs, whose
    `sent_at` is stamped when the broker has the task."""
    name = task if isinstance(task, str) else task.name
    with transaction.atomic():
        pending = PendingTask.objects.create(
            task_name=name, args=list(args), job_key=job_key(job) if job else ""
        )
        transaction.on_commit(lambda: send(pending))


def send(pending: PendingTask) -> bool:
    """Hand one pending task to the broker. False, keeping the row, if the broker is down;
    an error of the task itself (run in-process without a broker) propagates."""
    if pending.task_name not in current_app.tasks:
        current_app.loader.import_default_modules()  # autodiscovery, lazy outside a worker
    try:
        current_app.tasks[pending.task_name].apply_async(pending.args)
    except BROKER_ERRORS as error:
        logger.warning("Queue unavailable, %s kept for later: %s", pending, error)
        PendingTask.objects.filter(pk=pending.pk).update(tried_at=timezone.now())
        return False
    except Exception:
        PendingTask.objects.filter(pk=pending.pk).delete()
        raise
    PendingTask.objects.filter(pk=pending.pk).delete()
    if pending.job_key:
        label, pk = pending.job_key.rsplit(":", 1)
        model = apps.get_model(label)
        model.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def send_pending(*, job: models.Model | None = None) -> int:
    """Send the tasks still waiting for the queue (only the job's, given one); stop at the
    first failure, since the broker is down. Returns how many were sent."""
    # A row left alone for JOBS_RESEND_SECONDS: not one whose first send may still be under
    # way, nor one that just failed.
    before = timezone.now() - datetime.timedelta(seconds=settings.JOBS_RESEND_SECONDS)
    rows = PendingTask.objects.filter(created_at__lt=before).exclude(tried_at__gte=before)
    if job is not None:
        rows = rows.filter(job_key=job_key(job))
    sent = 0
    for pending in rows[:500]:
        if not send(pending):
            break
        sent += 1
    return sent

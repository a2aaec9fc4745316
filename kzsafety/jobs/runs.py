"""The life of a background job: claimed by one worker at a time, a heartbeat while it
runs, and deadlines. A job whose worker stops answering (killed, machine lost) is
restarted once by the sweep and then shown as failed, with a button to try again; a job no
worker took in time is shown as failed too. A worker that lost its job to a restart can no
longer record an outcome, so nothing is done twice."""

import datetime
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kzsafety.jobs.models import FAILED, QUEUED, RUNNING, BackgroundJob
from kzsafety.jobs.queue import enqueue, send_pending

logger = logging.getLogger(__name__)
Job = TypeVar("Job", bound=BackgroundJob)

WAITING, STALLED = "waiting", "stalled"
STATE_LABELS = {
    WAITING: _("Will start when the queue is back"),
    STALLED: _("Failed — try again"),
}
LOST_MESSAGE = _("The work stopped before it finished (the worker was lost). Try again.")
UNTAKEN_MESSAGE = _("No worker took the job in time. Try again.")


class Superseded(Exception):
    """This worker's attempt was given up for lost and the job restarted or failed; the
    transaction recording its outcome must roll back."""


def _seconds(name: str) -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, name))


def _lost_filter() -> Q:
    before = timezone.now() - _seconds("JOBS_STALE_SECONDS")
    return Q(status=RUNNING) & (Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True))


def _untaken_filter() -> Q:
    before = timezone.now() - _seconds("JOBS_QUEUE_DEADLINE_SECONDS")
    return Q(status=QUEUED, sent_at__lt=before)


def _is_lost(job: BackgroundJob) -> bool:
    before = timezone.now() - _seconds("JOBS_STALE_SECONDS")
    return job.status == RUNNING and (job.heartbeat_at is None or job.heartbeat_at < before)


def _is_untaken(job: BackgroundJob) -> bool:
    before = timezone.now() - _seconds("JOBS_QUEUE_DEADLINE_SECONDS")
    return job.status == QUEUED and job.sent_at is not None and job.sent_at < before


# --- what the user sees ------------------------------------------------------------------


def job_state(job: BackgroundJob) -> str:
    """The job's status, or WAITING (not yet handed to the queue) or STALLED (past a
    deadline: shown as failed, with a retry) before the sweep records it."""
    if job.status == QUEUED and job.sent_at is None:
        return WAITING
    if _is_lost(job) or _is_untaken(job):
        return STALLED
    return job.status


def can_retry(job: BackgroundJob) -> bool:
    return job_state(job) == STALLED or (job.status == FAILED and job.interrupted)


def job_status(job: BackgroundJob) -> dict:
    """The shared part of a job's status JSON; the page polls it and reloads when
    `finished` turns true."""
    state = job_state(job)
    label = STATE_LABELS.get(state) or job.get_status_display()
    if job.status == FAILED and job.interrupted:
        label = STATE_LABELS[STALLED]
    return {
        "state": state,
        "state_label": str(label),
        "can_retry": can_retry(job),
        "finished": state not in (QUEUED, RUNNING, WAITING),
    }


def nudge(job: BackgroundJob) -> None:
    """Looking at a job that waits for the queue sends it again if the queue is back."""
    if job_state(job) == WAITING:
        send_pending(job=job)


# --- a worker's side -----------------------------------------------------------------------


def claim(model: type[Job], pk: int, **fields) -> Job | None:
    """Take a queued job (or one whose worker was lost) for this worker: status running,
    one more attempt, a first heartbeat, plus the given fields. None if the job is gone,
    done, or alive in another worker, so a task delivered twice runs once."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None or not (job.status == QUEUED or _is_lost(job)):
            return None
        if job.status == RUNNING and job.attempts >= settings.JOBS_MAX_ATTEMPTS:
            _stop(job, LOST_MESSAGE)
            return None
        now = timezone.now()
        fields = {
            "status": RUNNING,
            "attempts": job.attempts + 1,
            "heartbeat_at": now,
            "sent_at": job.sent_at or now,
            "interrupted": False,
            **fields,
        }
        for name, value in fields.items():
            setattr(job, name, value)
        job.save(update_fields=list(fields))
    return job


def _mine(job: BackgroundJob):
    return type(job).objects.filter(pk=job.pk, attempts=job.attempts, status=RUNNING)


@contextmanager
def heartbeat(job: BackgroundJob) -> Iterator[None]:
    """While the block runs, stamp the job's heartbeat every JOBS_HEARTBEAT_SECONDS from a
    thread with its own database connection, so the stamp is seen even while the work sits
    in one long transaction. A killed worker stops beating; that is how it is found."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.JOBS_HEARTBEAT_SECONDS):
                try:
                    _mine(job).update(heartbeat_at=timezone.now())
                except Exception:  # a database hiccup must not end the work it watches
                    logger.exception("Heartbeat of %s failed", job)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def hold(job: BackgroundJob) -> None:
    """In the transaction that records the job's outcome: lock the job and make sure this
    attempt still owns it, or raise Superseded so the transaction rolls back."""
    if not _mine(job).select_for_update().exists():
        raise Superseded(f"{job._meta.label_lower}:{job.pk} attempt {job.attempts}")


def finish(job: BackgroundJob, **fields) -> bool:
    """Record the outcome if this attempt still owns the job; False if it does not."""
    fields.setdefault("finished_at", timezone.now())
    return bool(_mine(job).update(**fields))


# --- restarts, deadlines and retries --------------------------------------------------------


def _stop(job: BackgroundJob, message) -> None:
    fields = {
        "status": FAILED,
        "interrupted": True,
        "finished_at": timezone.now(),
        **job.failure_fields(str(message)),
    }
    type(job).objects.filter(pk=job.pk).update(**fields)


def _requeue(job: BackgroundJob, *, attempts: int) -> None:
    fields = {
        "status": QUEUED,
        "sent_at": None,
        "heartbeat_at": None,
        "interrupted": False,
        "attempts": attempts,
        "finished_at": None,
        **job.retry_fields(),
    }
    type(job).objects.filter(pk=job.pk).update(**fields)
    enqueue(job.task_name, job.pk, job=job)


def job_retry(job: BackgroundJob) -> bool:
    """Queue a job again at the user's request; False if it is not retryable (running,
    done, or failed for its content, which a retry would not change)."""
    with transaction.atomic():
        job = type(job).objects.select_for_update().get(pk=job.pk)
        if not can_retry(job):
            return False
        _requeue(job, attempts=0)
    return True


def retry_answer(request, job: BackgroundJob, *, queued: str, refused: str):
    """What a job page's retry button answers: queue the job again (job_retry) and go back
    to the job with `queued`, or with `refused` when it is not waiting for a retry."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if job_retry(job):
        messages.info(request, queued)
    else:
        messages.error(request, refused)
    return redirect(job)


def job_models() -> list[type[BackgroundJob]]:
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob)]


def sweep() -> dict[str, int]:
    """Send what waits for the queue, restart jobs whose worker was lost (once), and fail
    those lost again or that no worker took in time. Beat runs it every JOBS_SWEEP_SECONDS."""
    counts = {"sent": send_pending(), "restarted": 0, "failed": 0}
    for model in job_models():
        for pk in model.objects.filter(_lost_filter() | _untaken_filter()).values_list("pk"):
            with transaction.atomic():
                job = model.objects.select_for_update(skip_locked=True).filter(pk=pk[0]).first()
                if job is None:
                    continue
                restartable = job.may_restart() and job.attempts < settings.JOBS_MAX_ATTEMPTS
                if _is_lost(job) and restartable:
                    _requeue(job, attempts=job.attempts)
                    counts["restarted"] += 1
                elif _is_lost(job) or _is_untaken(job):
                    _stop(job, LOST_MESSAGE if job.status == RUNNING else UNTAKEN_MESSAGE)
                    counts["failed"] += 1
    return counts

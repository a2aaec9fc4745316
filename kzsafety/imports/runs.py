"""Import runs: from the web page, upload (a preview runs at once), confirm (the real import
runs), and the work itself, done by a Celery task; from the command line, the same record
and the same work, done at once. Progress lives in the cache, because the import's own
transaction keeps its writes invisible until the very end."""

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import IO

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kzsafety.accounts.models import Role, User
from kzsafety.imports.engine import Result, RowError, import_file
from kzsafety.imports.kinds import get_kind, kind_keys
from kzsafety.imports.models import ImportRun, RunSource, RunStatus
from kzsafety.imports.reading import FileProblem, detect_format
from kzsafety.imports.scope import import_scope, may_import
from kzsafety.jobs import runs as jobs
from kzsafety.jobs.queue import enqueue

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 100 * 1024 * 1024
# A task that runs longer is stopped. A run whose worker is lost is found by its heartbeat
# (kzsafety/jobs/runs.py).
TIME_LIMIT = 60 * 60
KEEP_ERRORS = 1000


# --- reads ---------------------------------------------------------------------------------


def runs_visible_to(user: User) -> QuerySet[ImportRun]:
    """Federation staff see every import, system imports (no user) included; regional staff
    their own; nobody else any."""
    runs = ImportRun.objects.select_related("user")
    if not may_import(user):
        return runs.none()
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return runs
    return runs.filter(user=user)


def can_download(user: User, run: ImportRun) -> bool:
    """The original file goes back only to its uploader and to federation staff (the only
    ones for a system import)."""
    return may_import(user) and (run.user_id == user.pk or user.is_federation_staff)


def kinds_for(user: User) -> list[tuple[str, str]]:
    """(key, label) of the kinds the user may import."""
    if not may_import(user):
        return []
    whole_country = import_scope(user).whole_country
    kinds = [get_kind(key) for key in kind_keys()]
    return [(k.key, str(k.label)) for k in kinds if whole_country or not k.federation_only]


def progress_key(run_id: int) -> str:
    return f"imports:run:{run_id}:progress"


def _cached(call: Callable, *args, default=None):
    """Progress is a nicety: a cache that is down (Redis) must not fail the page or the
    import."""
    try:
        return call(*args)
    except Exception as error:
        logger.warning("Cache unavailable for import progress: %s", error)
        return default


def run_progress(run: ImportRun) -> dict:
    """What the progress indicator shows: status, percent done, rows read so far, and the
    job's state (waiting for the queue, failed with a retry)."""
    job = jobs.job_status(run)
    live = {} if job["finished"] else _cached(cache.get, progress_key(run.pk)) or {}
    percent = 100 if run.is_finished else live.get("percent", run.progress)
    return {
        **job,
        "status": run.status,
        "status_label": job["state_label"],
        "percent": percent,
        "rows": run.rows if run.is_finished else live.get("rows", 0),
        "finished": job["finished"],
    }


# --- writes --------------------------------------------------------------------------------


def _enqueue(run: ImportRun) -> None:
    enqueue(ImportRun.task_name, run.pk, job=run)


@transaction.atomic
def import_run_create(*, user: User, kind: str, upload: UploadedFile, language: str) -> ImportRun:
    """Store an uploaded file and queue its preview (a dry run)."""
    if kind not in dict(kinds_for(user)):
        raise PermissionDenied(_("You cannot import this kind of records."))
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)},
        )
    try:
        detect_format(upload)
    except FileProblem as problem:
        raise ValidationError(str(problem), code="file_type") from None
    upload.seek(0)
    run = _store(user=user, kind=kind, upload=upload, language=language, dry_run=True)
    _enqueue(run)
    return run


def _store(*, upload: File, **fields) -> ImportRun:
    """A new run keeping its original file under a random name."""
    name = Path(upload.name).name
    run = ImportRun(original_name=name[:255], size=upload.size, **fields)
    run.file.save(name, upload, save=False)
    run.save()
    return run


def import_run_command(
    *,
    user: User | None,
    kind: str,
    stream: IO[bytes],
    dry_run: bool,
    language: str,
    on_error: Callable[[RowError], None] | None = None,
) -> Result:
    """An import from the command line: recorded in the history like an upload (a copy of
    the file kept, the counts, the result) and done at once rather than queued. The user
    None is a system import. Raises PermissionDenied, once the refusal is recorded, if the
    user may not import this kind."""
    run = _store(
        user=user,
        kind=kind,
        upload=File(stream),
        language=language,
        dry_run=dry_run,
        source=RunSource.COMMAND,
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    try:
        with jobs.heartbeat(run):
            return _perform(run, on_error=on_error)
    except KeyboardInterrupt:
        _finish(run, None, _("The import was interrupted; nothing was changed."))
        raise


@transaction.atomic
def import_run_confirm(*, user: User, run: ImportRun) -> ImportRun:
    """Run the real import of a previewed file."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.user_id != user.pk or not may_import(user):
        raise PermissionDenied(_("Only the person who uploaded the file can confirm it."))
    if not run.can_confirm:
        raise ValidationError(
            _("Only a preview without errors can be imported."), code="not_confirmable"
        )
    run.dry_run = False
    run.status = RunStatus.QUEUED
    run.progress = 0
    run.started_at = run.finished_at = run.sent_at = run.heartbeat_at = None
    run.attempts = 0
    run.save()
    _enqueue(run)
    return run


def _finish(run: ImportRun, result: Result | None, message: str = "") -> None:
    if result is not None:
        run.rows, run.created, run.updated = result.rows, result.created, result.updated
        run.unchanged, run.error_count = result.unchanged, result.error_count
        run.errors = [[e.row, e.column, e.message] for e in result.errors]
    if message:
        run.error_count = max(run.error_count, 1)
        run.errors = [*run.errors, [None, None, message]]
    run.status = RunStatus.SUCCEEDED if run.error_count == 0 else RunStatus.FAILED
    run.progress = 100
    run.finished_at = timezone.now()
    # Only the attempt that owns the run records its outcome (see kzsafety/jobs/runs.py).
    fields = ["rows", "created", "updated", "unchanged", "error_count", "errors", "status"]
    outcome = {field: getattr(run, field) for field in fields}
    jobs.finish(run, progress=100, finished_at=run.finished_at, **outcome)
    _cached(cache.delete, progress_key(run.pk))


def import_run_execute(*, run_id: int) -> str:
    """Do a run's preview or import (the task's body). Safe to run twice, and after a lost
    worker: a run is claimed by one attempt at a time, and an import's outcome is recorded
    in the transaction of its data, by the attempt that still owns the run, so a restarted
    import can never be applied twice."""
    run = jobs.claim(ImportRun, run_id, started_at=timezone.now(), progress=0)
    if run is None:
        return "skipped"
    try:
        with jobs.heartbeat(run), contextlib.suppress(PermissionDenied, SoftTimeLimitExceeded):
            _perform(run)  # a refusal or a timeout is recorded on the run
    except jobs.Superseded:
        return "superseded"  # another attempt owns the run; this one changed nothing
    return run.status


def _perform(run: ImportRun, on_error: Callable[[RowError], None] | None = None) -> Result:
    """Preview or import a running run's file as its user and record the outcome. Errors
    about rows are in the result; a refusal, a timeout or a failure propagates once it is
    recorded."""

    def progress(rows: int, fraction: float) -> None:
        live = {"rows": rows, "percent": int(fraction * 100)}
        _cached(cache.set, progress_key(run.pk), live, 3600)

    def record_with_data(result: Result) -> None:
        jobs.hold(run)  # raises, rolling the import back, if this attempt lost the run
        _finish(run, result)

    with translation.override(run.language or settings.LANGUAGE_CODE):
        try:
            with run.file.open("rb") as stream:
                result = import_file(
                    kind=run.kind,
                    stream=stream,
                    user=run.user,
                    dry_run=run.dry_run,
                    on_error=on_error,
                    on_progress=progress,
                    keep_errors=KEEP_ERRORS,
                    before_commit=record_with_data,
                )
        except jobs.Superseded:
            logger.warning("Import run %s was taken over; this attempt changed nothing", run.pk)
            raise
        except PermissionDenied as error:
            _finish(run, None, str(error))
            raise
        except SoftTimeLimitExceeded:
            _finish(run, None, _("The import took too long and was stopped; nothing was changed."))
            raise
        except Exception:
            _finish(run, None, _("The import failed unexpectedly; nothing was changed."))
            raise
        if not run.is_finished:  # an import that commits was recorded with its data
            _finish(run, result)
    return result

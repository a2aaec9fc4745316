from celery import shared_task

from kzsafety.imports.runs import TIME_LIMIT, import_run_execute


@shared_task(
    time_limit=TIME_LIMIT, soft_time_limit=TIME_LIMIT - 60, acks_late=True, ignore_result=True
)
def run_import(run_id: int) -> str:
    """Preview or import one uploaded file. Safe to run twice: a run is claimed once."""
    return import_run_execute(run_id=run_id)

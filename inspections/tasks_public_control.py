"""Background work of public control. Celery autodiscovers only `tasks.py`; this module is
imported from there (see docs/public-control.md)."""

from celery import shared_task


@shared_task(time_limit=1800, soft_time_limit=1740, ignore_result=True)
def build_public_control_export(user_id: int, kind: str, query: str, language: str, name: str):
    """Build a large XLSX export of a filtered list for its user; safe to run twice."""
    from inspections.services.public_control_exports import export_file_build

    return export_file_build(user_id=user_id, kind=kind, query=query, language=language, name=name)

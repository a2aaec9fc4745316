"""Background work of public control. Celery autodiscovers only `tasks.py`; this module is
imported from there (see docs/public-control.md)."""

from celery import shared_task


@shared_task(time_limit=1800, soft_time_limit=1740, ignore_result=True)
def build_public_control_export(user_id: int, kind: str, query: str, language: str, name: str):
    """Build a large XLSX export of a filtered list for its user; safe to run twice. Kept
    for tasks queued before exports were recorded; new ones go to build_list_export."""
    from inspections.services.public_control_exports import export_file_build

    return export_file_build(user_id=user_id, kind=kind, query=query, language=language, name=name)


@shared_task(time_limit=1800, soft_time_limit=1740, ignore_result=True)
def build_list_export(export_id: int) -> str:
    """Build a recorded large export (inspections.models.ListExport); safe to run twice."""
    from inspections.services.public_control_exports import list_export_build

    return list_export_build(export_id=export_id)

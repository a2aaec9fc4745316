from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from kzsafety.statistics.models import ExportStatus, ReportExport


@shared_task(time_limit=600, soft_time_limit=570)
def build_annual_workbook(export_id: int) -> str:
    """Prepare one requested workbook. Running it again for a ready export does nothing."""
    from kzsafety.statistics.annual import basis_for, build_report
    from kzsafety.statistics.workbook import write_workbook

    export = ReportExport.objects.select_related("requested_by").get(pk=export_id)
    if export.status == ExportStatus.READY:
        return export.status
    export.status, export.progress = ExportStatus.RUNNING, 10
    export.save(update_fields=["status", "progress"])
    try:
        report = build_report(export.year, export.window, basis_for(export.requested_by))
        export.progress = 60
        export.save(update_fields=["progress"])
        content = write_workbook(report, export.language)
        export.file.save("report.xlsx", ContentFile(content), save=False)
        export.status, export.progress = ExportStatus.READY, 100
    except Exception as error:  # the page must say it failed rather than spin forever
        export.status, export.error = ExportStatus.FAILED, str(error)[:2000]
        raise
    finally:
        export.finished_at = timezone.now()
        export.save()
    return export.status

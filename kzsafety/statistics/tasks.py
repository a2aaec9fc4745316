from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import translation

from kzsafety.jobs import runs as jobs
from kzsafety.statistics.models import ExportStatus, ReportExport


@shared_task(time_limit=600, soft_time_limit=570, ignore_result=True)
def build_annual_workbook(export_id: int) -> str:
    """Prepare one requested workbook. Safe to run twice and after a lost worker: the
    export is claimed by one attempt at a time, and only that attempt records the file."""
    from kzsafety.statistics.annual import basis_for, build_report
    from kzsafety.statistics.workbook import write_workbook

    export = jobs.claim(ReportExport, export_id, progress=10)
    if export is None:
        return "skipped"
    with jobs.heartbeat(export):
        try:
            basis = basis_for(export.requested_by)
            report = build_report(export.year, export.window, basis)
            ReportExport.objects.filter(pk=export.pk).update(progress=60)
            with translation.override(export.language):
                scope = None if basis.national else export.requested_by.scope_label()
            content = write_workbook(report, export.language, scope=scope)
            export.file.save("report.xlsx", ContentFile(content), save=False)
        except Exception as error:  # the page must say it failed rather than spin forever
            jobs.finish(
                export, status=ExportStatus.FAILED, interrupted=True, error=str(error)[:2000]
            )
            raise
    jobs.finish(export, status=ExportStatus.READY, progress=100, file=export.file.name)
    return ExportStatus.READY


@shared_task(time_limit=600, soft_time_limit=570, ignore_result=True)
def build_annual_note(export_id: int) -> str:
    """Write one requested analytical note (DOCX), like the workbook: claimed by one attempt
    at a time, progress recorded as the sections are written."""
    from kzsafety.statistics.analysis.document import write_document
    from kzsafety.statistics.annual import basis_for, build_report

    export = jobs.claim(ReportExport, export_id, progress=10)
    if export is None:
        return "skipped"

    def progress(percent: int) -> None:
        ReportExport.objects.filter(pk=export.pk).update(progress=percent)

    with jobs.heartbeat(export):
        try:
            basis = basis_for(export.requested_by)
            report = build_report(export.year, export.window, basis)
            progress(40)
            with translation.override(export.language):
                scope = None if basis.national else export.requested_by.scope_label()
            content = write_document(report, export.language, scope=scope, progress=progress)
            export.file.save("note.docx", ContentFile(content), save=False)
        except Exception as error:  # the page must say it failed rather than spin forever
            jobs.finish(
                export, status=ExportStatus.FAILED, interrupted=True, error=str(error)[:2000]
            )
            raise
    jobs.finish(export, status=ExportStatus.READY, progress=100, file=export.file.name)
    return ExportStatus.READY

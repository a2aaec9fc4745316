"""The page of a large list export prepared in the background: how it goes (waiting for the
queue, being prepared, ready, failed), the download when ready, a retry when it stopped.
Only the person who asked sees it; anyone else gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspections.models import ListExport, ListExportStatus
from inspections.services import public_control_exports as exports
from inspections.views.public_control_common import TEMPLATES
from kzsafety.jobs import runs as jobs

LISTS = {"inspections": "inspections:inspection_list", "violations": "inspections:violation_list"}


def _export_of(request: HttpRequest, pk: int) -> ListExport:
    return get_object_or_404(ListExport, pk=pk, requested_by=request.user)


def _status(export: ListExport) -> dict:
    ready = export.status == ListExportStatus.READY
    return {
        **jobs.job_status(export),
        "status": export.status,
        "url": exports.list_export_download_url(export) if ready else None,
    }


@login_required
@require_GET
def list_export(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export_of(request, pk)
    jobs.nudge(export)
    back = reverse(LISTS[export.kind])
    return render(
        request,
        f"{TEMPLATES}/list_export.html",
        {
            "export": export,
            "status": _status(export),
            "title": exports.EXPORT_TITLES[export.kind],
            "back_url": f"{back}?{export.query}" if export.query else back,
        },
    )


@login_required
@require_GET
def list_export_status(request: HttpRequest, pk: int) -> JsonResponse:
    export = _export_of(request, pk)
    jobs.nudge(export)
    return JsonResponse(_status(export))


@login_required
@require_POST
def list_export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export_of(request, pk)
    return jobs.retry_answer(
        request,
        export,
        queued=_("The export is queued again."),
        refused=_("This export is not waiting for a retry."),
    )

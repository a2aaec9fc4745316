"""Import pages: upload with the history of imports, a run's preview and result with a
progress indicator, confirmation, the original file, and the XLSX template of each kind.
Federation and regional staff only; everyone else gets 403."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kzsafety.formtools import answers_repeats, create_once_from
from kzsafety.imports.forms import UploadForm
from kzsafety.imports.kinds import get_kind, kind_keys
from kzsafety.imports.models import ImportRun, RunSource
from kzsafety.imports.runs import (
    can_download,
    import_run_confirm,
    import_run_create,
    kinds_for,
    run_progress,
    runs_visible_to,
)
from kzsafety.imports.scope import may_import
from kzsafety.imports.templates import template_workbook
from kzsafety.jobs import runs as jobs

RUNS_PER_PAGE = 20
ERRORS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_label(key: str) -> str:
    return str(get_kind(key).label) if key in kind_keys() else key


def importer_required(view: Callable) -> Callable:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_import(request.user):
            raise PermissionDenied(_("Only federation staff and regional staff can import."))
        return view(request, *args, **kwargs)

    return wrapper


@importer_required
@answers_repeats
def import_list(request: HttpRequest) -> HttpResponse:
    kinds = kinds_for(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            run = create_once_from(
                request,
                form,
                lambda: import_run_create(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    language=get_language() or "",
                ),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(run)
    runs = Paginator(runs_visible_to(request.user), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    for run in runs:
        run.kind_label = _kind_label(run.kind)
    return render(
        request,
        "imports/import_list.html",
        {"form": form, "kinds": kinds, "page": runs},
        status=400 if form.is_bound and form.errors else 200,
    )


@importer_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    jobs.nudge(run)
    errors = Paginator(run.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    progress = run_progress(run)
    return render(
        request,
        "imports/import_detail.html",
        {
            "run": run,
            "kind_label": _kind_label(run.kind),
            "progress": progress,
            "can_retry": progress["can_retry"] and _may_retry(request.user, run),
            "page": errors,
            "errors_hidden": run.error_count - len(run.errors),
            "can_download": can_download(request.user, run),
            "can_confirm": run.can_confirm and run.user_id == request.user.pk,
        },
    )


@require_GET
@importer_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    jobs.nudge(run)
    return JsonResponse(run_progress(run))


def _may_retry(user, run: ImportRun) -> bool:
    """Like confirming: the uploader, for a run from the web page."""
    return run.user_id == user.pk and run.source == RunSource.WEB


@require_POST
@importer_required
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue again a run whose worker was lost or that no worker took in time."""
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    if not _may_retry(request.user, run):
        raise PermissionDenied(_("Only the person who uploaded the file can try again."))
    return jobs.retry_answer(
        request,
        run,
        queued=_("The file is queued again."),
        refused=_("This import is not waiting for a retry."),
    )


@require_POST
@importer_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    try:
        import_run_confirm(user=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(run)


@importer_required
def import_file_download(request: HttpRequest, pk: int) -> FileResponse:
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    if not can_download(request.user, run):
        raise PermissionDenied
    return FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=run.original_name,
        content_type="application/octet-stream",
    )


@importer_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in dict(kinds_for(request.user)):
        raise Http404
    response = HttpResponse(template_workbook(get_kind(kind)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response

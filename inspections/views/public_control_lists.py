"""The lists of inspections and violations with their spreadsheet exports (at once or
prepared in the background), and the public-control summary for staff."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.access import inspections_visible_to
from inspections.forms.public_control import SummaryForm
from inspections.services import public_control_exports as exports
from inspections.services import public_control_rights as rights
from inspections.services import public_control_stats as stats
from inspections.views import list_rows
from inspections.views.public_control_common import TEMPLATES
from kzsafety.accounts.models import Role
from kzsafety.replica import ReplicaPaginator

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY_ROLES = (Role.REGIONAL_STAFF, Role.SECTOR_STAFF, Role.FEDERATION_STAFF)


def _page(request: HttpRequest, queryset: QuerySet, rows) -> tuple[Any, str]:
    page = ReplicaPaginator(queryset, PAGE_SIZE, user=request.user, rows=rows).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _download(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    """Small exports download at once; large ones are built in the background, shown on
    their own page and notified with a link, so no request waits minutes."""
    count = exports.export_rows(user=request.user, kind=kind, params=request.GET).count()
    if count > exports.EXPORT_INLINE_LIMIT:
        export = exports.export_in_background(
            user=request.user, kind=kind, query=request.GET.urlencode()
        )
        messages.info(
            request,
            _(
                "%(count)s rows are being written to a spreadsheet. You will get a "
                "notification with the link when it is ready."
            )
            % {"count": count},
        )
        return redirect(export)
    filename, content = exports.export_workbook(user=request.user, kind=kind, params=request.GET)
    return _download(filename, content)


# --- Exports prepared in the background -------------------------------------------------------


@login_required
def export_download(request: HttpRequest, token: str) -> FileResponse:
    """A prepared export: only for the user it was made for, for a limited time."""
    found = exports.export_file_of(user=request.user, token=token)
    if found is None:
        raise Http404(_("This download has expired or is not yours."))
    name, filename = found
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=filename, content_type=XLSX
    )


# --- Lists ------------------------------------------------------------------------------------


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    form, inspections = exports.inspection_list(user=request.user, params=request.GET)
    page, query = _page(request, inspections, exports.inspection_rows)
    return render(
        request,
        f"{TEMPLATES}/inspection_list.html",
        {
            "form": form,
            "page": page,
            "rows": list_rows.inspection_rows(page.object_list),
            "query": query,
            "can_start": rights.may_record_inspections(request.user),
            "can_summarize": _may_summarize(request.user),
        },
    )


@login_required
def inspection_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "inspections")


@login_required
def violation_list(request: HttpRequest) -> HttpResponse:
    form, violations = exports.violation_list(user=request.user, params=request.GET)
    page, query = _page(request, violations, exports.violation_rows)
    return render(
        request,
        f"{TEMPLATES}/violation_list.html",
        {
            "form": form,
            "page": page,
            "rows": list_rows.violation_rows(page.object_list),
            "query": query,
            "can_summarize": _may_summarize(request.user),
        },
    )


@login_required
def violation_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "violations")


# --- Summary ----------------------------------------------------------------------------------


def _may_summarize(user) -> bool:
    return user.is_active and (user.is_superuser or user.role in SUMMARY_ROLES)


def _summary(request: HttpRequest) -> dict:
    if not _may_summarize(request.user):
        raise PermissionDenied(_("The summary is for regional, sector and federation staff."))
    inspections = inspections_visible_to(request.user)
    this_year = timezone.localdate().year
    years = sorted(set(stats.years_with_inspections(inspections)) | {this_year}, reverse=True)
    form = SummaryForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else this_year
    return {
        "form": form,
        "year": year,
        **stats.public_control_summary(year=year, inspections=inspections),
    }


def _figure_headers() -> list[str]:
    return [
        _("Inspections"),
        _("Violations found"),
        _("Eliminated"),
        _("Eliminated, %"),
        _("Work stoppages"),
        _("Proposals"),
    ]


@login_required
def public_control_summary(request: HttpRequest) -> HttpResponse:
    context = _summary(request)
    context["headers"] = _figure_headers()
    query = request.GET.urlencode()
    context["export_url"] = reverse("inspections:public_control_summary_export") + (
        f"?{query}" if query else ""
    )
    return render(request, f"{TEMPLATES}/summary.html", context)


@login_required
def public_control_summary_export(request: HttpRequest) -> HttpResponse:
    context = _summary(request)

    def figures(row):
        return [row[name] for name in stats.FIGURES]

    rows = [
        [_("Region"), *_figure_headers()],
        *([str(row["region"]), *figures(row)] for row in context["by_region"]),
        [_("Total"), *figures(context["totals"])],
        [],
        [_("Sector"), *_figure_headers()],
        *([str(row["sector"]), *figures(row)] for row in context["by_sector"]),
        [_("Total"), *figures(context["totals"])],
    ]
    title = _("Public control %(year)s") % {"year": context["year"]}
    content = exports.workbook_bytes(title=title, headers=[title], rows=rows)
    return _download(f"public-control-{context['year']}.xlsx", content)

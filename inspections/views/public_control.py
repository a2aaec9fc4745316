"""Pages of public control. Every read goes through the scoping functions of
inspections/access.py (a record outside the scope answers 404); every write goes through
inspections/services/public_control.py (a role that may not act answers 403)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspections.access import (
    evidence_photos_visible_to,
    inspections_visible_to,
    proposals_visible_to,
    stoppages_visible_to,
    violations_visible_to,
)
from inspections.forms.public_control import (
    EliminateForm,
    EvidenceForm,
    InspectionForm,
    LiftForm,
    ProposalForm,
    ProposalStatusForm,
    ReopenForm,
    ReportFixedForm,
    StoppageForm,
    SummaryForm,
    ViolationForm,
)
from inspections.models import (
    EvidencePhoto,
    Inspection,
    Violation,
    ViolationStatusChange,
)
from inspections.services import public_control as services
from inspections.services import public_control_exports as exports
from inspections.services import public_control_stats as stats
from kzsafety.access import enterprises_visible_to
from kzsafety.accounts.models import Role

PAGE_SIZE = 25
TEMPLATES = "inspections/public_control"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY_ROLES = (Role.REGIONAL_STAFF, Role.SECTOR_STAFF, Role.FEDERATION_STAFF)


# --- Helpers --------------------------------------------------------------------------------


def _page(request: HttpRequest, queryset: QuerySet) -> tuple[Any, str]:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _attempt(form, action: Callable[[], Any]) -> Any:
    """Run a service call; a refusal becomes an error on the form (field or whole form)."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        inspections_visible_to(request.user).select_related(
            "enterprise__region", "enterprise__sector", "inspector", "notice"
        ),
        pk=pk,
    )


def _violation(request: HttpRequest, pk: int) -> Violation:
    return get_object_or_404(
        violations_visible_to(request.user)
        .with_overdue()
        .select_related("inspection__enterprise", "inspection__notice", "category"),
        pk=pk,
    )


def _download(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request: HttpRequest, kind: str, list_url: str) -> HttpResponse:
    """Small exports download at once; large ones are built in the background and the
    user is notified with a link, so no request waits minutes."""
    count = exports.export_rows(user=request.user, kind=kind, params=request.GET).count()
    if count > exports.EXPORT_INLINE_LIMIT:
        exports.export_in_background(user=request.user, kind=kind, query=request.GET.urlencode())
        messages.info(
            request,
            _(
                "%(count)s rows are being written to a spreadsheet. You will get a "
                "notification with the link when it is ready."
            )
            % {"count": count},
        )
        query = request.GET.urlencode()
        return redirect(f"{reverse(list_url)}?{query}" if query else reverse(list_url))
    filename, content = exports.export_workbook(user=request.user, kind=kind, params=request.GET)
    return _download(filename, content)


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


# --- Inspections ------------------------------------------------------------------------------


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    form, inspections = exports.inspection_list(user=request.user, params=request.GET)
    page, query = _page(request, inspections)
    return render(
        request,
        f"{TEMPLATES}/inspection_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_start": services.may_record_inspections(request.user),
            "can_summarize": _may_summarize(request.user),
        },
    )


@login_required
def inspection_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "inspections", "inspections:inspection_list")


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not services.may_record_inspections(request.user):
        raise PermissionDenied(_("Only technical inspectors record inspections."))
    try:
        services.registry_record_of(request.user)
    except ValidationError as refusal:
        return render(
            request, f"{TEMPLATES}/no_registry_record.html", {"refusal": refusal}, status=403
        )
    enterprises = enterprises_visible_to(request.user).order_by("name")
    form = InspectionForm(
        request.POST or None,
        enterprises=enterprises,
        initial={"enterprise": request.GET.get("enterprise") or enterprises.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        inspection = _attempt(
            form,
            lambda: services.inspection_start(
                user=request.user,
                enterprise=data["enterprise"],
                date=data["date"],
                kind=data["kind"],
                state_inspector_name=data["state_inspector_name"],
                notes=data["notes"],
            ),
        )
        if inspection:
            messages.success(request, _("Inspection started. Add the violations you found."))
            return redirect(inspection)
    return render(request, f"{TEMPLATES}/inspection_form.html", {"form": form})


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if not services.may_edit_inspection(request.user, inspection):
        raise PermissionDenied
    form = InspectionForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: services.inspection_update(
                user=request.user,
                inspection=inspection,
                date=data["date"],
                kind=data["kind"],
                state_inspector_name=data["state_inspector_name"],
                notes=data["notes"],
            ),
        )
        if done:
            return redirect(inspection)
    return render(
        request, f"{TEMPLATES}/inspection_form.html", {"form": form, "inspection": inspection}
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    violations = (
        inspection.violations.with_overdue()
        .select_related("category")
        .prefetch_related("photos")
        .order_by("position")
    )
    user = request.user
    return render(
        request,
        f"{TEMPLATES}/inspection_detail.html",
        {
            "inspection": inspection,
            "notice": getattr(inspection, "notice", None),
            "violations": violations,
            "proposals": inspection.proposals.all(),
            "stoppages": inspection.stoppages.all(),
            "can_edit": services.may_edit_inspection(user, inspection),
            "can_follow_up": services.may_manage_follow_up(user),
            "proposal_status_form": ProposalStatusForm(),
            "lift_form": LiftForm(),
        },
    )


@login_required
@require_POST
def inspection_discard(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    try:
        services.inspection_discard(user=request.user, inspection=inspection)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(inspection)
    messages.success(request, _("The draft inspection was deleted."))
    return redirect("inspections:inspection_list")


@login_required
def inspection_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    if not services.may_edit_inspection(request.user, inspection):
        if not inspection.is_draft and hasattr(inspection, "notice"):
            return redirect("inspections:notice", pk=inspection.pk)
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        try:
            notice = services.inspection_finalize(user=request.user, inspection=inspection)
        except ValidationError as refusal:
            errors = refusal.messages
        else:
            if notice is None:
                messages.success(request, _("Inspection finalized. No violations, so no notice."))
                return redirect(inspection)
            messages.success(request, _("Notice %(number)s issued.") % {"number": notice.number})
            return redirect("inspections:notice", pk=inspection.pk)
    return render(
        request,
        f"{TEMPLATES}/finalize_confirm.html",
        {
            "inspection": inspection,
            "violations": inspection.violations.select_related("category").order_by("position"),
            "proposal_count": inspection.proposals.count(),
            "stoppage_count": inspection.stoppages.count(),
            "errors": errors,
        },
    )


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    issued = getattr(inspection, "notice", None)
    if issued is None:
        raise Http404(_("This inspection has no notice."))
    return render(
        request,
        f"{TEMPLATES}/notice.html",
        {
            "inspection": inspection,
            "notice": issued,
            "violations": issued.violations.select_related("category").order_by("position"),
            "stoppages": inspection.stoppages.all(),
        },
    )


# --- Adding to a draft --------------------------------------------------------------------------


def _draft_form_page(request, inspection, form, template, action, success_message):
    if not services.may_edit_inspection(request.user, inspection):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        result = _attempt(form, lambda: action(form.cleaned_data))
        if result is not None:
            messages.success(request, success_message(result))
            if "add_another" in request.POST:
                return redirect(request.path)
            return redirect(inspection)
    return render(request, f"{TEMPLATES}/{template}", {"form": form, "inspection": inspection})


@login_required
def violation_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = ViolationForm(request.POST or None, request.FILES or None)
    return _draft_form_page(
        request,
        inspection,
        form,
        "violation_form.html",
        lambda data: services.violation_add(
            user=request.user,
            inspection=inspection,
            description=data["description"],
            category=data["category"],
            legal_reference=data["legal_reference"],
            deadline=data["deadline"],
            photo=data.get("photo") or None,
        ),
        lambda violation: _("Violation %(number)s added.") % {"number": violation.position},
    )


@login_required
def violation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    violation = _violation(request, pk)
    inspection = violation.inspection
    form = ViolationForm(request.POST or None, instance=violation)
    response = _draft_form_page(
        request,
        inspection,
        form,
        "violation_form.html",
        lambda data: services.violation_update(
            user=request.user,
            violation=violation,
            description=data["description"],
            category=data["category"],
            legal_reference=data["legal_reference"],
            deadline=data["deadline"],
        ),
        lambda changed: _("Violation %(number)s saved.") % {"number": changed.position},
    )
    return response


@login_required
@require_POST
def violation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    violation = _violation(request, pk)
    try:
        services.violation_remove(user=request.user, violation=violation)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The violation was removed."))
    return redirect(violation.inspection)


@login_required
def proposal_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = ProposalForm(request.POST or None)
    return _draft_form_page(
        request,
        inspection,
        form,
        "proposal_form.html",
        lambda data: services.proposal_add(
            user=request.user, inspection=inspection, text=data["text"]
        ),
        lambda proposal: _("Proposal added."),
    )


@login_required
@require_POST
def proposal_status(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(proposals_visible_to(request.user), pk=pk)
    form = ProposalStatusForm(request.POST)
    if form.is_valid():
        services.proposal_set_status(
            user=request.user, proposal=proposal, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The employer's answer was recorded."))
    return redirect(proposal.inspection)


@login_required
def stoppage_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = StoppageForm(request.POST or None)
    return _draft_form_page(
        request,
        inspection,
        form,
        "stoppage_form.html",
        lambda data: services.work_stoppage_record(
            user=request.user,
            inspection=inspection,
            reason=data["reason"],
            started_on=data["started_on"],
        ),
        lambda stoppage: _("Work stoppage recorded."),
    )


@login_required
@require_POST
def stoppage_lift(request: HttpRequest, pk: int) -> HttpResponse:
    stoppage = get_object_or_404(
        stoppages_visible_to(request.user).select_related("inspection"), pk=pk
    )
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            services.work_stoppage_lift(
                user=request.user, stoppage=stoppage, lifted_on=form.cleaned_data["lifted_on"]
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("The work stoppage was lifted."))
    else:
        messages.error(request, _("Enter the date work resumed."))
    return redirect(stoppage.inspection)


# --- Violations and their remediation ----------------------------------------------------------


@login_required
def violation_list(request: HttpRequest) -> HttpResponse:
    form, violations = exports.violation_list(user=request.user, params=request.GET)
    page, query = _page(request, violations)
    return render(
        request,
        f"{TEMPLATES}/violation_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_summarize": _may_summarize(request.user),
        },
    )


@login_required
def violation_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "violations", "inspections:violation_list")


def _history(violation: Violation) -> list[dict]:
    """Field-level changes of the violation, newest first."""
    records = list(violation.history.select_related("history_user").order_by("history_id"))
    rows = []
    for previous, record in zip([None, *records[:-1]], records, strict=True):
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = Violation._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
            if not changes:
                continue
        rows.append({"record": record, "created": previous is None, "changes": changes})
    return rows[::-1]


def _display(field, value) -> Any:
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return field.related_model._default_manager.filter(pk=value).first() or value
    return value


def _violation_page(
    request: HttpRequest, violation: Violation, status: int = 200, step_errors=(), **forms
):
    user = request.user
    context = {
        "step_errors": step_errors,
        "violation": violation,
        "inspection": violation.inspection,
        "photos": violation.photos.all(),
        "timeline": ViolationStatusChange.objects.filter(violation=violation).select_related("by"),
        "history": _history(violation),
        "can_report_fixed": services.may_report_fixed(user, violation),
        "can_confirm": services.may_confirm(user, violation),
        "can_edit": services.may_edit_inspection(user, violation.inspection),
        "report_form": forms.get("report_form") or ReportFixedForm(),
        "eliminate_form": forms.get("eliminate_form") or EliminateForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
    }
    return render(request, f"{TEMPLATES}/violation_detail.html", context, status=status)


@login_required
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _violation_page(request, _violation(request, pk))


def _lifecycle_step(request, pk, form_class, form_name, roles, action, success):
    """A remediation step: the wrong role answers 403; an illegal move for the violation's
    state is refused by the service and shown on the page."""
    violation = _violation(request, pk)
    if request.user.role not in roles:
        raise PermissionDenied
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid() and _attempt(form, lambda: action(violation, form.cleaned_data)):
        messages.success(request, success)
        return redirect(violation)
    return _violation_page(
        request, violation, status=400, step_errors=form.non_field_errors(), **{form_name: form}
    )


@login_required
@require_POST
def violation_report_fixed(request: HttpRequest, pk: int) -> HttpResponse:
    return _lifecycle_step(
        request,
        pk,
        ReportFixedForm,
        "report_form",
        (Role.INSPECTOR, Role.COUNCIL_MEMBER),
        lambda violation, data: services.violation_report_fixed(
            user=request.user,
            violation=violation,
            comment=data["comment"],
            photo=data.get("photo") or None,
        ),
        _("Reported fixed. The inspector will confirm it."),
    )


@login_required
@require_POST
def violation_eliminate(request: HttpRequest, pk: int) -> HttpResponse:
    return _lifecycle_step(
        request,
        pk,
        EliminateForm,
        "eliminate_form",
        (Role.INSPECTOR,),
        lambda violation, data: services.violation_eliminate(
            user=request.user,
            violation=violation,
            eliminated_on=data["eliminated_on"],
            comment=data["comment"],
        ),
        _("The violation is eliminated."),
    )


@login_required
@require_POST
def violation_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _lifecycle_step(
        request,
        pk,
        ReopenForm,
        "reopen_form",
        (Role.INSPECTOR,),
        lambda violation, data: services.violation_reopen(
            user=request.user, violation=violation, comment=data["comment"]
        ),
        _("The violation is open again."),
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    violation = _violation(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and _attempt(
        form,
        lambda: services.evidence_photo_add(
            user=request.user, violation=violation, file=form.cleaned_data["photo"]
        ),
    ):
        messages.success(request, _("Photo added."))
        return redirect(violation)
    return _violation_page(
        request, violation, status=400, step_errors=form.non_field_errors(), evidence_form=form
    )


@login_required
def evidence_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Photos are served only here, after the scope check; never from a public URL."""
    photo: EvidencePhoto = get_object_or_404(evidence_photos_visible_to(request.user), pk=pk)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


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

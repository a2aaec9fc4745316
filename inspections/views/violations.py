"""Violation pages: adding, correcting and removing violations of a draft inspection, the
violation page with its timeline and field history, the remediation steps (report fixed,
eliminate, reopen) and evidence photos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspections.access import evidence_photos_visible_to
from inspections.forms.public_control import (
    EliminateForm,
    EvidenceForm,
    ReopenForm,
    ReportFixedForm,
    ViolationForm,
)
from inspections.history import readable
from inspections.models import EvidencePhoto, Violation, ViolationStatusChange
from inspections.services import public_control_photos as photos
from inspections.services import public_control_recording as recording
from inspections.services import public_control_rights as rights
from inspections.views.public_control_common import (
    REMEDIATION_STEPS,
    TEMPLATES,
    Step,
    draft_form_page,
    inspection_or_404,
    violation_or_404,
)
from kzsafety.accounts.models import Role
from kzsafety.formtools import answers_repeats, attempt

# --- Violations of a draft --------------------------------------------------------------------


@login_required
@answers_repeats
def violation_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request, pk)
    form = ViolationForm(request.POST or None, request.FILES or None)
    return draft_form_page(
        request,
        inspection,
        form,
        "violation_form.html",
        lambda data: recording.violation_add(
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
    violation = violation_or_404(request, pk)
    inspection = violation.inspection
    form = ViolationForm(request.POST or None, instance=violation)
    response = draft_form_page(
        request,
        inspection,
        form,
        "violation_form.html",
        lambda data: recording.violation_update(
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
    violation = violation_or_404(request, pk)
    try:
        recording.violation_remove(user=request.user, violation=violation)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The violation was removed."))
    return redirect(violation.inspection)


# --- A violation and its remediation ----------------------------------------------------------


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
                        "old": readable(field, change.old),
                        "new": readable(field, change.new),
                    }
                )
            if not changes:
                continue
        rows.append({"record": record, "created": previous is None, "changes": changes})
    return rows[::-1]


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
        "can_report_fixed": rights.may_report_fixed(user, violation),
        "can_confirm": rights.may_confirm(user, violation),
        "can_edit": rights.may_edit_inspection(user, violation.inspection),
        "report_form": forms.get("report_form") or ReportFixedForm(),
        "eliminate_form": forms.get("eliminate_form") or EliminateForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
    }
    return render(request, f"{TEMPLATES}/violation_detail.html", context, status=status)


@login_required
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _violation_page(request, violation_or_404(request, pk))


def _lifecycle_step(request, pk, form_class, form_name, roles, step: Step):
    """A remediation step: the wrong role answers 403; an illegal move for the violation's
    state is refused by the service and shown on the page."""
    violation = violation_or_404(request, pk)
    if request.user.role not in roles:
        raise PermissionDenied
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid() and attempt(
        form, lambda: step.run(request.user, violation, form.cleaned_data)
    ):
        messages.success(request, step.done)
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
        REMEDIATION_STEPS["report_fixed"],
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
        REMEDIATION_STEPS["eliminate"],
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
        REMEDIATION_STEPS["reopen"],
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    violation = violation_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and attempt(
        form,
        lambda: photos.evidence_photo_add(
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

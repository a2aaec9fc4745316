"""Inspection pages: starting and correcting a draft, its detail page, discarding it,
finalizing it and the printable notice to the employer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspections.forms.public_control import InspectionForm, LiftForm, ProposalStatusForm
from inspections.services import public_control_recording as recording
from inspections.services import public_control_rights as rights
from inspections.views.public_control_common import TEMPLATES, inspection_or_404
from kzsafety.access import enterprises_visible_to
from kzsafety.formtools import answers_repeats, attempt, create_once_from
from kzsafety.querystrings import id_from


@login_required
@answers_repeats
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not rights.may_record_inspections(request.user):
        raise PermissionDenied(_("Only technical inspectors record inspections."))
    try:
        rights.registry_record_of(request.user)
    except ValidationError as refusal:
        return render(
            request, f"{TEMPLATES}/no_registry_record.html", {"refusal": refusal}, status=403
        )
    enterprises = enterprises_visible_to(request.user).order_by("name")
    form = InspectionForm(
        request.POST or None,
        enterprises=enterprises,
        initial={"enterprise": id_from(request.GET.get("enterprise")) or enterprises.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        inspection = attempt(
            form,
            lambda: create_once_from(
                request,
                form,
                lambda: recording.inspection_start(
                    user=request.user,
                    enterprise=data["enterprise"],
                    date=data["date"],
                    kind=data["kind"],
                    state_inspector_name=data["state_inspector_name"],
                    notes=data["notes"],
                ),
            ),
        )
        if inspection:
            messages.success(request, _("Inspection started. Add the violations you found."))
            return redirect(inspection)
    return render(request, f"{TEMPLATES}/inspection_form.html", {"form": form})


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request, pk)
    if not rights.may_edit_inspection(request.user, inspection):
        raise PermissionDenied
    form = InspectionForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            form,
            lambda: recording.inspection_update(
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
    inspection = inspection_or_404(request, pk)
    # overdue by the model's rule in Python (Violation.is_overdue), not an annotation
    violations = (
        inspection.violations.select_related("category")
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
            # one inspection's in the model's order, without its join to order inspections
            "proposals": inspection.proposals.order_by("pk"),
            "stoppages": inspection.stoppages.all(),
            "can_edit": rights.may_edit_inspection(user, inspection),
            "can_stop_work": rights.may_record_stoppage(user, inspection),
            "can_follow_up": rights.may_manage_follow_up(user),
            "proposal_status_form": ProposalStatusForm(),
            "lift_form": LiftForm(),
        },
    )


@login_required
@require_POST
def inspection_discard(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request, pk)
    try:
        recording.inspection_discard(user=request.user, inspection=inspection)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(inspection)
    messages.success(request, _("The draft inspection was deleted."))
    return redirect("inspections:inspection_list")


@login_required
def inspection_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request, pk)
    if not rights.may_edit_inspection(request.user, inspection):
        if not inspection.is_draft and hasattr(inspection, "notice"):
            return redirect("inspections:notice", pk=inspection.pk)
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        try:
            notice = recording.inspection_finalize(user=request.user, inspection=inspection)
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
    inspection = inspection_or_404(request, pk)
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
            # An issued document does not change: a stoppage recorded after the notice has
            # its own order and is not added to the notice when it is printed again.
            "stoppages": inspection.stoppages.filter(created_at__lte=inspection.finalized_at),
        },
    )

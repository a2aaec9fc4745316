"""Follow-up of an inspection: proposals to improve working conditions and the employer's
answer to them, and work stoppages, their printable order and their lifting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspections.access import proposals_visible_to, stoppages_visible_to
from inspections.forms.public_control import (
    LiftForm,
    ProposalForm,
    ProposalStatusForm,
    StoppageForm,
)
from inspections.services import public_control_recording as recording
from inspections.services import public_control_rights as rights
from inspections.views.public_control_common import TEMPLATES, draft_form_page, inspection_or_404
from kzsafety.formtools import answers_repeats


@login_required
@answers_repeats
def proposal_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request, pk)
    form = ProposalForm(request.POST or None)
    return draft_form_page(
        request,
        inspection,
        form,
        "proposal_form.html",
        lambda data: recording.proposal_add(
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
        recording.proposal_set_status(
            user=request.user, proposal=proposal, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The employer's answer was recorded."))
    return redirect(proposal.inspection)


@login_required
@answers_repeats
def stoppage_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request, pk)
    form = StoppageForm(request.POST or None)
    return draft_form_page(
        request,
        inspection,
        form,
        "stoppage_form.html",
        lambda data: recording.work_stoppage_record(
            user=request.user,
            inspection=inspection,
            reason=data["reason"],
            works=data["works"],
            started_on=data["started_on"],
        ),
        lambda stoppage: _("Work stoppage recorded."),
        allowed=rights.may_record_stoppage,
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
            recording.work_stoppage_lift(
                user=request.user, stoppage=stoppage, lifted_on=form.cleaned_data["lifted_on"]
            )
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("The work stoppage was lifted."))
    else:
        messages.error(request, _("Enter the date work resumed."))
    return redirect(stoppage.inspection)


@login_required
def stoppage_order(request: HttpRequest, pk: int) -> HttpResponse:
    """The stoppage order, printable, in the reader's language (Kazakh or Russian): the
    grounds are the threat and the violations the inspection found."""
    stoppage = get_object_or_404(
        stoppages_visible_to(request.user).select_related(
            "inspection__enterprise__region", "inspection__inspector", "inspection__notice"
        ),
        pk=pk,
    )
    inspection = stoppage.inspection
    return render(
        request,
        f"{TEMPLATES}/stoppage_order.html",
        {
            "stoppage": stoppage,
            "inspection": inspection,
            "notice": getattr(inspection, "notice", None),
            "violations": inspection.violations.select_related("category").order_by("position"),
        },
    )

"""Pages of council meetings, their printable minutes and binding decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.access import decisions_visible_to, meetings_visible_to
from councils.forms.meetings import (
    DecisionFilterForm,
    DecisionForm,
    DecisionStatusForm,
    MeetingForm,
)
from councils.models import Decision, DecisionStatus, Meeting, Side
from councils.services import meetings as services
from councils.services.rights import may_work_in
from councils.views.common import (
    TEMPLATES,
    council_or_404,
    field_history,
    members_in_order,
    page_of,
)
from kzsafety.formtools import answers_repeats, attempt, create_once_from


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        meetings_visible_to(request.user).select_related(
            "council__enterprise__region", "council__sector"
        ),
        pk=pk,
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    return get_object_or_404(
        decisions_visible_to(request.user)
        .with_overdue()
        .select_related("meeting__council__enterprise"),
        pk=pk,
    )


def _require_worker(request: HttpRequest, council) -> None:
    if not may_work_in(request.user, council):
        raise PermissionDenied(
            _("Only the council's members and the enterprise's technical inspectors do this.")
        )


def _meeting_form_page(request, council, meeting):
    _require_worker(request, council)
    form = MeetingForm(request.POST or None, instance=meeting, council=council)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: create_once_from(
                request,
                form,
                lambda: services.meeting_save(
                    user=request.user,
                    meeting=form.instance,
                    attendees=form.cleaned_data["attendees"],
                    version=form.started_version,
                ),
            ),
        )
        if saved:
            messages.success(
                request,
                _("Meeting № %(number)s is recorded. Add its decisions below.")
                % {"number": saved.number},
            )
            return redirect(saved)
    return render(
        request,
        f"{TEMPLATES}/meeting_form.html",
        {"form": form, "council": council, "meeting": meeting},
    )


@login_required
@answers_repeats
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_or_404(request, pk)
    return _meeting_form_page(request, council, Meeting(council=council))


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _meeting_form_page(request, meeting.council, meeting)


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict:
    present = list(meeting.attendees.order_by("side", "full_name"))
    members = list(members_in_order(meeting.council))
    return {
        "meeting": meeting,
        "council": meeting.council,
        "decisions": meeting.decisions.with_overdue().order_by("position"),
        "present_employer": [m for m in present if m.side == Side.EMPLOYER],
        "present_workers": [m for m in present if m.side == Side.WORKERS],
        "absent": [m for m in members if m not in present],
        "chair": next((m for m in members if m.role == "chair"), None),
        "secretary": next((m for m in members if m.role == "secretary"), None),
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting)
    context["can_work"] = may_work_in(request.user, meeting.council)
    context["decision_form"] = DecisionForm(instance=Decision(meeting=meeting))
    return render(request, f"{TEMPLATES}/meeting_detail.html", context)


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as a printable page."""
    meeting = _meeting(request, pk)
    return render(request, f"{TEMPLATES}/meeting_minutes.html", _meeting_context(request, meeting))


@login_required
@answers_repeats
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _require_worker(request, meeting.council)
    form = DecisionForm(request.POST or None, instance=Decision(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: create_once_from(
                request,
                form,
                lambda: services.decision_save(user=request.user, decision=form.instance),
            ),
        )
        if saved:
            messages.success(
                request, _("Decision %(number)s is recorded.") % {"number": saved.position}
            )
            if "add_another" in request.POST:
                return redirect("councils:decision_add", pk=meeting.pk)
            return redirect(meeting)
    return render(
        request,
        f"{TEMPLATES}/decision_form.html",
        {"form": form, "meeting": meeting, "council": meeting.council},
    )


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    meeting = decision.meeting
    _require_worker(request, meeting.council)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.decision_save(
                user=request.user, decision=form.instance, version=form.started_version
            ),
        )
        if saved:
            messages.success(request, _("The decision was saved."))
            return redirect(saved)
    return render(
        request,
        f"{TEMPLATES}/decision_form.html",
        {"form": form, "meeting": meeting, "council": meeting.council, "decision": decision},
    )


def _decision_page(request, decision, status_form=None, status=200):
    return render(
        request,
        f"{TEMPLATES}/decision_detail.html",
        {
            "decision": decision,
            "meeting": decision.meeting,
            "council": decision.meeting.council,
            "can_work": may_work_in(request.user, decision.meeting.council),
            "status_form": status_form
            or DecisionStatusForm(initial={"status": decision.status, "note": decision.note}),
            "history": field_history(decision.history.all(), lambda record: _("Decision")),
        },
        status=status,
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, _decision(request, pk))


@login_required
@require_POST
def decision_status(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    _require_worker(request, decision.meeting.council)
    form = DecisionStatusForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.decision_set_status(
            user=request.user,
            decision=decision,
            status=form.cleaned_data["status"],
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("The decision's status was saved."))
        return redirect(decision)
    return _decision_page(request, decision, status_form=form, status=400)


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    """Decisions across the councils in scope; overdue ones first."""
    form = DecisionFilterForm(request.GET or None)
    today = timezone.localdate()
    decisions = (
        decisions_visible_to(request.user)
        .with_overdue(today)
        .select_related("meeting__council__enterprise")
    )
    state = form.cleaned_data["state"] if form.is_valid() else ""
    if state == "overdue":
        decisions = decisions.overdue(today)
    elif state == "done":
        decisions = decisions.filter(status=DecisionStatus.DONE)
    elif state != "all":
        decisions = decisions.not_done()
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"].strip()
        decisions = decisions.filter(
            Q(meeting__council__enterprise__name__icontains=q)
            | Q(meeting__council__enterprise__bin=q)
        )
    page, query = page_of(request, decisions.order_by("-overdue_flag", "deadline", "pk"))
    counts = decisions_visible_to(request.user).aggregate(
        overdue=Count("pk", filter=~Q(status=DecisionStatus.DONE) & Q(deadline__lt=today))
    )
    return render(
        request,
        f"{TEMPLATES}/decision_list.html",
        {"form": form, "page": page, "query": query, "overdue_total": counts["overdue"]},
    )

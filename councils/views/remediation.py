"""The remediation board of a council and the regional staff's list of long-overdue
violations. Violations move only through inspections.services.public_control_lifecycle
(report fixed, eliminate, reopen); the plan is the council's own record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.access import (
    LONG_OVERDUE_DAYS,
    councils_visible_to,
    long_overdue_violations_visible_to,
    remediation_violations_visible_to,
)
from councils.forms.remediation import ConfirmForm, PlanForm, ReopenForm, ReportFixedForm
from councils.models import Council, CouncilMember, MemberRole, RemediationPlan
from councils.services.remediation import remediation_plan_save
from councils.services.rights import is_council_worker, is_staff_reader
from councils.views.common import TEMPLATES, council_or_404, field_history, page_of
from inspections.access import violations_visible_to
from inspections.models import InspectionStatus, Violation, ViolationStatus, ViolationStatusChange
from inspections.services.public_control_rights import may_confirm, may_report_fixed
from inspections.views.public_control_common import REMEDIATION_STEPS
from kzsafety.formtools import attempt

SHOW = {"overdue", "awaiting", "open"}


def _board_violations(request: HttpRequest, council: Council):
    return (
        remediation_violations_visible_to(request.user)
        .filter(inspection__enterprise=council.enterprise_id)
        .with_overdue()
        .select_related("inspection__notice", "category", "remediation_plan")
    )


@login_required
def remediation_board(request: HttpRequest, pk: int) -> HttpResponse:
    """Every violation of the council's enterprise not yet eliminated, overdue first."""
    council = council_or_404(request, pk)
    today = timezone.localdate()
    violations = _board_violations(request, council)
    show = request.GET.get("show", "")
    shown = violations
    if show == "overdue":
        shown = violations.filter(deadline__lt=today)
    elif show == "awaiting":
        shown = violations.filter(status=ViolationStatus.REPORTED_FIXED)
    elif show == "open":
        shown = violations.filter(status=ViolationStatus.OPEN)
    page, query = page_of(request, shown.order_by("-overdue_flag", "deadline", "pk"))
    counts = {
        "all": violations.count(),
        "overdue": violations.filter(deadline__lt=today).count(),
        "awaiting": violations.filter(status=ViolationStatus.REPORTED_FIXED).count(),
        "unplanned": violations.filter(remediation_plan__isnull=True).count(),
    }
    return render(
        request,
        f"{TEMPLATES}/remediation_board.html",
        {
            "council": council,
            "page": page,
            "query": query,
            "show": show if show in SHOW else "",
            "counts": counts,
            "today": today,
        },
    )


def _violation(request: HttpRequest, pk: int) -> Violation:
    return get_object_or_404(
        violations_visible_to(request.user)
        .filter(inspection__status=InspectionStatus.FINALIZED)
        .with_overdue()
        .select_related("inspection__enterprise", "inspection__notice", "category"),
        pk=pk,
    )


def _item_page(request, violation, status=200, **forms):
    user = request.user
    plan = RemediationPlan.objects.filter(violation=violation).first()
    council = (
        councils_visible_to(user)
        .filter(enterprise=violation.inspection.enterprise_id)
        .active_on(timezone.localdate())
        .order_by("-established_on")
        .first()
    )
    plan_initial = (
        {"responsible": plan.responsible, "planned_on": plan.planned_on, "note": plan.note}
        if plan
        else {}
    )
    return render(
        request,
        f"{TEMPLATES}/remediation_item.html",
        {
            "violation": violation,
            "inspection": violation.inspection,
            "council": council,
            "plan": plan,
            "plan_history": field_history(
                RemediationPlan.history.filter(violation_id=violation.pk), lambda r: _("Plan")
            ),
            "photos": violation.photos.all(),
            "timeline": ViolationStatusChange.objects.filter(violation=violation).select_related(
                "by"
            ),
            "can_plan": is_council_worker(user) and violation.status != ViolationStatus.ELIMINATED,
            "can_report_fixed": may_report_fixed(user, violation),
            "can_confirm": may_confirm(user, violation),
            "plan_form": forms.get("plan_form") or PlanForm(initial=plan_initial),
            "report_form": forms.get("report_form") or ReportFixedForm(),
            "confirm_form": forms.get("confirm_form") or ConfirmForm(),
            "reopen_form": forms.get("reopen_form") or ReopenForm(),
        },
        status=status,
    )


@login_required
def remediation_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, _violation(request, pk))


def _step(request, pk, form_class, form_name, action, success):
    """One remediation step. A role that may not act answers 403 (from the write
    function); a refusal for the violation's state is shown on the page."""
    violation = _violation(request, pk)
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid() and attempt(form, lambda: action(violation, form.cleaned_data)):
        messages.success(request, success)
        return redirect("councils:remediation_item", pk=violation.pk)
    return _item_page(request, violation, status=400, **{form_name: form})


@login_required
@require_POST
def plan_save(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        PlanForm,
        "plan_form",
        lambda violation, data: remediation_plan_save(
            user=request.user,
            violation=violation,
            responsible=data["responsible"],
            planned_on=data["planned_on"],
            note=data["note"],
        ),
        _("The plan is saved."),
    )


def _shared(name: str, request: HttpRequest) -> tuple:
    """A lifecycle step exactly as the violation page runs it: (action, message)."""
    step = REMEDIATION_STEPS[name]
    return (lambda violation, data: step.run(request.user, violation, data)), step.done


@login_required
@require_POST
def report_fixed(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ReportFixedForm,
        "report_form",
        *_shared("report_fixed", request),
    )


@login_required
@require_POST
def confirm_fixed(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ConfirmForm,
        "confirm_form",
        *_shared("eliminate", request),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ReopenForm,
        "reopen_form",
        *_shared("reopen", request),
    )


def _with_council_to_call(violations, today):
    """The enterprise's council active today and its chair and co-chair, as subqueries."""
    council = (
        Council.objects.filter(enterprise=OuterRef("inspection__enterprise"))
        .active_on(today)
        .order_by("-established_on")
    )
    annotated = violations.annotate(council_pk=Subquery(council.values("pk")[:1]))
    for role in (MemberRole.CHAIR, MemberRole.CO_CHAIR):
        member = CouncilMember.objects.filter(council=OuterRef("council_pk"), role=role)
        annotated = annotated.annotate(
            **{
                f"{role.value}_name": Subquery(member.values("full_name")[:1]),
                f"{role.value}_phone": Subquery(member.values("phone")[:1]),
            }
        )
    return annotated


@login_required
def long_overdue(request: HttpRequest) -> HttpResponse:
    """Violations overdue by more than 30 days in the staff member's scope, with the
    enterprise and the council to call."""
    if not is_staff_reader(request.user):
        raise PermissionDenied(_("This list is for regional, sector and federation staff."))
    today = timezone.localdate()
    violations = long_overdue_violations_visible_to(request.user, today).select_related(
        "inspection__enterprise__region", "inspection__notice"
    )
    q = request.GET.get("q", "").strip()
    if q:
        violations = violations.filter(
            Q(inspection__enterprise__name__icontains=q) | Q(inspection__enterprise__bin=q)
        )
    page, query = page_of(
        request, _with_council_to_call(violations, today).order_by("deadline", "pk")
    )
    for violation in page.object_list:
        violation.days_overdue = (today - violation.deadline).days
    return render(
        request,
        f"{TEMPLATES}/long_overdue.html",
        {"page": page, "query": query, "q": q, "days": LONG_OVERDUE_DAYS},
    )

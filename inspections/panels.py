"""Panels this app adds to the home page and the enterprise page (kzsafety/panels.py)."""

from django.db.models import Count, Q

from inspections.access import accidents_visible_to
from inspections.models import AccidentStatus
from inspections.services.accidents import can_file
from kzsafety import scope_cache
from kzsafety.accounts.models import Role
from kzsafety.panels import Panel


def accident_counts(user) -> dict[str, int]:
    """Drafts, returned reports and reports awaiting verification in the user's scope, in
    one query: the home panel and the weekly digest (inspections/digest.py) both read it."""
    return accidents_visible_to(user).aggregate(
        drafts=Count("pk", filter=Q(status=AccidentStatus.DRAFT)),
        returned=Count("pk", filter=Q(status=AccidentStatus.RETURNED)),
        awaiting=Count("pk", filter=Q(status=AccidentStatus.SUBMITTED)),
    )


def is_reviewer(user) -> bool:
    return user.role in (Role.REGIONAL_STAFF, Role.FEDERATION_STAFF) or user.is_superuser


def home_accidents(request):
    user = request.user
    if not user.role and not user.is_superuser:
        return None
    counts = scope_cache.cached(user, "home-accidents", lambda: accident_counts(user))
    reviewer = is_reviewer(user)
    return Panel(
        "inspections/accidents/home_panel.html",
        {"counts": counts, "can_file": can_file(user), "reviewer": reviewer},
    )


def enterprise_accidents(request, enterprise):
    accidents = accidents_visible_to(request.user).filter(enterprise=enterprise).with_counts()[:10]
    return Panel(
        "inspections/accidents/enterprise_panel.html",
        {
            "accidents": accidents,
            "enterprise": enterprise,
            "can_file": can_file(request.user, enterprise),
        },
    )


# --- Public control -----------------------------------------------------------------------

URGENT_SHOWN = 10


def home_violations(request):
    """Open, reported-fixed, overdue and due-within-7-days violations in the user's scope
    (one query); inspectors and council members also get the most urgent ones listed."""
    # Imported here so this section does not depend on the imports of the one above.

    from django.utils import timezone

    from inspections.access import violations_visible_to
    from inspections.models.violations import DUE_SOON_DAYS, ViolationStatus
    from kzsafety.accounts.models import Role
    from kzsafety.panels import Panel

    user = request.user
    if not user.is_superuser and not user.role:
        return None
    today = timezone.localdate()
    visible = violations_visible_to(user)
    counts = scope_cache.cached(user, "home-violations", lambda: violation_counts(user, today))
    context = {
        "counts": counts,
        "due_soon_days": DUE_SOON_DAYS,
        "can_start": user.role == Role.INSPECTOR,
    }
    if user.role in (Role.INSPECTOR, Role.COUNCIL_MEMBER):
        listed = visible.select_related("inspection__enterprise", "inspection__notice")
        context["overdue"] = listed.overdue(today).order_by("deadline", "pk")[:URGENT_SHOWN]
        context["due_soon"] = listed.due_within(DUE_SOON_DAYS, today).order_by("deadline", "pk")[
            :URGENT_SHOWN
        ]
        context["awaiting"] = (
            listed.filter(status=ViolationStatus.REPORTED_FIXED).order_by("deadline", "pk")[
                :URGENT_SHOWN
            ]
            if user.role == Role.INSPECTOR
            else []
        )
    return Panel("inspections/public_control/panel_home.html", context)


def violation_counts(user, today) -> dict[str, int]:
    """Open, reported-fixed, overdue and due-within-7-days violations in the user's scope,
    in one query: the home panel and the weekly digest (inspections/digest.py) read it."""
    import datetime

    from django.db.models import Count, Q

    from inspections.access import violations_visible_to
    from inspections.models.violations import DUE_SOON_DAYS, ViolationStatus

    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    # Every count is of violations not eliminated: filtering on that first lets the
    # database read the partial index of those (most violations are eliminated) instead
    # of the whole table.
    return (
        violations_visible_to(user)
        .not_eliminated()
        .aggregate(
            open=Count("pk", filter=Q(status=ViolationStatus.OPEN)),
            reported_fixed=Count("pk", filter=Q(status=ViolationStatus.REPORTED_FIXED)),
            overdue=Count("pk", filter=Q(deadline__lt=today)),
            due_soon=Count("pk", filter=Q(deadline__gte=today, deadline__lte=soon)),
        )
    )


def enterprise_public_control(request, enterprise):
    """The enterprise's latest inspections, its violations not yet eliminated and its work
    stoppages."""
    from inspections.access import (
        inspections_visible_to,
        stoppages_visible_to,
        violations_visible_to,
    )
    from kzsafety.accounts.models import Role
    from kzsafety.panels import Panel

    user = request.user
    inspections = (
        inspections_visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("inspector", "notice")
        .with_counts()
        .order_by("-date", "-pk")
    )
    violations = (
        violations_visible_to(user)
        .filter(inspection__enterprise=enterprise)
        .not_eliminated()
        .with_overdue()
        .select_related("inspection__notice", "category")
        .order_by("deadline", "pk")
    )
    stoppages = (
        stoppages_visible_to(user)
        .filter(inspection__enterprise=enterprise)
        .select_related("inspection")
        .order_by("-started_on", "-pk")
    )
    return Panel(
        "inspections/public_control/panel_enterprise.html",
        {
            "enterprise": enterprise,
            "inspections": inspections[:URGENT_SHOWN],
            "violations": violations[: URGENT_SHOWN * 2],
            "stoppages": stoppages[:URGENT_SHOWN],
            "can_start": user.role == Role.INSPECTOR,
        },
    )

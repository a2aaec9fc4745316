"""Panels this app adds to the home page and the enterprise page (kzsafety/panels.py)."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from councils.access import (
    councils_visible_to,
    decisions_visible_to,
    long_overdue_violations_visible_to,
    remediation_violations_visible_to,
)
from councils.models import DecisionStatus
from councils.services.rights import is_council_worker, is_staff_reader, may_manage_registry
from kzsafety import scope_cache
from kzsafety.directories.models import Enterprise
from kzsafety.panels import Panel


def home_council_work(request: HttpRequest) -> Panel | None:
    """For council members and inspectors: their council, the violations still to fix at
    their enterprise and the decisions past their deadline."""
    user = request.user
    if not is_council_worker(user):
        return None
    today = timezone.localdate()
    councils = list(
        councils_visible_to(user)
        .active_on(today)
        .select_related("enterprise")
        .with_parity()
        .order_by("enterprise__name")[:5]
    )
    if not councils:
        return None
    violations = remediation_violations_visible_to(user).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    decisions = decisions_visible_to(user).aggregate(
        overdue=Count("pk", filter=~Q(status=DecisionStatus.DONE) & Q(deadline__lt=today))
    )
    return Panel(
        "councils/panel_home_work.html",
        {"councils": councils, "violations": violations, "decisions": decisions},
    )


def overdue_decisions(user, today):
    """Council decisions past their deadline and not done, in the user's scope: the home
    panel and the weekly digest (councils/digest.py) read it."""
    return decisions_visible_to(user).overdue(today)


def home_long_overdue(request: HttpRequest) -> Panel | None:
    """For regional, sector and federation staff: violations overdue by more than 30 days
    and overdue council decisions in their scope."""
    user = request.user
    if not is_staff_reader(user):
        return None
    today = timezone.localdate()

    def counts() -> dict[str, int]:
        return {
            "long_overdue": long_overdue_violations_visible_to(user, today).count(),
            "overdue_decisions": overdue_decisions(user, today).count(),
            "without_parity": councils_visible_to(user).active_on(today).without_parity().count(),
        }

    return Panel(
        "councils/panel_home_overdue.html", scope_cache.cached(user, "home-overdue", counts)
    )


def enterprise_council(request: HttpRequest, enterprise: Enterprise) -> Panel:
    """The enterprise's councils (the active one first) with their parity."""
    user = request.user
    councils = list(
        councils_visible_to(user)
        .filter(enterprise=enterprise)
        .with_parity()
        .order_by("dissolved_on", "-established_on")[:5]
    )
    return Panel(
        "councils/panel_enterprise.html",
        {
            "enterprise": enterprise,
            "councils": councils,
            "can_register": may_manage_registry(user, enterprise),
        },
    )

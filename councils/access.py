"""Who may see which councils, meetings, decisions, remediation plans and risk
assessments; built on the project's scoping rule in kzsafety.access. A council member sees
the enterprise of their council only; inspectors their enterprises; regional staff their
region; sector staff their sector; federation staff everything.

The violations on the remediation board and the overdue list come from
inspections.access.violations_visible_to, narrowed here, never widened."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from councils.models import (
    Council,
    CouncilMember,
    Decision,
    Meeting,
    RemediationPlan,
    RiskAssessment,
    RiskEntry,
)
from inspections.access import violations_visible_to
from inspections.models import InspectionStatus, Violation
from kzsafety.access import scoped
from kzsafety.accounts.models import User

# Violations overdue by more than this many days go on the regional staff's call list.
LONG_OVERDUE_DAYS = 30


def councils_visible_to(user: User) -> QuerySet[Council]:
    return scoped(Council.objects.all(), user, "enterprise")


def council_members_visible_to(user: User) -> QuerySet[CouncilMember]:
    return scoped(CouncilMember.objects.all(), user, "council__enterprise")


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    return scoped(Meeting.objects.all(), user, "council__enterprise")


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    return scoped(Decision.objects.all(), user, "meeting__council__enterprise")


def remediation_plans_visible_to(user: User) -> QuerySet[RemediationPlan]:
    return scoped(RemediationPlan.objects.all(), user, "violation__inspection__enterprise")


def assessments_visible_to(user: User) -> QuerySet[RiskAssessment]:
    return scoped(RiskAssessment.objects.all(), user, "council__enterprise")


def risk_entries_visible_to(user: User) -> QuerySet[RiskEntry]:
    return scoped(RiskEntry.objects.all(), user, "assessment__council__enterprise")


def remediation_violations(queryset: QuerySet[Violation] | None = None) -> QuerySet[Violation]:
    """Violations still to be eliminated, once their notice is issued (a draft inspection's
    findings are the inspector's work in progress, not yet the employer's to fix). Without a
    queryset: the whole country, for readers that are not a user (the reminders)."""
    queryset = Violation.objects.all() if queryset is None else queryset
    return queryset.filter(inspection__status=InspectionStatus.FINALIZED).not_eliminated()


def remediation_violations_visible_to(user: User) -> QuerySet[Violation]:
    return remediation_violations(violations_visible_to(user))


def long_overdue_violations(
    queryset: QuerySet[Violation] | None = None, today: datetime.date | None = None
) -> QuerySet[Violation]:
    """Not eliminated and more than LONG_OVERDUE_DAYS past the deadline."""
    today = today or timezone.localdate()
    return remediation_violations(queryset).filter(
        deadline__lt=today - datetime.timedelta(days=LONG_OVERDUE_DAYS)
    )


def long_overdue_violations_visible_to(
    user: User, today: datetime.date | None = None
) -> QuerySet[Violation]:
    return long_overdue_violations(violations_visible_to(user), today)

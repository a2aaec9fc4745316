"""Who may see which accident reports, inspections and violations; built on the project's
scoping rule in kzsafety.access."""

from django.db.models import Q, QuerySet

from inspections.models import Accident, AccidentStatus
from kzsafety.access import scoped
from kzsafety.accounts.models import Role, User


def accidents_visible_to(user: User) -> QuerySet[Accident]:
    """Accident reports in the user's scope. A draft is the inspectors' own work in
    progress: only the inspectors of its enterprise (and whoever filed it) see it."""
    queryset = scoped(Accident.objects.all(), user, "enterprise")
    if user.is_authenticated and user.role != Role.INSPECTOR:
        queryset = queryset.filter(~Q(status=AccidentStatus.DRAFT) | Q(created_by=user))
    return queryset


# --- Public control: inspections, violations, their photos, stoppages and proposals -----
# Drafts are visible to everyone in scope (marked as drafts): the annual figures count
# inspections by date whatever their paperwork state, so lists must show what is counted.

from inspections.models import (  # noqa: E402
    EvidencePhoto,
    Inspection,
    Proposal,
    Violation,
    WorkStoppage,
)


def inspections_visible_to(user: User) -> QuerySet[Inspection]:
    return scoped(Inspection.objects.all(), user, "enterprise")


def violations_visible_to(user: User) -> QuerySet[Violation]:
    return scoped(Violation.objects.all(), user, "inspection__enterprise")


def evidence_photos_visible_to(user: User) -> QuerySet[EvidencePhoto]:
    return scoped(EvidencePhoto.objects.all(), user, "violation__inspection__enterprise")


def stoppages_visible_to(user: User) -> QuerySet[WorkStoppage]:
    return scoped(WorkStoppage.objects.all(), user, "inspection__enterprise")


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    return scoped(Proposal.objects.all(), user, "inspection__enterprise")


from inspections.models import Notice  # noqa: E402


def notices_visible_to(user: User) -> QuerySet[Notice]:
    return scoped(Notice.objects.all(), user, "inspection__enterprise")

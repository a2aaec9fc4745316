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

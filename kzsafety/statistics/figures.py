"""Entering figures by hand: one write function for the page, the admin and imports."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kzsafety.accounts.models import Role, User
from kzsafety.statistics.models import Figure, Indicator, Scope, Source

# Which (source, indicator, scope) cells exist: accident indicators for every source and
# both scopes; councils and inspectors are the federation's own numbers.
ACCIDENT_INDICATORS = [
    Indicator.ACCIDENTS,
    Indicator.VICTIMS,
    Indicator.FATALITIES,
    Indicator.EMPLOYER_FAULT_OVER_50,
]
OWN_INDICATORS = [
    Indicator.COUNCILS_TOTAL,
    Indicator.COUNCILS_UNION_INITIATIVE,
    Indicator.COUNCILS_NEW,
    Indicator.INSPECTORS_TOTAL,
    Indicator.INSPECTORS_TRAINED,
]
CELLS = [
    (source, indicator, scope)
    for indicator in ACCIDENT_INDICATORS
    for scope in (Scope.ALL, Scope.UNION)
    for source in (Source.MONITORING, Source.MINISTRY, Source.STATISTICS_BUREAU)
] + [(Source.MONITORING, indicator, Scope.ALL) for indicator in OWN_INDICATORS]


def can_enter_figures(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role == Role.FEDERATION_STAFF)


@transaction.atomic
def figures_save(*, user: User, year: int, values: dict[tuple[str, str, str], int | None]) -> int:
    """Set the figures of one year: a number creates or updates, None removes. Returns how
    many figures changed."""
    if not can_enter_figures(user):
        raise PermissionDenied
    existing = {
        (f.source, f.indicator, f.scope): f
        for f in Figure.objects.select_for_update().filter(year=year)
    }
    changed = 0
    for key, value in values.items():
        figure = existing.get(key)
        if value is None:
            if figure is not None:
                figure.delete()
                changed += 1
            continue
        if figure is None:
            source, indicator, scope = key
            figure = Figure(year=year, source=source, indicator=indicator, scope=scope)
        elif figure.value == value:
            continue
        figure.value = value
        figure.entered_by = user
        figure.full_clean()
        figure.save()
        changed += 1
    return changed

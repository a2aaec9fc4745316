"""Technical inspectors and production councils of the annual report."""

import datetime

from django.db.models import Count, Q

from kzsafety.directories.models import Sector, TrainingRecord
from kzsafety.numbers import percent
from kzsafety.statistics.basis import Basis
from kzsafety.statistics.models import Indicator, Scope, Source


def inspectors(basis: Basis, year: int, figures: dict) -> dict:
    end = datetime.date(year, 12, 31)
    active = basis.inspectors.filter(appointed_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=end)
    )
    total = active.count()
    trained = (
        TrainingRecord.objects.filter(inspector__in=active.values("pk"), completed_on__year=year)
        .values("inspector")
        .distinct()
        .count()
    )
    if basis.national:
        entered = {
            indicator: figures.get((Source.MONITORING, indicator, Scope.ALL), {}).get(year)
            for indicator in (Indicator.INSPECTORS_TOTAL, Indicator.INSPECTORS_TRAINED)
        }
        total = (
            entered[Indicator.INSPECTORS_TOTAL]
            if entered[Indicator.INSPECTORS_TOTAL] is not None
            else total
        )
        trained = (
            entered[Indicator.INSPECTORS_TRAINED]
            if entered[Indicator.INSPECTORS_TRAINED] is not None
            else trained
        )
    return {"total": total, "trained": trained, "trained_pct": percent(trained, total)}


def councils(basis: Basis, year: int, years: list[int], figures: dict) -> dict:
    """Active councils on 31 December, of them at union initiative, and new ones, for each
    year (one query); new councils of the report year by sector (one query)."""
    counts = {}
    for y in years:
        end = datetime.date(y, 12, 31)
        active = Q(established_on__lte=end) & (
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end)
        )
        counts[f"total_{y}"] = Count("pk", filter=active)
        counts[f"union_{y}"] = Count("pk", filter=active & Q(union_initiative=True))
        counts[f"new_{y}"] = Count("pk", filter=Q(established_on__year=y))
    computed = basis.councils.aggregate(**counts)
    by_year = []
    for y in years:
        row = {
            "year": y,
            "total": computed[f"total_{y}"],
            "union_initiative": computed[f"union_{y}"],
            "new": computed[f"new_{y}"],
        }
        if basis.national:
            for key, indicator in COUNCIL_FIGURES.items():
                entered = figures.get((Source.MONITORING, indicator, Scope.ALL), {}).get(y)
                if entered is not None:
                    row[key] = entered
        by_year.append(row)
    new_in_year = dict(
        basis.councils.filter(established_on__year=year)
        .values("sector__key")
        .order_by("sector__key")
        .annotate(n=Count("pk"))
        .values_list("sector__key", "n")
    )
    sectors = list(Sector.objects.order_by("position", "key").values_list("key", "budget"))
    new_total = sum(new_in_year.values())
    budget = sum(new_in_year.get(key, 0) for key, is_budget in sectors if is_budget)
    return {
        "by_year": by_year,
        "new_by_sector": {key: new_in_year.get(key, 0) for key, _budget in sectors},
        "budget_share_pct": percent(budget, new_total),
        "real_share_pct": percent(new_total - budget, new_total),
    }


COUNCIL_FIGURES = {
    "total": Indicator.COUNCILS_TOTAL,
    "union_initiative": Indicator.COUNCILS_UNION_INITIATIVE,
    "new": Indicator.COUNCILS_NEW,
}

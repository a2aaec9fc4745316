"""Accident tables of the annual report: five-year rows per source and scope, and the
report year by region, by sector and by cause. Each is a fixed number of queries."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from inspections.models import Outcome, Victim
from kzsafety.directories.models import Cause, Region, Sector
from kzsafety.numbers import percent
from kzsafety.statistics.basis import Basis
from kzsafety.statistics.models import Indicator, Scope, Source

ACCIDENT_INDICATORS = [
    Indicator.ACCIDENTS,
    Indicator.VICTIMS,
    Indicator.FATALITIES,
    Indicator.EMPLOYER_FAULT_OVER_50,
]
SCOPES = [Scope.ALL, Scope.UNION]
SOURCES = [Source.MONITORING, Source.MINISTRY, Source.STATISTICS_BUREAU]


def _counted(accidents: QuerySet) -> QuerySet:
    return accidents.counted()


def _victim_count(outcome: str | None = None):
    victims = Victim.objects.filter(accident=OuterRef("pk"))
    if outcome:
        victims = victims.filter(outcome=outcome)
    return Coalesce(
        Subquery(
            victims.order_by().values("accident").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def computed_accident_values(basis: Basis, years: list[int]) -> dict:
    """{(indicator, scope): {year: value}} from the records: two queries."""
    accidents = _counted(basis.accidents).filter(date__year__in=years)
    per_year = (
        accidents.annotate(year=ExtractYear("date"))
        .values("year")
        .order_by("year")
        .annotate(
            accidents_all=Count("pk"),
            accidents_union=Count("pk", filter=Q(union_present=True)),
            fault_all=Count("pk", filter=Q(employer_fault_pct__gt=50)),
            fault_union=Count("pk", filter=Q(employer_fault_pct__gt=50, union_present=True)),
        )
    )
    victims = (
        Victim.objects.filter(accident__in=accidents.values("pk"))
        .annotate(year=ExtractYear("accident__date"))
        .values("year")
        .order_by("year")
        .annotate(
            victims_all=Count("pk"),
            victims_union=Count("pk", filter=Q(accident__union_present=True)),
            fatal_all=Count("pk", filter=Q(outcome=Outcome.FATAL)),
            fatal_union=Count("pk", filter=Q(outcome=Outcome.FATAL, accident__union_present=True)),
        )
    )
    values = {
        (indicator, scope): dict.fromkeys(years, 0)
        for indicator in ACCIDENT_INDICATORS
        for scope in SCOPES
    }
    names = {
        "accidents_all": (Indicator.ACCIDENTS, Scope.ALL),
        "accidents_union": (Indicator.ACCIDENTS, Scope.UNION),
        "fault_all": (Indicator.EMPLOYER_FAULT_OVER_50, Scope.ALL),
        "fault_union": (Indicator.EMPLOYER_FAULT_OVER_50, Scope.UNION),
        "victims_all": (Indicator.VICTIMS, Scope.ALL),
        "victims_union": (Indicator.VICTIMS, Scope.UNION),
        "fatal_all": (Indicator.FATALITIES, Scope.ALL),
        "fatal_union": (Indicator.FATALITIES, Scope.UNION),
    }
    for row in [*per_year, *victims]:
        for name, key in names.items():
            if name in row:
                values[key][row["year"]] = row[name]
    return values


def _change(values: dict, year: int) -> tuple[int | None, float | None]:
    """value(Y) − value(Y−1) whenever both exist (0 → 4 is +4), and that change in percent
    of value(Y−1), which does not exist when value(Y−1) is 0 (CONTRACTS.md §4)."""
    current, previous = values.get(year), values.get(year - 1)
    if current is None or previous is None:
        return None, None
    change = current - previous
    return change, percent(change, previous)


def accident_rows(basis: Basis, year: int, years: list[int], figures: dict) -> list[dict]:
    span = sorted({*years, year - 1})
    computed = computed_accident_values(basis, span)
    rows = []
    for indicator in ACCIDENT_INDICATORS:
        for scope in SCOPES:
            for source in SOURCES:
                entered = figures.get((source, indicator, scope), {}) if basis.national else {}
                if source == Source.MONITORING:
                    values = {**computed[(indicator, scope)], **entered}
                else:
                    values = dict(entered)
                if source != Source.MONITORING and not any(y in values for y in years):
                    continue
                change, change_pct = _change(values, year)
                rows.append(
                    {
                        "indicator": str(indicator),
                        "scope": str(scope),
                        "source": str(source),
                        "values": {str(y): values.get(y) for y in years},
                        "entered": [str(y) for y in years if y in entered],
                        "change": change,
                        "change_pct": change_pct,
                    }
                )
    return rows


def _year_accidents(basis: Basis, year: int) -> QuerySet:
    return (
        _counted(basis.accidents)
        .filter(date__year=year)
        .annotate(n_victims=_victim_count(), n_fatal=_victim_count(Outcome.FATAL))
    )


def _breakdown(accidents: QuerySet, field: str) -> dict:
    rows = (
        accidents.values(field)
        .order_by(field)
        .annotate(
            accidents=Count("pk"),
            victims=Coalesce(Sum("n_victims"), 0),
            fatalities=Coalesce(Sum("n_fatal"), 0),
            group_accidents=Count("pk", filter=Q(n_victims__gte=2)),
            group_victims=Coalesce(Sum("n_victims", filter=Q(n_victims__gte=2)), 0),
        )
    )
    return {row[field]: row for row in rows}


EMPTY = {"accidents": 0, "victims": 0, "fatalities": 0, "group_accidents": 0, "group_victims": 0}


def by_region(basis: Basis, year: int) -> list[dict]:
    found = _breakdown(_year_accidents(basis, year), "enterprise__region__code")
    return [
        {"region": code, **{k: found.get(code, EMPTY)[k] for k in EMPTY}}
        for code in Region.objects.order_by("code").values_list("code", flat=True)
    ]


def by_sector(basis: Basis, year: int) -> list[dict]:
    found = _breakdown(_year_accidents(basis, year), "enterprise__sector__key")
    total_victims = sum(row["victims"] for row in found.values())
    result = []
    for key in Sector.objects.order_by("position", "key").values_list("key", flat=True):
        row = found.get(key, EMPTY)
        result.append(
            {
                "sector": key,
                "accidents": row["accidents"],
                "victims": row["victims"],
                "fatalities": row["fatalities"],
                "victims_share_pct": percent(row["victims"], total_victims),
            }
        )
    return result


def by_cause(basis: Basis, year: int) -> list[dict]:
    counts = dict(
        _counted(basis.accidents)
        .filter(date__year=year, cause__isnull=False)
        .values("cause__key")
        .order_by("cause__key")
        .annotate(n=Count("pk"))
        .values_list("cause__key", "n")
    )
    with_cause = sum(counts.values())
    return [
        {
            "cause": key,
            "accidents": counts.get(key, 0),
            "share_pct": percent(counts.get(key, 0), with_cause),
        }
        for key in Cause.objects.order_by("position", "key").values_list("key", flat=True)
    ]

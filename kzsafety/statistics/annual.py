"""The federation's annual tables (CONTRACTS.md §4), computed in the database.

Every table is a fixed number of aggregate queries, whatever the size of the data. The
report for the whole country merges entered figures (ministry, bureau, legacy years); a
report limited to a region or a sector shows only what the records say."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from inspections.models import Accident, Outcome, Victim
from kzsafety.directories.models import Cause, Region, Sector, TrainingRecord
from kzsafety.statistics.models import Figure, Indicator, Scope, Source
from kzsafety.statistics.rounding import percent

ACCIDENT_INDICATORS = [
    Indicator.ACCIDENTS,
    Indicator.VICTIMS,
    Indicator.FATALITIES,
    Indicator.EMPLOYER_FAULT_OVER_50,
]
SCOPES = [Scope.ALL, Scope.UNION]
SOURCES = [Source.MONITORING, Source.MINISTRY, Source.STATISTICS_BUREAU]


@dataclass
class Basis:
    """What the report is built from: the records in scope, and whether entered national
    figures apply (only for the whole country)."""

    accidents: QuerySet
    enterprises: QuerySet
    inspectors: QuerySet
    national: bool


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


def entered_figures(years: list[int]) -> dict:
    """{(source, indicator, scope): {year: value}}: one query."""
    figures: dict = {}
    for figure in Figure.objects.filter(year__in=years).only(
        "year", "source", "indicator", "scope", "value"
    ):
        figures.setdefault((figure.source, figure.indicator, figure.scope), {})[figure.year] = (
            figure.value
        )
    return figures


def _change(values: dict, year: int) -> tuple[int | None, float | None]:
    current, previous = values.get(year), values.get(year - 1)
    if current is None or previous is None or previous == 0:
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


def _table_warnings(report: dict) -> list[dict]:
    """Rules on the other tables: shares and parts that exceed their whole."""
    found = []
    year = report["year"]
    control = report.get("public_control")
    if control and control["violations_eliminated"] > control["violations_found"]:
        found.append(
            {
                "year": year,
                "rule": "eliminated_exceeds_found",
                "message": _(
                    "Violations eliminated (%(eliminated)s) exceed violations found (%(found)s)."
                )
                % {
                    "eliminated": control["violations_eliminated"],
                    "found": control["violations_found"],
                },
            }
        )
    people = report.get("inspectors")
    if people and people["trained"] > people["total"]:
        found.append(
            {
                "year": year,
                "rule": "trained_exceeds_total",
                "message": _(
                    "Inspectors trained (%(trained)s) exceed inspectors active (%(total)s)."
                )
                % {"trained": people["trained"], "total": people["total"]},
            }
        )
    for row in (report.get("councils") or {}).get("by_year", []):
        if row["union_initiative"] > row["total"]:
            found.append(
                {
                    "year": row["year"],
                    "rule": "union_initiative_exceeds_total",
                    "message": _(
                        "Councils created at union initiative (%(part)s) exceed "
                        "active councils (%(total)s)."
                    )
                    % {"part": row["union_initiative"], "total": row["total"]},
                }
            )
    return found


def warnings(report: dict) -> list[dict]:
    """Every consistency rule a value of the report breaks."""
    found = []

    def add(year, rule, message):
        found.append({"year": int(year), "rule": rule, "message": str(message)})

    rows = {(r["indicator"], r["scope"], r["source"]): r["values"] for r in report["accidents"]}
    for (indicator, scope, source), values in rows.items():
        for year, value in values.items():
            if value is None:
                continue
            label = {"source": _(Source(source).label), "scope": _(Scope(scope).label)}
            if scope == Scope.UNION:
                whole = rows.get((indicator, Scope.ALL, source), {}).get(year)
                if whole is not None and value > whole:
                    add(
                        year,
                        "union_exceeds_all",
                        _(
                            "%(indicator)s at union enterprises (%(value)s) exceed all enterprises "
                            "(%(whole)s), %(source)s."
                        )
                        % {
                            "indicator": Indicator(indicator).label,
                            "value": value,
                            "whole": whole,
                            **label,
                        },
                    )
            pairs = {
                Indicator.FATALITIES: (Indicator.VICTIMS, "fatalities_exceed_victims", ">"),
                Indicator.VICTIMS: (Indicator.ACCIDENTS, "victims_below_accidents", "<"),
                Indicator.EMPLOYER_FAULT_OVER_50: (
                    Indicator.ACCIDENTS,
                    "fault_exceeds_accidents",
                    ">",
                ),
            }
            if indicator in pairs:
                other_indicator, rule, relation = pairs[indicator]
                other = rows.get((other_indicator, scope, source), {}).get(year)
                broken = other is not None and (value > other if relation == ">" else value < other)
                if broken:
                    add(
                        year,
                        rule,
                        _(
                            "%(indicator)s (%(value)s) against %(other_indicator)s (%(other)s): "
                            "%(source)s, %(scope)s."
                        )
                        % {
                            "indicator": Indicator(indicator).label,
                            "value": value,
                            "other_indicator": Indicator(other_indicator).label,
                            "other": other,
                            **label,
                        },
                    )
    found.extend(_table_warnings(report))
    return sorted(found, key=lambda w: (w["year"], w["rule"], w["message"]))


def national_basis() -> Basis:
    from kzsafety.directories.models import Enterprise, TechnicalInspector

    return Basis(
        accidents=Accident.objects.all(),
        enterprises=Enterprise.objects.all(),
        inspectors=TechnicalInspector.objects.all(),
        national=True,
    )

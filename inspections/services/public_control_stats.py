"""Public-control figures of a year, with the definitions of CONTRACTS.md §4:

- inspections: inspections dated in the year (finalized ones: a draft is an inspection still
  being recorded, and like a draft accident report it never counts);
- violations_found: violations found in those inspections;
- violations_eliminated: those of them eliminated by now (when the figures are made);
- eliminated_pct: eliminated / found, in percent, one decimal, rounded half away from zero
  (None when nothing was found);
- work_stoppages: inspections of the year with a work stoppage;
- proposals: proposals recorded in inspections of the year.

Everything is counted in the database: three grouped queries (inspections, violations,
proposals) by region and sector, whatever the number of records; totals and the rows by
region and by sector are sums of those few hundred groups. Pass the inspections a user may
see (inspections_visible_to) to limit the figures to a scope; the annual report passes all
of them: `public_control_totals(year=Y)` is its `public_control` object."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from inspections.models import (
    Inspection,
    InspectionStatus,
    Proposal,
    Violation,
    ViolationStatus,
    WorkStoppage,
)
from kzsafety.directories.models import Region, Sector
from kzsafety.numbers import percent

FIGURES = (
    "inspections",
    "violations_found",
    "violations_eliminated",
    "eliminated_pct",
    "work_stoppages",
    "proposals",
)


def _grouped(queryset: QuerySet, paths: list[str], **aggregates) -> dict:
    """{(group ids...): {name: value}} in one query."""
    rows = queryset.order_by().values(*paths).annotate(**aggregates)
    return {tuple(row.pop(path) for path in paths): row for row in rows}


def _counted_by_region_and_sector(inspections: QuerySet[Inspection], year: int) -> dict:
    """{(region id, sector id): figures without the share}: three grouped queries, one per
    family of records, whatever the number of records."""
    of_year = _of_year(inspections, year)
    paths = ["enterprise__region", "enterprise__sector"]
    child_paths = [f"inspection__{path}" for path in paths]
    in_year = of_year.values("pk")
    parts = [
        _grouped(
            of_year,
            paths,
            inspections=Count("pk"),
            work_stoppages=Count(
                "pk", filter=Q(Exists(WorkStoppage.objects.filter(inspection=OuterRef("pk"))))
            ),
        ),
        _grouped(
            Violation.objects.filter(inspection__in=in_year),
            child_paths,
            violations_found=Count("pk"),
            violations_eliminated=Count("pk", filter=Q(status=ViolationStatus.ELIMINATED)),
        ),
        _grouped(
            Proposal.objects.filter(inspection__in=in_year), child_paths, proposals=Count("pk")
        ),
    ]
    counted: dict = {}
    for part in parts:
        for key, values in part.items():
            counted.setdefault(key, dict.fromkeys(COUNTS, 0)).update(values)
    return counted


COUNTS = [name for name in FIGURES if name != "eliminated_pct"]


def _with_share(counts: dict) -> dict:
    row = {name: counts.get(name) or 0 for name in COUNTS}
    row["eliminated_pct"] = percent(row["violations_eliminated"], row["violations_found"])
    return {name: row[name] for name in FIGURES}


def _fold(counted: dict, position: int | None) -> dict:
    """Sum the (region, sector) groups by one of the two (or all together for None). These
    are at most a few hundred aggregated rows, never records."""
    folded: dict = {}
    for key, counts in counted.items():
        target = folded.setdefault(None if position is None else key[position], {})
        for name in COUNTS:
            target[name] = target.get(name, 0) + counts[name]
    return {key: _with_share(counts) for key, counts in folded.items()}


def public_control_summary(*, year: int, inspections: QuerySet[Inspection] | None = None) -> dict:
    """The totals, the rows by region and the rows by sector of the year, from the same
    three queries: {"totals": {...}, "by_region": [...], "by_sector": [...]}."""
    inspections = Inspection.objects.all() if inspections is None else inspections
    counted = _counted_by_region_and_sector(inspections, year)
    return {
        "totals": _fold(counted, None).get(None) or _with_share({}),
        "by_region": _rows(_fold(counted, 0), "region", Region),
        "by_sector": _rows(_fold(counted, 1), "sector", Sector),
    }


def public_control_totals(*, year: int, inspections: QuerySet[Inspection] | None = None) -> dict:
    """The six figures of the year for the given inspections (all when None). Three
    ungrouped aggregates: the annual report needs no breakdown, so no join to enterprises."""
    inspections = Inspection.objects.all() if inspections is None else inspections
    of_year = _of_year(inspections, year)
    in_year = of_year.values("pk")
    counts = of_year.aggregate(inspections=Count("pk"))
    # Counted from the few stoppages rather than by probing every inspection of the year.
    counts["work_stoppages"] = (
        WorkStoppage.objects.filter(inspection__in=in_year).values("inspection").distinct().count()
    )
    counts.update(
        Violation.objects.filter(inspection__in=in_year).aggregate(
            violations_found=Count("pk"),
            violations_eliminated=Count("pk", filter=Q(status=ViolationStatus.ELIMINATED)),
        )
    )
    counts.update(Proposal.objects.filter(inspection__in=in_year).aggregate(proposals=Count("pk")))
    return _with_share(counts)


def _of_year(inspections: QuerySet[Inspection], year: int) -> QuerySet[Inspection]:
    return inspections.filter(date__year=year, status=InspectionStatus.FINALIZED)


def public_control_by_region(
    *, year: int, inspections: QuerySet[Inspection] | None = None
) -> list[dict]:
    """One row per region with any inspection in the year, in KATO order; each row has
    `region` (the Region) and `key` (its code) besides the figures."""
    return public_control_summary(year=year, inspections=inspections)["by_region"]


def public_control_by_sector(
    *, year: int, inspections: QuerySet[Inspection] | None = None
) -> list[dict]:
    """One row per federation sector with any inspection in the year, in list order; each
    row has `sector` and `key`."""
    return public_control_summary(year=year, inspections=inspections)["by_sector"]


def _rows(figures: dict, group: str, model) -> list[dict]:
    places = model.objects.in_bulk(list(figures))
    rows = [
        {group: places[pk], "key": getattr(places[pk], "code", None) or places[pk].key, **row}
        for pk, row in figures.items()
    ]
    return sorted(rows, key=lambda row: (getattr(row[group], "position", 0), row["key"]))


def years_with_inspections(inspections: QuerySet[Inspection]) -> list[int]:
    return [day.year for day in inspections.order_by().dates("date", "year", order="DESC")]

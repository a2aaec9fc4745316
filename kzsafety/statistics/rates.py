"""Victims and fatalities per 1,000 workers, by region and by sector, from enterprise
headcounts (optional fields of the annual report, CONTRACTS.md §4).

A rate only means something when its numerator and denominator count the same people, so
both are taken over the enterprises that have a headcount:

- `workers`: the sum of the headcounts of the enterprises of the region (sector) in the
  report's basis that have one;
- `victims_per_1000` / `fatalities_per_1000`: 1000 × victims (fatalities) of the report
  year at those same enterprises / `workers`, rounded half away from zero to two decimals;
  null when `workers` is 0 or missing;
- `rate_coverage_pct`: the share of the year's victims of the region (sector) whose
  enterprise has a headcount, i.e. how many of the victims the rate accounts for. The
  workers of an enterprise without a headcount are unknown, so coverage cannot be a share
  of workers; it is stated on the victims, which are all known. Null when there were no
  victims.

The headcount is the enterprise's current one (the directory keeps no headcount per year).
Four queries, whatever the size of the data."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from inspections.models import Outcome, Victim
from kzsafety.numbers import percent
from kzsafety.statistics.basis import Basis

RATE_FIELDS = ("workers", "victims_per_1000", "fatalities_per_1000", "rate_coverage_pct")


def per_thousand(part: int | None, workers: int | None) -> float | None:
    """1000·part/workers rounded half away from zero to two decimals; None when undefined."""
    if part is None or not workers:
        return None
    value = (Decimal(part) * 1000 / Decimal(workers)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return float(value)


def _workers(enterprises: QuerySet, field: str) -> dict:
    return dict(
        enterprises.filter(headcount__isnull=False)
        .values(field)
        .order_by(field)
        .annotate(n=Sum("headcount"))
        .values_list(field, "n")
    )


def _victims(basis: Basis, year: int, field: str) -> dict:
    known = Q(accident__enterprise__headcount__isnull=False)
    fatal = Q(outcome=Outcome.FATAL)
    rows = (
        Victim.objects.filter(
            accident__in=basis.accidents.counted().filter(date__year=year).values("pk")
        )
        .values(f"accident__enterprise__{field}")
        .order_by(f"accident__enterprise__{field}")
        .annotate(
            victims=Count("pk"),
            covered=Count("pk", filter=known),
            covered_fatal=Count("pk", filter=known & fatal),
        )
    )
    return {row[f"accident__enterprise__{field}"]: row for row in rows}


def _rate(workers: int | None, victims: dict | None) -> dict:
    victims = victims or {"victims": 0, "covered": 0, "covered_fatal": 0}
    return {
        "workers": workers or 0,
        "victims_per_1000": per_thousand(victims["covered"], workers),
        "fatalities_per_1000": per_thousand(victims["covered_fatal"], workers),
        "rate_coverage_pct": percent(victims["covered"], victims["victims"]),
    }


def add_rates(report: dict, basis: Basis) -> None:
    """Add the rate fields to every by_region and by_sector row, and the whole basis's rate
    as report["rates"]; nothing when the basis names no enterprises."""
    if basis.enterprises is None:
        return
    for table, key, field in (
        ("by_region", "region", "region__code"),
        ("by_sector", "sector", "sector__key"),
    ):
        workers = _workers(basis.enterprises, field)
        victims = _victims(basis, report["year"], field)
        for row in report[table]:
            row.update(_rate(workers.get(row[key]), victims.get(row[key])))
    # Every enterprise has a sector: the sectors' counts add up to the whole basis.
    total = sum(workers.values())
    counted = {"victims": 0, "covered": 0, "covered_fatal": 0}
    for row in victims.values():
        for name in counted:
            counted[name] += row[name]
    rate = _rate(total, counted)
    report["rates"] = {
        "workers": rate["workers"],
        "victims_per_1000": rate["victims_per_1000"],
        "fatalities_per_1000": rate["fatalities_per_1000"],
        "coverage_pct": rate["rate_coverage_pct"],
    }

"""The accident tables of the annual report on a small dataset counted by hand.

Report year 2025, window 2021–2025. Enterprises: A (Karaganda 35, mining), B (Pavlodar 55,
energy), C (Karaganda 35, energy), D (Pavlodar 55, mining).

  a1  A  2025-01-01  submitted  union   fault 60  work_organisation  fatal + light
  a2  B  2025-12-31  verified   no      fault 50  victim_negligence  severe
  a3  C  2024-06-01  submitted  no      fault 80  (no cause)         light ×3
  a4  D  2025-05-05  draft      —       —                            fatal   (never counts)
  a5  A  2025-03-03  returned   —       —                            light   (never counts)
  a6  A  2026-01-01  submitted                                        light   (after the window)
  a7  B  2020-12-31  submitted                                        light   (before the window)
"""

import datetime

import pytest

from inspections.models import AccidentStatus, Outcome
from kzsafety.directories.models import Cause
from kzsafety.statistics.annual import (
    accident_rows,
    by_cause,
    by_region,
    by_sector,
    entered_figures,
    national_basis,
    warnings,
)
from kzsafety.statistics.models import Figure
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

YEARS = [2021, 2022, 2023, 2024, 2025]


def accident(enterprise, day, outcomes, status=AccidentStatus.SUBMITTED, **fields):
    record = AccidentFactory(enterprise=enterprise, date=day, status=status, **fields)
    for outcome in outcomes:
        VictimFactory(accident=record, outcome=outcome)
    return record


@pytest.fixture
def records(world):
    cause = Cause.objects.get
    accident(
        world.a,
        datetime.date(2025, 1, 1),
        [Outcome.FATAL, Outcome.LIGHT],
        union_present=True,
        employer_fault_pct=60,
        employee_fault_pct=40,
        cause=cause(key="work_organisation"),
    )
    accident(
        world.b,
        datetime.date(2025, 12, 31),
        [Outcome.SEVERE],
        status=AccidentStatus.VERIFIED,
        union_present=False,
        employer_fault_pct=50,
        employee_fault_pct=50,
        cause=cause(key="victim_negligence"),
    )
    accident(
        world.c,
        datetime.date(2024, 6, 1),
        [Outcome.LIGHT] * 3,
        union_present=False,
        employer_fault_pct=80,
        employee_fault_pct=20,
    )
    accident(world.d, datetime.date(2025, 5, 5), [Outcome.FATAL], status=AccidentStatus.DRAFT)
    accident(world.a, datetime.date(2025, 3, 3), [Outcome.LIGHT], status=AccidentStatus.RETURNED)
    accident(world.a, datetime.date(2026, 1, 1), [Outcome.LIGHT])
    accident(world.b, datetime.date(2020, 12, 31), [Outcome.LIGHT])


def rows_by_key(figures=None):
    rows = accident_rows(national_basis(), 2025, YEARS, figures or entered_figures(YEARS))
    return {(r["indicator"], r["scope"], r["source"]): r for r in rows}


def monitoring(rows, indicator, scope="all"):
    return rows[(indicator, scope, "monitoring")]


def test_monitoring_counts_only_submitted_and_verified_reports_within_each_year(records):
    rows = rows_by_key()
    expected = {
        ("accidents", "all"): [0, 0, 0, 1, 2],
        ("accidents", "union"): [0, 0, 0, 0, 1],
        ("victims", "all"): [0, 0, 0, 3, 3],
        ("victims", "union"): [0, 0, 0, 0, 2],
        ("fatalities", "all"): [0, 0, 0, 0, 1],
        ("fatalities", "union"): [0, 0, 0, 0, 1],
        ("employer_fault_over_50", "all"): [0, 0, 0, 1, 1],
        ("employer_fault_over_50", "union"): [0, 0, 0, 0, 1],
    }
    for (indicator, scope), values in expected.items():
        row = monitoring(rows, indicator, scope)
        assert row["values"] == dict(zip(map(str, YEARS), values, strict=True)), (indicator, scope)
        assert row["entered"] == []


def test_change_and_change_pct_between_the_last_two_years(records):
    rows = rows_by_key()
    assert (
        monitoring(rows, "accidents")["change"],
        monitoring(rows, "accidents")["change_pct"],
    ) == (1, 100.0)
    assert (monitoring(rows, "victims")["change"], monitoring(rows, "victims")["change_pct"]) == (
        0,
        0.0,
    )
    # The earlier year is 0: the change is the new value, only the percentage is null.
    assert (
        monitoring(rows, "fatalities")["change"],
        monitoring(rows, "fatalities")["change_pct"],
    ) == (1, None)


def test_negative_change(world):
    accident(world.a, datetime.date(2024, 2, 2), [Outcome.LIGHT])
    accident(world.a, datetime.date(2024, 2, 3), [Outcome.LIGHT])
    accident(world.a, datetime.date(2024, 2, 4), [Outcome.LIGHT])
    accident(world.a, datetime.date(2025, 2, 2), [Outcome.LIGHT])
    row = monitoring(rows_by_key(), "accidents")
    assert (row["change"], row["change_pct"]) == (-2, -66.7)


def test_entered_monitoring_figure_replaces_the_computed_value_and_is_listed(records):
    Figure.objects.create(
        year=2022, source="monitoring", indicator="accidents", scope="all", value=10
    )
    Figure.objects.create(
        year=2024, source="monitoring", indicator="accidents", scope="all", value=4
    )
    row = monitoring(rows_by_key(), "accidents")
    assert row["values"] == {"2021": 0, "2022": 10, "2023": 0, "2024": 4, "2025": 2}
    assert row["entered"] == ["2022", "2024"]
    assert (row["change"], row["change_pct"]) == (-2, -50.0)


def test_ministry_rows_hold_entered_figures_only_and_missing_years_are_null(records):
    Figure.objects.create(year=2024, source="ministry", indicator="accidents", scope="all", value=4)
    Figure.objects.create(year=2025, source="ministry", indicator="accidents", scope="all", value=5)
    Figure.objects.create(year=2025, source="ministry", indicator="victims", scope="all", value=7)
    rows = rows_by_key()
    accidents = rows[("accidents", "all", "ministry")]
    assert accidents["values"] == {"2021": None, "2022": None, "2023": None, "2024": 4, "2025": 5}
    assert (accidents["change"], accidents["change_pct"]) == (1, 25.0)
    victims = rows[("victims", "all", "ministry")]
    assert (victims["change"], victims["change_pct"]) == (None, None)
    # No bureau figures at all: its rows are left out.
    assert not any(source == "statistics_bureau" for (_i, _s, source) in rows)


def test_by_region_counts_year_accidents_with_group_cases_and_their_victims(records):
    regions = {row["region"]: row for row in by_region(national_basis(), 2025)}
    assert len(regions) == 20
    assert regions["35"] == {
        "region": "35",
        "accidents": 1,
        "victims": 2,
        "fatalities": 1,
        "group_accidents": 1,
        "group_victims": 2,
    }
    assert regions["55"] == {
        "region": "55",
        "accidents": 1,
        "victims": 1,
        "fatalities": 0,
        "group_accidents": 0,
        "group_victims": 0,
    }
    assert regions["71"]["accidents"] == 0


def test_by_sector_gives_the_share_of_the_years_victims(records):
    sectors = {row["sector"]: row for row in by_sector(national_basis(), 2025)}
    assert sectors["mining_metallurgy"] == {
        "sector": "mining_metallurgy",
        "accidents": 1,
        "victims": 2,
        "fatalities": 1,
        "victims_share_pct": 66.7,
    }
    assert sectors["energy"]["victims_share_pct"] == 33.3
    assert sectors["coal"]["victims_share_pct"] == 0.0


def test_by_cause_shares_are_over_accidents_that_have_a_cause(records):
    causes = {row["cause"]: row for row in by_cause(national_basis(), 2025)}
    assert causes["work_organisation"] == {
        "cause": "work_organisation",
        "accidents": 1,
        "share_pct": 50.0,
    }
    assert causes["victim_negligence"]["share_pct"] == 50.0
    assert causes["other"] == {"cause": "other", "accidents": 0, "share_pct": 0.0}


def test_shares_are_null_when_nothing_happened(world):
    assert {row["victims_share_pct"] for row in by_sector(national_basis(), 2025)} == {None}
    assert {row["share_pct"] for row in by_cause(national_basis(), 2025)} == {None}


def test_every_accident_warning_rule(records):
    for indicator, scope, source, value in [
        ("accidents", "all", "ministry", 5),
        ("accidents", "union", "ministry", 6),  # union above all
        ("victims", "all", "ministry", 7),
        ("fatalities", "all", "ministry", 9),  # more deaths than victims
        ("employer_fault_over_50", "all", "ministry", 8),  # more than accidents
        ("accidents", "all", "statistics_bureau", 4),
        ("victims", "all", "statistics_bureau", 3),  # fewer victims than accidents
    ]:
        Figure.objects.create(
            year=2025, source=source, indicator=indicator, scope=scope, value=value
        )
    report = {"year": 2025, "accidents": list(rows_by_key().values())}
    rules = {(w["year"], w["rule"]) for w in warnings(report)}
    assert rules == {
        (2025, "union_exceeds_all"),
        (2025, "fatalities_exceed_victims"),
        (2025, "fault_exceeds_accidents"),
        (2025, "victims_below_accidents"),
    }
    assert all(w["message"] for w in warnings(report))


def test_consistent_records_raise_no_warning(records):
    assert warnings({"year": 2025, "accidents": list(rows_by_key().values())}) == []

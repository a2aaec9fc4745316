"""Victims and fatalities per 1,000 workers by region and sector, counted by hand.

Headcounts: A (Karaganda, mining) 2,000; B (Pavlodar, energy) 500; C (Karaganda, energy)
none; D (Pavlodar, mining) 1,500. Accidents of 2025:

  A  fatal + light        → Karaganda, mining: 2 victims, 1 fatal, both covered
  B  severe               → Pavlodar, energy: 1 victim, covered
  C  light × 2            → Karaganda, energy: 2 victims, not covered (no headcount)
  D  draft, fatal         → never counts

Karaganda: workers 2,000 (C has none); covered victims 2, fatal 1 → 1.00 and 0.50 per
1,000; coverage 2 of 4 victims = 50.0 %. Pavlodar: workers 500 + 1,500 = 2,000; 1 victim →
0.50, no fatality → 0.00; coverage 100.0 %. Mining: 2,000 + 1,500 = 3,500 workers; 2
victims → 0.57 (0.571…), 1 fatal → 0.29 (0.2857…); coverage 100.0 %. Energy: 500 workers
(C has none); 1 covered victim → 2.00; coverage 1 of 3 = 33.3 %. Whole country: 4,000
workers (A 2,000, B 500, D 1,500); covered victims 3 → 0.75; fatal 1 → 0.25; coverage 3 of
5 = 60.0 %."""

import datetime
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from inspections.models import AccidentStatus, Outcome
from kzsafety.directories.models import Region
from kzsafety.statistics.annual import basis_for, build_report
from kzsafety.statistics.rates import per_thousand
from kzsafety.statistics.workbook import write_workbook
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

DAY = datetime.date(2025, 4, 1)


def accident(enterprise, outcomes, status=AccidentStatus.SUBMITTED):
    record = AccidentFactory(enterprise=enterprise, date=DAY, status=status)
    for outcome in outcomes:
        VictimFactory(accident=record, outcome=outcome)


@pytest.fixture
def counted(world):
    for enterprise, headcount in ((world.a, 2000), (world.b, 500), (world.c, None)):
        enterprise.headcount = headcount
        enterprise.save()
    world.d.headcount = 1500
    world.d.save()
    accident(world.a, [Outcome.FATAL, Outcome.LIGHT])
    accident(world.b, [Outcome.SEVERE])
    accident(world.c, [Outcome.LIGHT, Outcome.LIGHT])
    accident(world.d, [Outcome.FATAL], status=AccidentStatus.DRAFT)
    return world


def test_rates_by_region_match_the_hand_count(counted):
    regions = {row["region"]: row for row in build_report(2025)["by_region"]}
    karaganda = regions["35"]
    assert karaganda["workers"] == 2000  # C has no headcount
    assert karaganda["victims_per_1000"] == 1.0
    assert karaganda["fatalities_per_1000"] == 0.5
    assert regions["35"]["rate_coverage_pct"] == 50.0
    assert regions["55"]["workers"] == 2000
    assert regions["55"]["victims_per_1000"] == 0.5
    assert regions["55"]["fatalities_per_1000"] == 0.0
    assert regions["55"]["rate_coverage_pct"] == 100.0


def test_rates_by_sector_match_the_hand_count(counted):
    sectors = {row["sector"]: row for row in build_report(2025)["by_sector"]}
    mining, energy = sectors["mining_metallurgy"], sectors["energy"]
    assert (mining["workers"], mining["victims_per_1000"], mining["fatalities_per_1000"]) == (
        3500,
        0.57,
        0.29,
    )
    assert mining["rate_coverage_pct"] == 100.0
    assert (energy["workers"], energy["victims_per_1000"], energy["rate_coverage_pct"]) == (
        500,
        2.0,
        33.3,
    )


def test_the_whole_country_rate_states_its_coverage(counted):
    assert build_report(2025)["rates"] == {
        "workers": 4000,
        "victims_per_1000": 0.75,
        "fatalities_per_1000": 0.25,
        "coverage_pct": 60.0,
    }


def test_a_region_without_headcounts_or_victims_has_no_rate(counted):
    regions = {row["region"]: row for row in build_report(2025)["by_region"]}
    empty = regions["75"]  # Almaty city: no enterprise of the world
    assert empty["workers"] == 0
    assert empty["victims_per_1000"] is None
    assert empty["rate_coverage_pct"] is None


def test_regional_staff_get_rates_from_their_region_only(counted):
    report = build_report(2025, basis=basis_for(counted.regional))
    assert report["rates"]["workers"] == 2000  # A only: C has no headcount, B and D elsewhere
    regions = {row["region"]: row for row in report["by_region"]}
    assert regions["55"]["workers"] == 0


def test_per_thousand_rounds_half_away_from_zero_to_two_decimals():
    assert per_thousand(1, 8000) == 0.13  # 0.125
    assert per_thousand(2, 3500) == 0.57
    assert per_thousand(3, 0) is None
    assert per_thousand(None, 10) is None


def test_the_workbook_has_a_sheet_of_the_rates_with_its_print_setup(counted):
    with translation.override("en"):
        karaganda = Region.objects.get(code="35").name
    book = load_workbook(BytesIO(write_workbook(build_report(2025), "en")))
    sheet = book.worksheets[-1]
    assert sheet.title == "Rates per 1,000 workers"
    assert "2025" in sheet["A1"].value  # the title row of every sheet
    assert sheet.print_title_rows == "$1:$2"
    rows = {row[0]: row[2:] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[karaganda] == (2000, 1.0, 0.5, 0.5)
    assert rows["Total"] == (4000, 0.75, 0.25, 0.6)
    assert sheet.cell(row=3, column=4).number_format == "0.00"

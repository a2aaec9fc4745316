"""The public-control summary on a small dataset counted by hand (CONTRACTS.md §4):
inspections dated in the year; violations found in them; those eliminated; the share
eliminated; inspections with a work stoppage; proposals recorded in the year's inspections.

Enterprises: A (Karaganda 35, mining), B (Pavlodar 55, energy), C (35, energy),
D (55, mining). The dataset, for 2025 (plus one inspection either side of the year):

    inspection   date        at  violations (eliminated)   stoppages   proposals
    I1           2025-03-01  A   3 (2)                     1           2
    I2           2025-07-15  A   1 (0, reported fixed)     2           0
    I3           2025-11-30  C   2 (1)                     0           1
    I4           2025-01-01  B   0                         1           3
    I5           2025-12-31  D   4 (4)                     0           0
    I6           2024-12-31  A   5 (5)                     1           2   (not 2025)
    I7           2026-01-01  B   1 (0)                     0           1   (not 2025)
"""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inspections.access import inspections_visible_to
from inspections.models import ViolationStatus
from inspections.services.public_control_stats import (
    public_control_by_region,
    public_control_by_sector,
    public_control_summary,
    public_control_totals,
)
from tests.factories import (
    InspectionFactory,
    ProposalFactory,
    ViolationFactory,
    WorkStoppageFactory,
)

D = datetime.date


def inspection(enterprise, day, *, eliminated=0, open_=0, reported=0, stoppages=0, proposals=0):
    made = InspectionFactory(enterprise=enterprise, date=day)
    for _ in range(eliminated):
        ViolationFactory(inspection=made, status=ViolationStatus.ELIMINATED)
    for _ in range(open_):
        ViolationFactory(inspection=made, status=ViolationStatus.OPEN)
    for _ in range(reported):
        ViolationFactory(inspection=made, status=ViolationStatus.REPORTED_FIXED)
    WorkStoppageFactory.create_batch(stoppages, inspection=made)
    ProposalFactory.create_batch(proposals, inspection=made)
    return made


@pytest.fixture
def dataset(world):
    inspection(world.a, D(2025, 3, 1), eliminated=2, open_=1, stoppages=1, proposals=2)
    inspection(world.a, D(2025, 7, 15), reported=1, stoppages=2)
    inspection(world.c, D(2025, 11, 30), eliminated=1, open_=1, proposals=1)
    inspection(world.b, D(2025, 1, 1), stoppages=1, proposals=3)
    inspection(world.d, D(2025, 12, 31), eliminated=4)
    inspection(world.a, D(2024, 12, 31), eliminated=5, stoppages=1, proposals=2)
    inspection(world.b, D(2026, 1, 1), open_=1, proposals=1)
    return world


def figures(inspections, found, eliminated, pct, stoppages, proposals):
    return {
        "inspections": inspections,
        "violations_found": found,
        "violations_eliminated": eliminated,
        "eliminated_pct": pct,
        "work_stoppages": stoppages,
        "proposals": proposals,
    }


# Counted by hand from the table in the module docstring.
TOTAL_2025 = figures(5, 10, 7, 70.0, 3, 6)
KARAGANDA_2025 = figures(3, 6, 3, 50.0, 2, 3)  # I1, I2, I3
PAVLODAR_2025 = figures(2, 4, 4, 100.0, 1, 3)  # I4, I5
MINING_2025 = figures(3, 8, 6, 75.0, 2, 2)  # I1, I2, I5
ENERGY_2025 = figures(2, 2, 1, 50.0, 1, 4)  # I3, I4


def without_labels(row):
    return {key: value for key, value in row.items() if key not in ("region", "sector", "key")}


def test_totals_of_the_year_match_the_hand_count(dataset):
    assert public_control_totals(year=2025) == TOTAL_2025


def test_neighbouring_years_are_counted_on_their_own(dataset):
    assert public_control_totals(year=2024) == figures(1, 5, 5, 100.0, 1, 2)
    assert public_control_totals(year=2026) == figures(1, 1, 0, 0.0, 0, 1)


def test_a_year_without_inspections_has_zeros_and_no_share(dataset):
    assert public_control_totals(year=2019) == figures(0, 0, 0, None, 0, 0)


def test_by_region_matches_the_hand_count(dataset):
    rows = public_control_by_region(year=2025)
    assert [row["key"] for row in rows] == ["35", "55"]
    assert [without_labels(row) for row in rows] == [KARAGANDA_2025, PAVLODAR_2025]


def test_by_sector_matches_the_hand_count(dataset):
    rows = {row["key"]: without_labels(row) for row in public_control_by_sector(year=2025)}
    assert rows == {"mining_metallurgy": MINING_2025, "energy": ENERGY_2025}


def test_regional_staff_get_the_figures_of_their_region_only(dataset):
    scoped = inspections_visible_to(dataset.regional)
    assert public_control_totals(year=2025, inspections=scoped) == KARAGANDA_2025
    assert [row["key"] for row in public_control_by_region(year=2025, inspections=scoped)] == ["35"]


def test_sector_staff_get_the_figures_of_their_sector_only(dataset):
    scoped = inspections_visible_to(dataset.sector)
    assert public_control_totals(year=2025, inspections=scoped) == MINING_2025


def test_the_summary_is_a_fixed_number_of_queries_whatever_the_data(world):
    inspection(world.a, D(2025, 3, 1), eliminated=1)
    with CaptureQueriesContext(connection) as small:
        public_control_summary(year=2025)
    for day in range(1, 20):
        inspection(world.b, D(2025, 4, day), eliminated=2, open_=1, stoppages=1, proposals=1)
    with CaptureQueriesContext(connection) as large:
        summary = public_control_summary(year=2025)
    assert summary["totals"]["inspections"] == 20
    # Three counting queries (inspections, violations, proposals) and the names of the
    # regions and sectors found.
    assert len(small) == len(large) == 5


def test_summary_page_shows_the_figures_of_the_chosen_year(client, dataset):
    client.force_login(dataset.federation)
    response = client.get(reverse("inspections:public_control_summary"), {"year": 2025})
    assert response.status_code == 200
    assert response.context["totals"] == TOTAL_2025
    assert [without_labels(row) for row in response.context["by_region"]] == [
        KARAGANDA_2025,
        PAVLODAR_2025,
    ]
    assert 'data-testid="total-inspections">5<' in response.content.decode()


def test_summary_page_for_regional_staff_is_limited_to_their_region(client, dataset):
    client.force_login(dataset.regional)
    response = client.get(reverse("inspections:public_control_summary"), {"year": 2025})
    assert response.context["totals"] == KARAGANDA_2025
    assert [row["key"] for row in response.context["by_region"]] == ["35"]


def test_summary_offers_the_years_that_have_inspections(client, dataset):
    client.force_login(dataset.federation)
    response = client.get(reverse("inspections:public_control_summary"))
    years = [value for value, _ in response.context["form"].fields["year"].choices]
    assert {2024, 2025, 2026} <= set(years)


def test_summary_export_holds_the_same_numbers(client, dataset):
    client.force_login(dataset.federation)
    response = client.get(reverse("inspections:public_control_summary_export"), {"year": 2025})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    numbers = [
        row[1:] for row in rows if row and row[0] and row[1] is not None and row[1] != "Inspections"
    ]
    assert [5, 10, 7, 70.0, 3, 6] in numbers  # the total row
    assert [3, 6, 3, 50.0, 2, 3] in numbers  # Karaganda
    assert [3, 8, 6, 75.0, 2, 2] in numbers  # mining and metallurgy

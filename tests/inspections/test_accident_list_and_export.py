import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import AccidentStatus, Outcome
from kzsafety.directories.models import Cause
from tests.inspections.accident_factories import AccidentFactory, VictimFactory


@pytest.fixture
def dataset(world):
    """Hand-made: at A a fatal group accident (2 victims) in 2025 with cause
    work_organisation; at C a light one in 2024 without a union; at D a severe one in 2025
    returned for correction; at B (other region) a light one."""
    organisation = Cause.objects.get(key="work_organisation")
    fatal_group = AccidentFactory(
        enterprise=world.a, date=datetime.date(2025, 2, 1), cause=organisation
    )
    VictimFactory(accident=fatal_group, outcome=Outcome.FATAL, full_name="Berik")
    VictimFactory(accident=fatal_group, outcome=Outcome.LIGHT, full_name="Dana")
    light_c = AccidentFactory(
        enterprise=world.c, date=datetime.date(2024, 7, 5), union_present=False
    )
    VictimFactory(accident=light_c, outcome=Outcome.LIGHT, full_name="Saule")
    severe_d = AccidentFactory(
        enterprise=world.d, date=datetime.date(2025, 9, 9), status=AccidentStatus.RETURNED
    )
    VictimFactory(accident=severe_d, outcome=Outcome.SEVERE, full_name="Timur")
    light_b = AccidentFactory(enterprise=world.b, date=datetime.date(2025, 3, 3))
    VictimFactory(accident=light_b, outcome=Outcome.LIGHT, full_name="Olzhas")
    return {
        "fatal_group": fatal_group,
        "light_c": light_c,
        "severe_d": severe_d,
        "light_b": light_b,
    }


def listed(client, **params):
    response = client.get(reverse("inspections:accident_list"), params)
    assert response.status_code == 200
    return {accident.pk for accident in response.context["page"].object_list}, response


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": 2025}, {"fatal_group", "severe_d", "light_b"}),
        ({"date_from": "2025-03-01", "date_to": "2025-12-31"}, {"severe_d", "light_b"}),
        ({"outcome": "fatal"}, {"fatal_group"}),
        ({"outcome": "severe"}, {"severe_d"}),
        ({"outcome": "light"}, {"fatal_group", "light_c", "light_b"}),
        ({"group": "yes"}, {"fatal_group"}),
        ({"group": "no"}, {"light_c", "severe_d", "light_b"}),
        ({"union": "no"}, {"light_c"}),
        ({"status": "returned"}, {"severe_d"}),
        ({"q": "saule"}, {"light_c"}),
        ({"q": "Dana"}, {"fatal_group"}),
    ],
)
def test_filters_select_exactly_the_matching_reports(client, world, dataset, params, expected):
    client.force_login(world.federation)
    pks, _response = listed(client, **params)
    assert pks == {dataset[key].pk for key in expected}


def test_filters_by_region_sector_cause_and_enterprise(client, world, dataset):
    client.force_login(world.federation)
    assert listed(client, region=world.a.region_id)[0] == {
        dataset["fatal_group"].pk,
        dataset["light_c"].pk,
    }
    assert listed(client, sector=world.a.sector_id)[0] == {
        dataset["fatal_group"].pk,
        dataset["severe_d"].pk,
    }
    cause = Cause.objects.get(key="work_organisation").pk
    assert listed(client, cause=cause)[0] == {dataset["fatal_group"].pk}
    assert listed(client, enterprise=world.c.pk)[0] == {dataset["light_c"].pk}


def test_totals_count_accidents_victims_and_fatalities_of_the_filtered_rows(client, world, dataset):
    client.force_login(world.federation)
    _pks, response = listed(client, year=2025)
    assert response.context["totals"] == {"accidents": 3, "victims": 4, "fatalities": 1}


def test_sort_by_most_victims_puts_the_group_accident_first(client, world, dataset):
    client.force_login(world.federation)
    response = client.get(reverse("inspections:accident_list"), {"sort": "-victims"})
    assert response.context["page"].object_list[0].pk == dataset["fatal_group"].pk


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"date_from": "31.02.2025"}, {"outcome": "x"}, {"page": "999"}]
)
def test_bad_filter_values_answer_200_not_500(client, world, dataset, params):
    client.force_login(world.federation)
    assert client.get(reverse("inspections:accident_list"), params).status_code == 200


def test_export_holds_exactly_the_filtered_rows_the_user_may_see(client, world, dataset):
    client.force_login(world.regional)  # sees Karaganda: A and C only
    response = client.get(reverse("inspections:accident_export"), {"outcome": "light"})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    body = rows[1:]
    assert sorted(row[2] for row in body) == sorted([world.a.name, world.c.name])
    by_enterprise = {row[2]: row for row in body}
    assert by_enterprise[world.a.name][11:14] == (2, 1, "иә")  # victims, fatalities, group (kk)


def test_list_runs_the_same_number_of_queries_for_5_and_for_50_accidents(client, world):
    client.force_login(world.federation)
    url = reverse("inspections:accident_list")

    def make(count):
        for _ in range(count):
            accident = AccidentFactory(enterprise=world.a)
            VictimFactory.create_batch(2, accident=accident)

    make(5)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(45)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)

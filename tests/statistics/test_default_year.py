"""The statistics page opens on the latest year that has data in the reader's scope (not
simply last year or this year), so the first view is not a page of zeros. Today is frozen
at 2 December 2026."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from inspections.models import AccidentStatus, InspectionStatus
from kzsafety.statistics.models import Figure
from tests.councils.factories import CouncilFactory, local
from tests.factories import InspectionFactory
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

URL = reverse("statistics:annual")


@pytest.fixture(autouse=True)
def december_2026():
    with time_machine.travel(local(2026, 12, 2), tick=False):
        yield


def opened_on(client, user, params=None) -> int:
    client.force_login(user)
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.context["report"]["year"]


def accident(enterprise, day, status=AccidentStatus.SUBMITTED):
    VictimFactory(accident=AccidentFactory(enterprise=enterprise, date=day, status=status))


def test_with_no_data_at_all_the_page_opens_on_last_year(client, world):
    assert opened_on(client, world.federation) == 2025


def test_the_page_opens_on_the_latest_year_with_a_counted_report(client, world):
    accident(world.a, datetime.date(2024, 3, 1))
    accident(world.a, datetime.date(2026, 2, 1), status=AccidentStatus.DRAFT)  # never counts
    assert opened_on(client, world.federation) == 2024


def test_a_report_of_this_year_opens_the_page_on_this_year(client, world):
    accident(world.a, datetime.date(2025, 3, 1))
    accident(world.a, datetime.date(2026, 11, 30))
    assert opened_on(client, world.federation) == 2026


def test_the_latest_year_is_the_readers_own_scope(client, world):
    accident(world.a, datetime.date(2024, 3, 1))  # Karaganda
    accident(world.b, datetime.date(2026, 3, 1))  # Pavlodar
    assert opened_on(client, world.regional) == 2024
    assert opened_on(client, world.federation) == 2026


def test_finalized_inspections_and_new_councils_are_data_too(client, world):
    InspectionFactory(enterprise=world.a, date=datetime.date(2023, 5, 5))
    InspectionFactory(
        enterprise=world.a, date=datetime.date(2026, 5, 5), status=InspectionStatus.DRAFT
    )
    assert opened_on(client, world.regional) == 2023
    CouncilFactory(enterprise=world.c, established_on=datetime.date(2024, 9, 1))
    assert opened_on(client, world.regional) == 2024


def test_entered_figures_count_for_the_whole_country_only_and_not_in_the_future(client, world):
    Figure.objects.create(year=2023, source="ministry", indicator="accidents", value=9)
    Figure.objects.create(year=2030, source="ministry", indicator="accidents", value=9)
    assert opened_on(client, world.federation) == 2023
    assert opened_on(client, world.regional) == 2025  # no records of its own: last year


def test_a_chosen_year_is_kept_and_a_bad_one_falls_back_to_the_latest_year(client, world, english):
    accident(world.a, datetime.date(2024, 3, 1))
    assert opened_on(client, world.federation, {"year": 2021}) == 2021
    client.force_login(world.federation)
    response = client.get(URL, {"year": "x"})
    assert response.context["report"]["year"] == 2024
    assert "showing the latest year with data" in response.content.decode()

"""Regional staff hear of long-overdue violations once a week and of untrained inspectors
once a month: one message per region with the count and a link, never one per item."""

import datetime

import pytest

from kzsafety.accounts.models import Notification, Role
from kzsafety.directories.models import TechnicalInspector
from kzsafety.reminders.runs import MONTHLY, WEEKLY, run
from kzsafety.reminders.scans import year_before
from tests.factories import InspectionFactory, TrainingRecordFactory, UserFactory, ViolationFactory
from tests.reminders.conftest import DAY, TODAY, keys_of, on, texts_of

pytestmark = pytest.mark.django_db


def overdue_at(enterprise, days: int):
    inspection = InspectionFactory(
        enterprise=enterprise, inspector=enterprise.inspectors.first(), date=TODAY - 90 * DAY
    )
    return ViolationFactory(inspection=inspection, deadline=TODAY - days * DAY)


@pytest.fixture
def staff_of_pavlodar(world):
    return UserFactory(username="regional_55", role=Role.REGIONAL_STAFF, region=world.b.region)


def test_escalation_is_one_message_per_region_with_its_count(world, staff_of_pavlodar):
    second_of_karaganda = UserFactory(role=Role.REGIONAL_STAFF, region=world.a.region)
    for enterprise in (world.a, world.a, world.c):  # Karaganda
        overdue_at(enterprise, 31)
    overdue_at(world.a, 30)  # not yet more than 30 days overdue
    overdue_at(world.b, 45)  # Pavlodar
    with on(TODAY):
        run(WEEKLY)
    assert keys_of(world.regional) == ["violations_escalation:2025-W24:35"]
    assert keys_of(second_of_karaganda) == ["violations_escalation:2025-W24:35"]
    assert keys_of(staff_of_pavlodar) == ["violations_escalation:2025-W24:55"]
    assert texts_of(world.regional) == [
        "Karaganda Region: 3 violations are more than 30 days overdue."
    ]
    assert texts_of(staff_of_pavlodar) == [
        "Pavlodar Region: 1 violation is more than 30 days overdue."
    ]
    notification = Notification.objects.get(user=world.regional)
    assert notification.url == "/councils/overdue/"
    for persona in (world.inspector_a, world.council_a, world.sector, world.federation):
        assert keys_of(persona) == []


def test_escalation_is_sent_once_a_week_however_often_it_runs(world):
    overdue_at(world.a, 31)
    for day in range(0, 7):  # Tuesday to Monday: weeks 24 and 25
        with on(TODAY + day * DAY):
            run(WEEKLY)
            run(WEEKLY)
    assert keys_of(world.regional) == [
        "violations_escalation:2025-W24:35",
        "violations_escalation:2025-W25:35",
    ]


def test_a_region_with_nothing_long_overdue_hears_nothing(world):
    overdue_at(world.a, 10)
    with on(TODAY):
        assert run(WEEKLY) == {"escalation": 0}
    assert not Notification.objects.exists()


def test_untrained_inspectors_are_counted_per_region_once_a_month(world, staff_of_pavlodar):
    # The world has one inspector per enterprise: A and C in Karaganda, B and D in Pavlodar.
    record_a, record_c = world.a.inspectors.get(), world.c.inspectors.get()
    TrainingRecordFactory(inspector=record_a, completed_on=year_before(TODAY) + DAY)
    TrainingRecordFactory(inspector=record_c, completed_on=year_before(TODAY))  # 12 months ago
    left = world.d.inspectors.get()
    TechnicalInspector.objects.filter(pk=left.pk).update(left_on=TODAY - DAY)
    with on(TODAY):
        run(MONTHLY)
        run(MONTHLY)
    assert keys_of(world.regional) == ["inspectors_untrained:2025-06:35"]
    assert texts_of(world.regional) == [
        "Karaganda Region: 1 active technical inspector has had no training in the last 12 months."
    ]
    assert texts_of(staff_of_pavlodar) == [
        "Pavlodar Region: 1 active technical inspector has had no training in the last 12 months."
    ]
    with on(TODAY + 30 * DAY):  # July
        run(MONTHLY)
    assert keys_of(world.regional) == [
        "inspectors_untrained:2025-06:35",
        "inspectors_untrained:2025-07:35",
    ]


def test_a_year_before_the_29th_of_february_is_the_28th():
    assert year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)

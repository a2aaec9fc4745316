"""Overdue = deadline passed and not eliminated, computed whenever it is asked, so it can
never go stale: the same rows become due soon, then overdue, as the calendar moves."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Violation, ViolationStatus
from inspections.services import public_control_lifecycle as lifecycle
from tests.factories import InspectionFactory, ViolationFactory, linked

DEADLINE = datetime.date(2025, 7, 10)


def at(day: datetime.date):
    """Noon in Almaty on that day."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)
        - datetime.timedelta(hours=5),
        tick=False,
    )


@pytest.fixture
def pc(world):
    return linked(world)


@pytest.fixture
def violation(pc):
    inspection = InspectionFactory(
        enterprise=pc.a, inspector=pc.inspector_a.inspector_record, date=datetime.date(2025, 6, 10)
    )
    return ViolationFactory(inspection=inspection, deadline=DEADLINE)


def overdue_ids():
    return set(Violation.objects.overdue().values_list("pk", flat=True))


def due_soon_ids():
    return set(Violation.objects.due_within(7).values_list("pk", flat=True))


def annotated(violation):
    return Violation.objects.with_overdue().get(pk=violation.pk).is_overdue


@pytest.mark.parametrize(
    ("day", "overdue", "due_soon"),
    [
        (DEADLINE - datetime.timedelta(days=8), False, False),
        (DEADLINE - datetime.timedelta(days=7), False, True),
        (DEADLINE, False, True),
        (DEADLINE + datetime.timedelta(days=1), True, False),
        (DEADLINE + datetime.timedelta(days=400), True, False),
    ],
)
def test_an_open_violation_becomes_due_soon_then_overdue_as_days_pass(
    violation, day, overdue, due_soon
):
    with at(day):
        assert (violation.pk in overdue_ids()) is overdue
        assert violation.is_overdue is overdue
        assert annotated(violation) is overdue
        assert (violation.pk in due_soon_ids()) is due_soon


def test_the_same_loaded_object_turns_overdue_without_being_saved(violation):
    with at(DEADLINE):
        assert not violation.is_overdue
    with at(DEADLINE + datetime.timedelta(days=1)):
        assert violation.is_overdue


def test_a_reported_fix_past_the_deadline_is_still_overdue(violation):
    violation.status = ViolationStatus.REPORTED_FIXED
    violation.save()
    with at(DEADLINE + datetime.timedelta(days=1)):
        assert violation.pk in overdue_ids()
        assert violation.is_overdue


def test_an_eliminated_violation_is_never_overdue(pc, violation):
    with at(DEADLINE + datetime.timedelta(days=3)):
        lifecycle.violation_report_fixed(user=pc.council_a, violation=violation, comment="Done")
        lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    with at(DEADLINE + datetime.timedelta(days=30)):
        violation.refresh_from_db()
        assert not violation.is_overdue
        assert not overdue_ids()
        assert not annotated(violation)


def test_a_violation_without_a_deadline_is_never_overdue(pc):
    imported = ViolationFactory(inspection__enterprise=pc.a, deadline=None)
    with at(datetime.date(2030, 1, 1)):
        assert not imported.is_overdue
        assert imported.pk not in overdue_ids()


def test_overdue_filter_and_home_counts_follow_the_calendar(client, pc, violation):
    client.force_login(pc.inspector_a)
    url = reverse("inspections:violation_list")
    with at(DEADLINE - datetime.timedelta(days=2)):
        assert not client.get(url, {"overdue": "yes"}).context["page"].object_list
        assert len(client.get(url, {"due_soon": "yes"}).context["page"].object_list) == 1
        counts = client.get(reverse("home")).context["panels"]
        panel = next(p for p in counts if "panel_home" in p.template).context
        assert (panel["counts"]["overdue"], panel["counts"]["due_soon"]) == (0, 1)
    with at(DEADLINE + datetime.timedelta(days=1)):
        listed = client.get(url, {"overdue": "yes"}).context["page"].object_list
        assert [v.pk for v in listed] == [violation.pk]
        assert listed[0].is_overdue
        panels = client.get(reverse("home")).context["panels"]
        panel = next(p for p in panels if "panel_home" in p.template).context
        assert (panel["counts"]["overdue"], panel["counts"]["due_soon"]) == (1, 0)
        assert [v.pk for v in panel["overdue"]] == [violation.pk]


def test_inspection_list_filters_inspections_with_overdue_violations(client, pc, violation):
    other = InspectionFactory(enterprise=pc.a, date=datetime.date(2025, 6, 12))
    ViolationFactory(inspection=other, deadline=DEADLINE + datetime.timedelta(days=30))
    client.force_login(pc.inspector_a)
    url = reverse("inspections:inspection_list")
    with at(DEADLINE + datetime.timedelta(days=1)):
        overdue = client.get(url, {"overdue": "yes"}).context["page"].object_list
        assert [i.pk for i in overdue] == [violation.inspection_id]
        assert overdue[0].overdue_total == 1
        rest = client.get(url, {"overdue": "no"}).context["page"].object_list
        assert [i.pk for i in rest] == [other.pk]

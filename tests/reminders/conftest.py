"""Reminders are asserted through the notifications they write: their keys, recipients and
the sentences they read as (in English)."""

import datetime

import pytest
import time_machine

from kzsafety.accounts.models import Notification, User
from tests.councils.factories import CouncilFactory, CouncilMemberFactory, local
from tests.factories import InspectionFactory, UserFactory, ViolationFactory, link_registry_record

# A Tuesday.
TODAY = datetime.date(2025, 6, 10)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english(english):
    """Sentences are asserted in English."""


def on(day: datetime.date):
    """Freeze the clock at noon of `day` in Asia/Almaty."""
    return time_machine.travel(local(day.year, day.month, day.day), tick=False)


def keys_of(user: User) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("key", flat=True))


def texts_of(user: User) -> list[str]:
    return [n.text for n in Notification.objects.filter(user=user).order_by("pk")]


@pytest.fixture
def people(world):
    """At enterprise A: its inspector (linked to the registry record the inspections use),
    the chair of its active council (an account with no role of its own) and council_a (a
    council member by role). A member of B's council hears nothing of A."""
    record = link_registry_record(world.inspector_a)
    council = CouncilFactory(enterprise=world.a)
    chair = UserFactory(username="chair_a")
    CouncilMemberFactory(council=council, user=chair, full_name="Chair of A")
    other = UserFactory(username="member_b")
    CouncilMemberFactory(council=CouncilFactory(enterprise=world.b), user=other)
    world.record_a, world.chair_a, world.member_b, world.council_of_a = (
        record,
        chair,
        other,
        council,
    )
    return world


def violation_at_a(people, deadline: datetime.date, **fields):
    inspection = InspectionFactory(
        enterprise=people.a, inspector=people.record_a, date=deadline - 30 * DAY
    )
    return ViolationFactory(inspection=inspection, deadline=deadline, **fields)

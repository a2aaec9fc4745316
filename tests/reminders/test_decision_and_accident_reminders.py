"""Council decisions past their deadline reach the council's people; accident reports left
waiting reach regional staff (review) or whoever filed them (returned)."""

import datetime

import pytest

from councils.models import DecisionStatus
from inspections.models import AccidentStatus, AccidentStatusChange
from kzsafety.accounts.models import Role
from kzsafety.reminders.runs import DAILY, run
from kzsafety.reminders.scans import add_working_days
from tests.councils.factories import DecisionFactory, MeetingFactory, local
from tests.factories import UserFactory
from tests.inspections.accident_factories import AccidentFactory
from tests.reminders.conftest import DAY, TODAY, keys_of, on, texts_of

pytestmark = pytest.mark.django_db


# --- Decisions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_after_deadline", "reminded"),
    [(0, False), (1, True), (30, True), (31, False)],
)
def test_a_decision_is_reminded_from_the_day_after_its_deadline(
    people, days_after_deadline, reminded
):
    deadline = TODAY - days_after_deadline * DAY
    meeting = MeetingFactory(council=people.council_of_a, date=deadline - 20 * DAY)
    decision = DecisionFactory(meeting=meeting, deadline=deadline)
    with on(TODAY):
        run(DAILY)
    expected = [f"decision_overdue:{decision.pk}:{deadline}"] if reminded else []
    assert keys_of(people.chair_a) == expected
    assert keys_of(people.council_a) == expected
    assert keys_of(people.member_b) == []
    assert keys_of(people.inspector_a) == []


def test_a_done_decision_is_not_reminded_and_an_overdue_one_reads_well(people):
    meeting = MeetingFactory(council=people.council_of_a, date=datetime.date(2025, 5, 20))
    DecisionFactory(meeting=meeting, deadline=TODAY - DAY, status=DecisionStatus.DONE)
    DecisionFactory(meeting=meeting, deadline=TODAY - DAY)
    with on(TODAY):
        run(DAILY)
        run(DAILY)
    assert texts_of(people.chair_a) == [
        "Decision No. 2 of the 20.05.2025 meeting of the council at A Mining Karaganda was "
        "due on 09.06.2025 and is not done."
    ]


# --- Accident reports ---------------------------------------------------------------------


def entered(accident, status: str, day: datetime.date, by) -> None:
    """Record that the report entered `status` on `day` (as the workflow would have)."""
    change = AccidentStatusChange.objects.create(
        accident=accident, from_status="", to_status=status, by=by
    )
    AccidentStatusChange.objects.filter(pk=change.pk).update(at=local(day.year, day.month, day.day))


def test_working_days_skip_the_weekend():
    monday, friday = datetime.date(2025, 6, 2), datetime.date(2025, 6, 6)
    assert add_working_days(monday, 5) == datetime.date(2025, 6, 9)
    assert add_working_days(friday, 5) == datetime.date(2025, 6, 13)
    assert add_working_days(datetime.date(2025, 6, 7), 1) == datetime.date(2025, 6, 9)


@pytest.mark.parametrize(
    ("submitted", "today", "reminded"),
    [
        # Submitted on a Monday: the fifth working day after is the next Monday.
        (datetime.date(2025, 6, 2), datetime.date(2025, 6, 9), False),
        (datetime.date(2025, 6, 2), datetime.date(2025, 6, 10), True),
        # Submitted on a Friday: the weekend does not count; due the next Friday.
        (datetime.date(2025, 6, 6), datetime.date(2025, 6, 13), False),
        (datetime.date(2025, 6, 6), datetime.date(2025, 6, 14), True),
        (datetime.date(2025, 6, 6), datetime.date(2025, 7, 13), True),
        (datetime.date(2025, 6, 6), datetime.date(2025, 7, 14), False),  # past the look-back
    ],
)
def test_a_report_waiting_for_review_more_than_five_working_days_reaches_regional_staff(
    people, submitted, today, reminded
):
    accident = AccidentFactory(enterprise=people.a, date=submitted - DAY, created_by=None)
    entered(accident, AccidentStatus.SUBMITTED, submitted, people.inspector_a)
    pavlodar = UserFactory(role=Role.REGIONAL_STAFF, region=people.b.region)
    with on(today):
        run(DAILY)
    due = add_working_days(submitted, 5)
    assert keys_of(people.regional) == (
        [f"accident_review:{accident.pk}:{due}"] if reminded else []
    )
    assert keys_of(pavlodar) == []
    assert keys_of(people.inspector_a) == []


def test_a_review_reminder_reads_well_and_a_verified_report_is_not_reminded(people):
    waiting = AccidentFactory(enterprise=people.a, date=datetime.date(2025, 6, 1))
    entered(waiting, AccidentStatus.SUBMITTED, datetime.date(2025, 6, 2), people.inspector_a)
    verified = AccidentFactory(enterprise=people.a, status=AccidentStatus.VERIFIED)
    entered(verified, AccidentStatus.SUBMITTED, datetime.date(2025, 6, 2), people.inspector_a)
    with on(TODAY):
        run(DAILY)
    assert texts_of(people.regional) == [
        "The accident report of A Mining Karaganda (accident of 01.06.2025), submitted on "
        "02.06.2025, has waited for review more than 5 working days."
    ]


def test_an_imported_report_without_history_counts_from_its_creation(people):
    with on(datetime.date(2025, 6, 2)):
        accident = AccidentFactory(enterprise=people.a)
    with on(TODAY):
        run(DAILY)
    assert keys_of(people.regional) == [f"accident_review:{accident.pk}:2025-06-09"]


@pytest.mark.parametrize(
    ("today", "reminded"),
    [(datetime.date(2025, 6, 11), False), (datetime.date(2025, 6, 12), True)],
)
def test_a_returned_report_not_submitted_again_in_ten_days_reaches_who_filed_it(
    people, today, reminded
):
    accident = AccidentFactory(
        enterprise=people.a, status=AccidentStatus.RETURNED, created_by=people.inspector_a
    )
    entered(accident, AccidentStatus.SUBMITTED, datetime.date(2025, 5, 25), people.inspector_a)
    entered(accident, AccidentStatus.RETURNED, datetime.date(2025, 6, 1), people.regional)
    with on(today):
        run(DAILY)
        run(DAILY)
    expected = [f"accident_returned:{accident.pk}:2025-06-11"] if reminded else []
    assert keys_of(people.inspector_a) == expected
    assert keys_of(people.regional) == []
    if reminded:
        assert texts_of(people.inspector_a) == [
            "The accident report of A Mining Karaganda (accident of 10.06.2025) was returned "
            "for correction on 01.06.2025 and has not been submitted again in 10 days."
        ]


def test_a_report_returned_again_later_is_reminded_again(people):
    accident = AccidentFactory(
        enterprise=people.a, status=AccidentStatus.RETURNED, created_by=people.inspector_a
    )
    entered(accident, AccidentStatus.RETURNED, datetime.date(2025, 6, 1), people.regional)
    with on(datetime.date(2025, 6, 12)):
        run(DAILY)
    entered(accident, AccidentStatus.RETURNED, datetime.date(2025, 6, 20), people.regional)
    with on(datetime.date(2025, 7, 1)):
        run(DAILY)
    assert keys_of(people.inspector_a) == [
        f"accident_returned:{accident.pk}:2025-06-11",
        f"accident_returned:{accident.pk}:2025-06-30",
    ]

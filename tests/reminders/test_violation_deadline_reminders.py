"""The inspector and the council people of the enterprise hear of a violation a week before
its deadline, the day before, and the day after it passed; once each per deadline."""

import pytest

from inspections.models import InspectionStatus, ViolationStatus
from kzsafety.accounts.models import Notification
from kzsafety.reminders.runs import DAILY, run
from tests.reminders.conftest import DAY, TODAY, keys_of, on, texts_of, violation_at_a

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days_to_deadline", "reason"),
    [
        (8, None),
        (7, "7d"),
        (2, "7d"),
        (1, "1d"),
        (0, "1d"),
        (-1, "passed"),
        (-30, "passed"),
        (-31, None),  # older than the look-back: the weekly escalation covers it
    ],
)
def test_a_violation_is_reminded_at_each_threshold_and_not_before(people, days_to_deadline, reason):
    deadline = TODAY + days_to_deadline * DAY
    violation = violation_at_a(people, deadline)
    with on(TODAY):
        run(DAILY)
    expected = [] if reason is None else [f"violation_due:{reason}:{violation.pk}:{deadline}"]
    for user in (people.inspector_a, people.chair_a, people.council_a):
        assert keys_of(user) == expected
    assert keys_of(people.member_b) == []
    assert keys_of(people.regional) == []


def test_each_reason_is_sent_once_as_the_days_go_by(people):
    violation = violation_at_a(people, TODAY + 7 * DAY)
    for day in range(0, 12):
        with on(TODAY + day * DAY):
            run(DAILY)
    deadline = violation.deadline
    assert keys_of(people.inspector_a) == [
        f"violation_due:1d:{violation.pk}:{deadline}",
        f"violation_due:7d:{violation.pk}:{deadline}",
        f"violation_due:passed:{violation.pk}:{deadline}",
    ]
    assert texts_of(people.inspector_a) == [
        "Violation No. 1 found at A Mining Karaganda on 18.05.2025 is due on 17.06.2025, "
        "in 7 days.",
        "Violation No. 1 found at A Mining Karaganda on 18.05.2025 is due tomorrow, 17.06.2025.",
        "Violation No. 1 found at A Mining Karaganda on 18.05.2025 was due on 17.06.2025 and "
        "is not eliminated.",
    ]
    assert Notification.objects.filter(user=people.chair_a).count() == 3


def test_a_changed_deadline_is_reminded_again(people):
    violation = violation_at_a(people, TODAY + DAY)
    with on(TODAY):
        run(DAILY)
        violation.deadline = TODAY + 5 * DAY
        violation.save()
        run(DAILY)
        run(DAILY)
    assert keys_of(people.inspector_a) == [
        f"violation_due:1d:{violation.pk}:{TODAY + DAY}",
        f"violation_due:7d:{violation.pk}:{TODAY + 5 * DAY}",
    ]


def test_eliminated_violations_and_draft_inspections_are_not_reminded(people):
    violation_at_a(
        people, TODAY - DAY, status=ViolationStatus.ELIMINATED, eliminated_on=TODAY - DAY
    )
    draft = violation_at_a(people, TODAY + DAY)
    draft.inspection.status, draft.inspection.finalized_at = InspectionStatus.DRAFT, None
    draft.inspection.save()
    with on(TODAY):
        assert run(DAILY)["violation_deadline"] == 0
    assert not Notification.objects.exists()


def test_inactive_accounts_and_dissolved_councils_hear_nothing(people):
    people.inspector_a.is_active = False
    people.inspector_a.save()
    people.council_of_a.dissolved_on = TODAY - DAY
    people.council_of_a.save()
    violation_at_a(people, TODAY + DAY)
    with on(TODAY):
        run(DAILY)
    assert keys_of(people.inspector_a) == []
    assert keys_of(people.chair_a) == []
    assert len(keys_of(people.council_a)) == 1  # still a council member by role at A

"""Notice numbers: sequential within the year of issue, starting again at 1 each year,
and never the same twice, even when inspections are finalized at the same moment."""

import datetime
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connections

from inspections.models import Notice, NoticeCounter
from inspections.services import public_control_recording as recording
from tests.factories import InspectionFactory, linked, record_inspection

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.fixture
def pc(world):
    return linked(world)


def noon(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 7, tzinfo=datetime.UTC))


def test_numbers_run_in_sequence_within_a_year_and_restart_the_next(pc):
    with noon(2025, 12, 30):
        first = record_inspection(pc.inspector_a, pc.a, violations=1, photo=False)
        second = record_inspection(pc.inspector_a, pc.a, violations=1, photo=False)
    with noon(2026, 1, 2):
        third = record_inspection(pc.inspector_a, pc.a, violations=1, photo=False)
    assert [i.notice.number for i in (first, second, third)] == [
        "2025-000001",
        "2025-000002",
        "2026-000001",
    ]
    assert third.notice.issued_on == datetime.date(2026, 1, 2)
    assert dict(NoticeCounter.objects.values_list("year", "last_number")) == {2025: 2, 2026: 1}


def test_the_year_is_that_of_issue_not_of_the_inspection(pc):
    with noon(2026, 1, 5):
        late = record_inspection(
            pc.inspector_a, pc.a, date=datetime.date(2025, 12, 29), violations=1, photo=False
        )
    assert late.notice.number == "2026-000001"


def test_a_notice_number_cannot_be_stored_twice(pc):
    from django.db import IntegrityError, transaction

    record_inspection(pc.inspector_a, pc.a, violations=1, photo=False)
    existing = Notice.objects.get()
    other = InspectionFactory(enterprise=pc.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            inspection=other,
            year=existing.year,
            sequence=existing.sequence,
            number=f"{existing.year}-x",
            issued_on=existing.issued_on,
        )


@pytest.fixture
def reference_lists(transactional_db):
    """A transactional test ends by emptying every table, reference lists included; put
    them back first (as tests/browser/conftest.py does)."""
    from django.apps import apps

    from kzsafety.directories import reference_data

    reference_data.load(apps)


@pytest.mark.skipif(
    ON_SQLITE,
    reason="SQLite has no row locks and serializes every write, so there is no concurrent "
    "finalization to test; this test runs when DATABASE_URL points at PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter_exists", [False, True], ids=["first-of-year", "later"])
def test_inspections_finalized_at_the_same_moment_get_different_numbers(
    reference_lists, world, monkeypatch, counter_exists
):
    pc = linked(world)
    year = datetime.date.today().year
    if counter_exists:
        NoticeCounter.objects.create(year=year, last_number=41)
    drafts = [
        record_inspection(
            pc.inspector_a if n % 2 == 0 else pc.inspector_b,
            pc.a if n % 2 == 0 else pc.b,
            violations=1,
            photo=False,
            finalize=False,
        )
        for n in range(4)
    ]
    users = {pc.a.pk: pc.inspector_a, pc.b.pk: pc.inspector_b}

    # Widen the window: whoever takes a number holds it a while before committing, so the
    # others are certainly waiting at the same point at the same time.
    original = recording._next_notice_sequence

    def slow_next(year):
        number = original(year)
        threading.Event().wait(0.2)
        return number

    monkeypatch.setattr(recording, "_next_notice_sequence", slow_next)
    start = threading.Barrier(len(drafts))
    numbers, errors = [], []

    def finalize(draft):
        try:
            start.wait()
            notice = recording.inspection_finalize(
                user=users[draft.enterprise_id], inspection=draft
            )
            numbers.append(notice.number)
        except Exception as error:  # reported below with the others
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=finalize, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    first = 42 if counter_exists else 1
    assert sorted(numbers) == [f"{year}-{n:06d}" for n in range(first, first + len(drafts))]
    assert Notice.objects.count() == len(drafts)
    assert NoticeCounter.objects.get(year=year).last_number == first + len(drafts) - 1

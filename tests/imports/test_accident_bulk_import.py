"""The bulk accident import against the one-by-one path (every accident through
`accident_save`): on the same files, the same records, history and errors."""

import datetime

import pytest

from inspections.models import Accident, AccidentStatus, AccidentStatusChange, Victim
from kzsafety.directories.validators import check_digit
from tests.imports.conftest import csv_bytes, messages, outcome, run
from tests.imports.conftest import import_both_ways as both_ways
from tests.imports.test_accident_import import HEADER, victim_row
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

ONE_BY_ONE = "accidents_one_by_one"


@pytest.fixture(autouse=True)
def one_by_one_kind(settings):
    settings.IMPORT_KINDS = {
        **settings.IMPORT_KINDS,
        ONE_BY_ONE: "inspections.imports.accidents.OneByOneAccidentsKind",
    }


def iin(seed: int) -> str:
    first = f"8501{seed:07d}"
    while check_digit(first) is None:
        seed += 1
        first = f"8501{seed:07d}"
    return first + str(check_digit(first))


def existing_records(world):
    """Reports already in the database: a returned one the file corrects, a submitted one
    the file repeats, a submitted one a new report duplicates, one in another region."""
    returned = AccidentFactory(
        reference="OLD-RET",
        enterprise=world.a,
        date=datetime.date(2025, 2, 1),
        status=AccidentStatus.RETURNED,
        employee_fault_pct=None,
        union_present=True,
        cause=None,
        event_type=None,
    )
    VictimFactory(accident=returned, full_name="Asel Bek", age=30, position=1)
    VictimFactory(accident=returned, full_name="Removed Person", age=31, position=2)
    submitted = AccidentFactory(
        reference="OLD-SUB",
        enterprise=world.c,
        date=datetime.date(2025, 1, 15),
        employee_fault_pct=None,
        union_present=False,
        description="Burn",
    )
    VictimFactory(
        accident=submitted, full_name="Ruslan Ali", age=50, position=1, sex="m", days_lost=3
    )
    paper = AccidentFactory(reference="", enterprise=world.a, date=datetime.date(2025, 5, 5))
    VictimFactory(accident=paper, full_name="Aigul Nur", iin=iin(7), age=28)
    AccidentFactory(reference="PAV-HIDDEN", enterprise=world.b)


def old_sub_row(world, **changes):
    values = {
        "date": "2025-01-15",
        "union_present": "no",
        "cause": "",
        "event_type": "",
        "employer_fault_pct": "60",
        "description": "Burn",
        "victim_age": "50",
        "days_lost": "3",
    }
    return victim_row("OLD-SUB", world.c, "Ruslan Ali", **{**values, **changes})


def good_file(world) -> bytes:
    return csv_bytes(
        [
            HEADER,
            victim_row("NEW-1", world.a, "Bolat Serikov", victim_iin=iin(1)),
            victim_row(
                "NEW-1",
                world.a,
                "Dana Omarova",
                outcome="fatal",
                victim_died_on="2025-03-06",
                victim_sex="f",
            ),
            victim_row(
                "OLD-RET",
                world.a,
                "Asel Bek",
                date="2025-02-01",
                cause="",
                event_type="",
                victim_age="33",
            ),
            victim_row("NEW-2", world.c, "Erlan Sadyk", date="2025-04-01"),
            victim_row("NEW-2", world.c, "Gulnar Sadyk", date="2025-04-01", victim_sex="f"),
            victim_row("NEW-2", world.c, "", date="2025-04-01", victim_age=""),
            old_sub_row(world),
            victim_row("NEW-3", world.a, "Marat Ospan", date="2025-03-05", union_present="no"),
            # The same person on another date, and another person on NEW-1's date: no
            # duplicates.
            victim_row("NEW-4", world.a, "Bolat Serikov", date="2025-03-07"),
            victim_row("NEW-5", world.a, "Someone Else", victim_iin=iin(2)),
        ]
    )


def bad_file(world) -> bytes:
    return csv_bytes(
        [
            HEADER,
            victim_row("NEW-1", world.a, "Bolat Serikov"),
            victim_row("FUTURE", world.a, "Tomorrow Person", date="2099-01-01"),
            victim_row("YOUNG", world.c, "Child Worker", victim_age="12"),
            victim_row("LIGHT-DIED", world.c, "Alive Person", victim_died_on="2025-03-05"),
            victim_row(
                "DIED-EARLY",
                world.c,
                "Early Death",
                outcome="fatal",
                victim_died_on="2025-03-01",
            ),
            # The same victim as the paper report of A on 5 May (name in other case).
            victim_row("DUP-DB", world.a, "aigul NUR ", date="2025-05-05"),
            # Two new reports naming the same IIN on the same day at C: the second.
            victim_row("DUP-1", world.c, "First Name", date="2025-02-02", victim_iin=iin(3)),
            victim_row("DUP-2", world.c, "Other Name", date="2025-02-02", victim_iin=iin(3)),
            # ... and a third naming the second one's victim: the second was saved too.
            victim_row("DUP-3", world.c, "other name", date="2025-02-02"),
            victim_row("CELL", world.a, "Bad Cell", date="not a date"),
            victim_row("PAV-HIDDEN", world.a, "Hidden"),
            old_sub_row(world, victim_age="51"),
            victim_row("MIXED", world.a, "One"),
            victim_row("MIXED", world.a, "Two", date="2025-03-09"),
            victim_row("OUTSIDE", world.b, "Outside Scope"),
            victim_row("NEW-9", world.a, "Fine Person", date="2025-03-10"),
        ]
    )


def snapshot():
    """Everything the import writes, by natural keys (ids and clocks differ between runs)."""

    def ref(accident_id):
        return Accident.objects.filter(pk=accident_id).values_list("reference", flat=True).first()

    skip = {"id", "created_at", "updated_at"}
    accident_fields = [f.attname for f in Accident._meta.concrete_fields if f.name not in skip]
    victim_fields = [f.attname for f in Victim._meta.concrete_fields if f.name != "id"]
    accidents = sorted(
        Accident.objects.order_by().values_list(*accident_fields), key=lambda r: repr(r)
    )
    victims = sorted(
        (ref(v[victim_fields.index("accident_id")]), *v)
        for v in Victim.objects.order_by().values_list(*victim_fields)
    )
    victims = [
        tuple(x for i, x in enumerate(v) if i != 1 + victim_fields.index("accident_id"))
        for v in victims
    ]
    changes = [
        (ref(c.accident_id), c.from_status, c.to_status, c.by_id, c.comment)
        for c in AccidentStatusChange.objects.order_by("pk")
    ]
    accident_history = [
        (
            ref(h.id),
            h.history_type,
            h.status,
            h.version,
            h.history_user_id,
            h.history_change_reason,
            *(getattr(h, f) for f in accident_fields),
        )
        for h in Accident.history.order_by("history_id")
    ]
    victim_history = [
        (
            ref(h.accident_id),
            h.history_type,
            h.position,
            h.full_name,
            h.iin,
            h.age,
            h.outcome,
            h.died_on,
            h.history_user_id,
            h.history_change_reason,
        )
        for h in Victim.history.order_by("history_id")
    ]
    # Each record's history in its order; the bulk path writes a batch's rows of one kind
    # together, so rows of different records interleave differently.
    accident_history.sort(key=lambda h: h[0])
    victim_history.sort(key=lambda h: (h[0], h[2]))
    return {
        "accidents": accidents,
        "victims": victims,
        "status changes": changes,
        "accident history": accident_history,
        "victim history": victim_history,
    }


def import_both_ways(content: bytes, user):
    return both_ways("accidents", ONE_BY_ONE, content, user, snapshot)


PERSONAS = ["federation", "regional"]  # the roles that import


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_bulk_import_writes_the_same_records_and_history_as_one_by_one(world, persona):
    existing_records(world)
    user = getattr(world, persona)
    one_by_one, expected, bulk, written = import_both_ways(good_file(world), user)
    assert one_by_one.ok, messages(one_by_one)
    assert outcome(bulk) == outcome(one_by_one)
    assert bulk.created > 0
    for part in expected:
        assert written[part] == expected[part], part
    assert Accident.objects.filter(reference="NEW-2", status=AccidentStatus.SUBMITTED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_bulk_import_reports_the_same_errors_as_one_by_one(world, persona):
    existing_records(world)
    before = snapshot()
    one_by_one, _state, bulk, written = import_both_ways(bad_file(world), getattr(world, persona))
    assert not one_by_one.ok
    assert outcome(bulk) == outcome(one_by_one)
    assert len(bulk.errors) >= 10
    assert written == before  # all or nothing


@pytest.mark.django_db
def test_the_bad_file_finds_every_kind_of_error(world):
    existing_records(world)
    result = run("accidents", bad_file(world), user=world.federation)
    text = "\n".join(messages(result))
    for expected in (
        "row 3, column date: The accident date cannot be in the future.",
        "row 4, column victim_age: The victim's age must be between 14 and 100.",
        "row 5, column victim_died_on: A date of death is only for a fatal outcome.",
        "row 6, column victim_died_on: The date of death cannot be before the accident.",
        "row 7, column accident_ref: A report of this enterprise on the same date",
        "row 9, column accident_ref: A report of this enterprise on the same date",
        "row 10, column accident_ref: A report of this enterprise on the same date",
        "row 11, column date:",
        "row 13, column accident_ref: This report can no longer be changed.",
        "row 15, column date: This differs from row 14 of the same accident.",
    ):
        assert expected in text
    assert "row 8," not in text  # the first of the two is fine


@pytest.mark.django_db
def test_bulk_import_as_a_dry_run_gives_the_same_counts_and_writes_nothing(world):
    existing_records(world)
    before = snapshot()
    real = run(ONE_BY_ONE, good_file(world), user=world.federation, dry_run=True)
    dry = run("accidents", good_file(world), user=world.federation, dry_run=True)
    assert outcome(dry) == outcome(real)
    assert snapshot() == before

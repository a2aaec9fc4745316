"""The `accidents` kind: one row per victim, rows sharing `accident_ref` form one accident,
saved through `accident_save` (the filing page's write function) and marked submitted."""

import datetime

import pytest

from inspections.models import Accident, AccidentStatus, AccidentStatusChange, Victim
from kzsafety.accounts.models import User
from tests.imports.conftest import csv_bytes, messages, run
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

HEADER = [
    "accident_ref",
    "date",
    "enterprise_bin",
    "union_present",
    "cause",
    "event_type",
    "employer_fault_pct",
    "description",
    "victim_name",
    "victim_iin",
    "victim_sex",
    "victim_age",
    "outcome",
    "victim_died_on",
    "days_lost",
]


def victim_row(ref, enterprise, name, outcome="light", **changes):
    row = {
        "accident_ref": ref,
        "date": "2025-03-04",
        "enterprise_bin": enterprise.bin,
        "union_present": "",
        "cause": "work_organisation",
        "event_type": "fall_from_height",
        "employer_fault_pct": "60%",
        "description": "Fell from a scaffold",
        "victim_name": name,
        "victim_iin": "",
        "victim_sex": "m",
        "victim_age": "41",
        "outcome": outcome,
        "victim_died_on": "",
        "days_lost": "12",
    }
    row.update(changes)
    return [row[key] for key in HEADER]


def two_accidents(world):
    return csv_bytes(
        [
            HEADER,
            victim_row("KAR-1", world.a, "Bolat Serikov"),
            victim_row(
                "KAR-1",
                world.a,
                "Dana Omarova",
                outcome="fatal",
                victim_died_on="2025-03-06",
                victim_sex="f",
            ),
            victim_row("PAV-9", world.b, "Yerlan Kassym", union_present="no", date="10.01.2025"),
        ]
    )


@pytest.mark.django_db
def test_rows_with_the_same_reference_become_one_submitted_accident_with_its_victims(world):
    result = run("accidents", two_accidents(world), user=world.federation)
    assert result.ok, messages(result)
    assert (result.created, result.updated) == (3, 0)
    accident = Accident.objects.get(reference="KAR-1")
    assert accident.status == AccidentStatus.SUBMITTED
    assert accident.enterprise == world.a
    assert accident.union_present is True  # the enterprise's membership, as the page does
    assert accident.employer_fault_pct == 60
    assert accident.cause.key == "work_organisation"
    assert [(v.position, v.full_name, v.outcome) for v in accident.victims.all()] == [
        (1, "Bolat Serikov", "light"),
        (2, "Dana Omarova", "fatal"),
    ]
    assert accident.is_group and accident.is_fatal
    changes = list(accident.status_changes.values_list("from_status", "to_status", "by"))
    assert changes == [
        ("", AccidentStatus.DRAFT, world.federation.pk),
        (AccidentStatus.DRAFT, AccidentStatus.SUBMITTED, world.federation.pk),
    ]
    other = Accident.objects.get(reference="PAV-9")
    assert (other.date, other.union_present) == (datetime.date(2025, 1, 10), False)


@pytest.mark.django_db
def test_reimporting_the_same_accidents_changes_nothing(world):
    run("accidents", two_accidents(world), user=world.federation)
    again = run("accidents", two_accidents(world), user=world.federation)
    assert again.ok, messages(again)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Accident.objects.count() == 2
    assert Victim.objects.count() == 3
    assert AccidentStatusChange.objects.count() == 4


@pytest.mark.django_db
def test_a_submitted_report_cannot_be_changed_by_an_import_as_on_the_page(world):
    run("accidents", two_accidents(world), user=world.federation)
    changed = csv_bytes(
        [HEADER, victim_row("PAV-9", world.b, "Yerlan Kassym", date="10.01.2025", victim_age="42")]
    )
    result = run("accidents", changed, user=world.federation)
    assert messages(result) == ["row 2, column accident_ref: This report can no longer be changed."]
    assert Victim.objects.get(full_name="Yerlan Kassym").age == 41


@pytest.mark.django_db
def test_a_returned_report_is_corrected_and_submitted_again(world):
    accident = AccidentFactory(
        enterprise=world.b,
        reference="PAV-9",
        status=AccidentStatus.RETURNED,
        date=datetime.date(2025, 1, 10),
    )
    VictimFactory(accident=accident, full_name="Yerlan Kassym", age=40)
    VictimFactory(accident=accident, full_name="Wrongly added")
    content = csv_bytes([HEADER, victim_row("PAV-9", world.b, "Yerlan Kassym", date="10.01.2025")])
    result = run("accidents", content, user=world.federation)
    assert result.ok, messages(result)
    assert result.updated == 1
    accident.refresh_from_db()
    assert accident.status == AccidentStatus.SUBMITTED
    assert list(accident.victims.values_list("full_name", "age")) == [("Yerlan Kassym", 41)]
    last = accident.status_changes.last()
    assert (last.from_status, last.to_status, last.by) == (
        AccidentStatus.RETURNED,
        AccidentStatus.SUBMITTED,
        world.federation,
    )


@pytest.mark.django_db
def test_rows_of_one_accident_must_agree_on_the_accident(world):
    content = csv_bytes(
        [
            HEADER,
            victim_row("KAR-2", world.a, "One"),
            victim_row("KAR-2", world.a, "Two", date="2025-03-05"),
        ]
    )
    result = run("accidents", content, user=world.federation)
    assert messages(result) == ["row 3, column date: This differs from row 2 of the same accident."]
    assert not Accident.objects.exists()


@pytest.mark.django_db
def test_the_models_rules_are_reported_at_the_cell(world):
    content = csv_bytes(
        [
            HEADER,
            victim_row("KAR-3", world.a, "Light but dead", victim_died_on="2025-03-05"),
            victim_row("KAR-4", world.a, "Too young", victim_age="12"),
            victim_row("KAR-5", world.a, "Future", date="2999-01-01"),
            victim_row("KAR-6", world.a, "Too much fault", employer_fault_pct="120"),
        ]
    )
    result = run("accidents", content, user=world.federation)
    assert messages(result) == [
        "row 2, column victim_died_on: A date of death is only for a fatal outcome.",
        "row 3, column victim_age: The victim's age must be between 14 and 100.",
        "row 4, column date: The accident date cannot be in the future.",
        "row 5, column employer_fault_pct: The number must be at most 100.",
    ]
    assert not Accident.objects.exists()


@pytest.mark.django_db
def test_a_system_import_files_reports_as_a_system_account_that_cannot_log_in(world):
    result = run("accidents", two_accidents(world), user=None)
    assert result.ok, messages(result)
    system = User.objects.get(username="system-import")
    assert not system.has_usable_password()
    assert Accident.objects.get(reference="KAR-1").status_changes.last().by == system


@pytest.mark.django_db
def test_an_accident_already_filed_on_the_page_is_not_imported_twice(world):
    filed = AccidentFactory(enterprise=world.a, date=datetime.date(2025, 3, 4))
    VictimFactory(accident=filed, full_name="Bolat Serikov")
    content = csv_bytes([HEADER, victim_row("KAR-1", world.a, "Bolat Serikov")])
    result = run("accidents", content, user=world.federation)
    assert len(result.errors) == 1
    assert result.errors[0].row == 2
    assert "already names the same victim" in result.errors[0].message
    assert Accident.objects.count() == 1

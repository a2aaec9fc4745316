"""The `inspections` and `violations` kinds: completed inspections (created finalized, with
their stoppage and proposal counts) and the violations they found, keyed by the row's order
among the rows of its inspection."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from inspections.models import (
    Inspection,
    InspectionStatus,
    Proposal,
    Violation,
    ViolationStatus,
    WorkStoppage,
)
from kzsafety.directories.models import TechnicalInspector, ViolationCategory
from kzsafety.imports.kinds import get_kind
from tests.factories import (
    InspectionFactory,
    ProposalFactory,
    TechnicalInspectorFactory,
    ViolationFactory,
    WorkStoppageFactory,
)
from tests.imports.conftest import command, csv_bytes, messages, run, xlsx_bytes

INSPECTIONS = [
    "inspection_ref",
    "date",
    "enterprise_bin",
    "inspector_number",
    "kind",
    "work_stopped",
    "proposals",
]
VIOLATIONS = ["inspection_ref", "description", "category", "deadline", "status", "eliminated_on"]


def inspector_of(enterprise) -> TechnicalInspector:
    return TechnicalInspector.objects.get(enterprise=enterprise)


def two_inspections(world) -> list[list]:
    a, b = inspector_of(world.a), inspector_of(world.b)
    return [
        INSPECTIONS,
        ["KRG-2025-001", "2025-03-04", world.a.bin, a.number, "planned", "yes", "3"],
        ["PVL-2025-017", "17.05.2025", world.b.bin, b.number, "unscheduled", "no", ""],
    ]


def state() -> tuple:
    """Everything the public-control import may write, to compare before and after."""
    return (
        sorted(Inspection.objects.values_list("reference", "date", "kind", "status")),
        sorted(Violation.objects.values_list("inspection__reference", "position", "status")),
        WorkStoppage.objects.count(),
        Proposal.objects.count(),
        Inspection.history.count(),
        Violation.history.count(),
    )


# --- inspections -------------------------------------------------------------------------


@pytest.mark.django_db
def test_inspections_are_created_finalized_with_stoppage_and_proposals(world):
    result = run("inspections", csv_bytes(two_inspections(world)), user=world.federation)
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    first = Inspection.objects.get(reference="KRG-2025-001")
    assert (first.date, first.enterprise, first.inspector, first.kind) == (
        datetime.date(2025, 3, 4),
        world.a,
        inspector_of(world.a),
        "planned",
    )
    assert first.status == InspectionStatus.FINALIZED and first.finalized_at is not None
    assert first.created_by == world.federation
    stoppage = first.stoppages.get()
    assert (stoppage.started_on, stoppage.reason, stoppage.lifted_on) == (first.date, "", None)
    assert first.proposals.count() == 3
    assert set(first.proposals.values_list("text", "status")) == {("", "proposed")}
    second = Inspection.objects.get(reference="PVL-2025-017")
    assert (second.date, second.kind) == (datetime.date(2025, 5, 17), "unscheduled")
    assert (second.stoppages.count(), second.proposals.count()) == (0, 0)
    assert first.history.get().history_type == "+"
    assert first.history.get().history_user == world.federation


@pytest.mark.django_db
def test_reimporting_the_same_inspections_changes_nothing(world):
    content = xlsx_bytes(two_inspections(world))
    assert run("inspections", content).ok
    before = state()
    again = run("inspections", content)
    assert again.ok, messages(again)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert state() == before


@pytest.mark.django_db
def test_reimport_updates_the_inspection_and_what_the_import_made(world):
    rows = two_inspections(world)
    assert run("inspections", csv_bytes(rows)).ok
    rows[1] = [*rows[1][:4], "joint", "yes", "1"]  # kind changed, proposals 3 -> 1
    rows[1][1] = "2025-03-06"  # the imported stoppage moves with the date
    rows[2] = [*rows[2][:5], "yes", "2"]  # a stoppage and proposals added
    result = run("inspections", csv_bytes(rows))
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 0)
    first = Inspection.objects.get(reference="KRG-2025-001")
    assert (first.kind, first.date, first.proposals.count()) == (
        "joint",
        datetime.date(2025, 3, 6),
        1,
    )
    assert list(first.stoppages.values_list("started_on", flat=True)) == [first.date]
    second = Inspection.objects.get(reference="PVL-2025-017")
    assert (second.stoppages.count(), second.proposals.count()) == (1, 2)
    rows[1][5] = "no"
    assert run("inspections", csv_bytes(rows)).ok
    assert first.stoppages.count() == 0
    assert Inspection.objects.count() == 2


@pytest.mark.django_db
def test_a_reimport_cannot_remove_what_people_recorded_in_the_app(world):
    rows = two_inspections(world)
    assert run("inspections", csv_bytes(rows)).ok
    first = Inspection.objects.get(reference="KRG-2025-001")
    first.stoppages.update(reason="Unguarded conveyor")  # written in the app
    ProposalFactory.create_batch(2, inspection=first)  # with their texts
    before = state()
    rows[1][5], rows[1][6] = "no", "1"
    result = run("inspections", csv_bytes(rows))
    assert messages(result) == [
        "row 2, column work_stopped: A work stoppage with its reason is recorded for this "
        "inspection in the system; the import cannot remove it. Write “yes”.",
        "row 2, column proposals: 2 proposals of this inspection are recorded in the system "
        "with their text; the import cannot remove them. Write 2 or more.",
    ]
    assert state() == before
    rows[1][5], rows[1][6] = "yes", "2"  # the 3 blank imported ones go, the 2 texts stay
    assert run("inspections", csv_bytes(rows)).ok
    assert sorted(first.proposals.values_list("text", flat=True)) != ["", ""]
    assert first.proposals.filter(text="").count() == 0
    assert first.proposals.count() == 2


@pytest.mark.django_db
def test_every_bad_inspection_row_is_reported_and_nothing_is_written(world):
    inspector = inspector_of(world.a)
    future = timezone.localdate() + datetime.timedelta(days=3)
    rows = [
        *two_inspections(world),
        ["X-1", "2025-01-01", "999999999990", inspector.number, "", "", ""],
        ["X-2", "2025-01-01", world.a.bin, "TI-NOBODY", "", "", ""],
        ["X-3", "2021-12-31", world.a.bin, inspector.number, "", "", ""],
        ["X-4", future.isoformat(), world.a.bin, inspector.number, "", "", ""],
        ["X-5", "2025-01-01", world.a.bin, inspector.number, "surprise", "maybe", "-1"],
        ["KRG-2025-001", "2025-01-01", world.a.bin, inspector.number, "", "", ""],
    ]
    before = state()
    result = run("inspections", csv_bytes(rows))
    found = messages(result)
    assert "row 4, column enterprise_bin: No enterprise with this BIN in your scope." in found
    assert (
        "row 5, column inspector_number: No technical inspector with this number in the "
        "register of your scope." in found
    )
    assert (
        "row 6, column inspector_number: On 31.12.2021 this inspector was not serving: the "
        "register gives 10.01.2022 – …." in found
    )
    assert "row 7, column date: The date cannot be in the future." in found
    assert any(m.startswith("row 8, column kind: “surprise” is not one of") for m in found)
    assert any(m.startswith("row 8, column work_stopped:") for m in found)
    assert any(m.startswith("row 8, column proposals:") for m in found)
    assert "row 9, column inspection_ref: The same record is already in row 2." in found
    assert state() == before


@pytest.mark.django_db
def test_a_bad_last_row_leaves_the_database_as_it_was(world):
    rows = two_inspections(world)
    assert run("inspections", csv_bytes(rows[:2])).ok
    before = state()
    rows[1][6] = "5"
    bad = ["LAST", "2025-02-01", world.a.bin, "TI-NOBODY", "", "", ""]
    result = run("inspections", csv_bytes([*rows, bad]))
    assert not result.ok and result.error_count == 1
    assert state() == before


@pytest.mark.django_db
def test_moving_an_inspection_past_a_violation_deadline_is_refused(world):
    rows = two_inspections(world)
    assert run("inspections", csv_bytes(rows)).ok
    first = Inspection.objects.get(reference="KRG-2025-001")
    ViolationFactory(inspection=first, deadline=datetime.date(2025, 3, 20))
    rows[1][1] = "2025-04-01"
    result = run("inspections", csv_bytes(rows))
    assert messages(result) == [
        "row 2, column date: Violation 1 has a deadline before this date; change its "
        "deadline first."
    ]


@pytest.mark.django_db
def test_regional_staff_import_inspections_of_their_region_only(world):
    d = inspector_of(world.d)
    elsewhere = InspectionFactory(enterprise=world.d, inspector=d, reference="PVL-OLD")
    rows = [
        *two_inspections(world),
        ["PVL-OLD", "2025-01-05", world.a.bin, inspector_of(world.a).number, "", "", ""],
        ["KRG-3", "2025-01-05", world.c.bin, d.number, "", "", ""],
    ]
    result = run("inspections", csv_bytes(rows), user=world.regional)
    assert messages(result) == [
        "row 3, column enterprise_bin: No enterprise with this BIN in your scope.",
        "row 3, column inspector_number: No technical inspector with this number in the "
        "register of your scope.",
        "row 4, column inspection_ref: This value is not valid for you. Check it, or ask "
        "federation staff to import the row.",
        "row 5, column inspector_number: No technical inspector with this number in the "
        "register of your scope.",
    ]
    own = [INSPECTIONS, two_inspections(world)[1]]
    result = run("inspections", csv_bytes(own), user=world.regional)
    assert result.ok and result.created == 1
    elsewhere.refresh_from_db()
    assert elsewhere.enterprise == world.d


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_inspection_headers_match_their_kazakh_and_russian_labels(world, language):
    with translation.override(language):
        header = [str(column.label) for column in get_kind("inspections").columns]
    rows = [header, *two_inspections(world)[1:]]
    result = run("inspections", xlsx_bytes(rows))
    assert result.ok, messages(result)
    assert result.created == 2


# --- violations --------------------------------------------------------------------------


@pytest.fixture
def imported(world):
    assert run("inspections", csv_bytes(two_inspections(world))).ok
    return world


def violation_rows() -> list[list]:
    return [
        VIOLATIONS,
        ["KRG-2025-001", "No guard on the conveyor", "machine_guarding", "2025-04-04", "", ""],
        ["PVL-2025-017", "Expired fire extinguishers", "Пожарная безопасность", "", "open", ""],
        ["KRG-2025-001", "No harness at height", "", "10.04.2025", "eliminated", "2025-04-02"],
        ["KRG-2025-001", "Briefing log missing", "documentation", "", "", ""],
    ]


@pytest.mark.django_db
def test_violations_are_numbered_in_row_order_within_their_inspection(imported):
    result = run("violations", csv_bytes(violation_rows()), user=imported.federation)
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    krg = Inspection.objects.get(reference="KRG-2025-001")
    assert list(krg.violations.values_list("position", "description", "status")) == [
        (1, "No guard on the conveyor", "open"),
        (2, "No harness at height", "eliminated"),
        (3, "Briefing log missing", "open"),
    ]
    second = krg.violations.get(position=2)
    assert (second.deadline, second.eliminated_on, second.category) == (
        datetime.date(2025, 4, 10),
        datetime.date(2025, 4, 2),
        None,
    )
    assert krg.violations.get(position=1).category == ViolationCategory.objects.get(
        key="machine_guarding"
    )
    pvl = Inspection.objects.get(reference="PVL-2025-017").violations.get()
    assert (pvl.position, pvl.category.key, pvl.deadline) == (1, "fire_safety", None)
    assert Violation.history.filter(history_type="+").count() == 4


@pytest.mark.django_db
def test_reimporting_violations_updates_them_in_place(imported):
    rows = violation_rows()
    assert run("violations", xlsx_bytes(rows)).ok
    again = run("violations", xlsx_bytes(rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    rows[4][1] = "Briefing log missing for the night shift"
    rows[1][4], rows[1][5] = "eliminated", "2025-04-01"
    changed = run("violations", xlsx_bytes(rows))
    assert changed.ok, messages(changed)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 2, 2)
    krg = Inspection.objects.get(reference="KRG-2025-001")
    assert krg.violations.count() == 3
    assert krg.violations.get(position=3).description.endswith("night shift")
    first = krg.violations.get(position=1)
    assert (first.status, first.eliminated_on) == ("eliminated", datetime.date(2025, 4, 1))


@pytest.mark.django_db
def test_a_fix_reported_in_the_app_stands_when_the_file_says_open(imported):
    rows = violation_rows()
    assert run("violations", csv_bytes(rows)).ok
    violation = Violation.objects.get(inspection__reference="KRG-2025-001", position=1)
    violation.status = ViolationStatus.REPORTED_FIXED
    violation.save()
    result = run("violations", csv_bytes(rows))
    assert result.ok and result.unchanged == 4
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED


@pytest.mark.django_db
def test_every_bad_violation_row_is_reported_and_nothing_is_written(imported):
    draft = InspectionFactory(
        enterprise=imported.a,
        inspector=inspector_of(imported.a),
        reference="DRAFT-1",
        status=InspectionStatus.DRAFT,
    )
    assert draft.is_draft
    rows = [
        VIOLATIONS,
        ["NOPE-1", "Something", "", "", "", ""],
        ["KRG-2025-001", "Eliminated, but when?", "", "", "eliminated", ""],
        ["KRG-2025-001", "Open with a date", "", "", "open", "2025-04-01"],
        ["KRG-2025-001", "Deadline too early", "", "2025-03-01", "", ""],
        ["KRG-2025-001", "Eliminated too early", "", "", "eliminated", "2025-03-01"],
        ["KRG-2025-001", "Half way", "", "", "reported_fixed", ""],
        ["KRG-2025-001", "Unknown category", "rust", "", "", ""],
        ["KRG-2025-001", "   ", "", "", "", ""],
        ["DRAFT-1", "In a draft", "", "", "", ""],
    ]
    before = state()
    result = run("violations", csv_bytes(rows))
    found = messages(result)
    assert found[0] == (
        "row 2, column inspection_ref: No inspection with this reference in your scope. "
        "Import the inspections first, then their violations."
    )
    assert (
        "row 3, column eliminated_on: An eliminated violation needs the date it was "
        "eliminated." in found
    )
    assert (
        "row 4, column eliminated_on: Only an eliminated violation has a date of "
        "elimination; leave this blank." in found
    )
    assert (
        "row 5, column deadline: The deadline cannot be before the day of the inspection." in found
    )
    assert (
        "row 6, column eliminated_on: A violation cannot be eliminated before it was found."
        in found
    )
    assert any(m.startswith("row 7, column status: “reported_fixed” is not one of") for m in found)
    assert any(m.startswith("row 8, column category: “rust” is not in the list") for m in found)
    assert "row 9, column description: This cell is required." in found
    assert found[-1] == (
        "row 10, column inspection_ref: This inspection is still a draft in the system; its "
        "inspector records its violations there."
    )
    assert len(found) == 9
    assert state() == before


@pytest.mark.django_db
def test_regional_staff_import_violations_of_their_region_only(imported):
    rows = violation_rows()
    result = run("violations", csv_bytes(rows), user=imported.regional)
    assert messages(result) == [
        "row 3, column inspection_ref: No inspection with this reference in your scope. "
        "Import the inspections first, then their violations."
    ]
    assert Violation.objects.count() == 0
    own = [row for row in rows if row[0] != "PVL-2025-017"]
    result = run("violations", csv_bytes(own), user=imported.regional)
    assert result.ok and result.created == 3


@pytest.mark.django_db
def test_the_command_imports_inspections_then_their_violations(imported, tmp_path):
    TechnicalInspectorFactory(number="TI-NEW", enterprise=imported.c)
    rows = [INSPECTIONS, ["KRG-2025-200", "2025-06-01", imported.c.bin, "TI-NEW", "", "", ""]]
    first = command(tmp_path, "inspections", csv_bytes(rows))
    assert first.ok, first.err
    assert first.lines[-1] == "created 1, updated 0, unchanged 0"
    violations = [VIOLATIONS, ["KRG-2025-200", "Blocked emergency exit", "", "", "", ""]]
    second = command(tmp_path, "violations", csv_bytes(violations), "--user", "federation")
    assert second.ok, second.err
    assert second.lines[-1] == "created 1, updated 0, unchanged 0"
    assert Violation.objects.get(inspection__reference="KRG-2025-200").position == 1


@pytest.mark.django_db
def test_stoppages_recorded_in_the_app_are_counted_as_work_stopped(world):
    rows = two_inspections(world)
    assert run("inspections", csv_bytes(rows)).ok
    second = Inspection.objects.get(reference="PVL-2025-017")
    WorkStoppageFactory(inspection=second)
    rows[2][5] = "yes"
    result = run("inspections", csv_bytes(rows))
    assert result.ok and result.unchanged == 2
    assert second.stoppages.count() == 1


@pytest.mark.django_db
def test_imported_inspections_show_on_their_pages_in_scope_only(client, imported, english):
    assert run("violations", csv_bytes(violation_rows())).ok
    krg = Inspection.objects.get(reference="KRG-2025-001")
    url = reverse("inspections:inspection_detail", args=[krg.pk])
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(imported.regional)
    page = client.get(url).content.decode()
    assert "KRG-2025-001" in page and "No harness at height" in page
    assert "notice-link" not in page  # imported: no notice was issued in the app
    assert client.get(reverse("inspections:notice", args=[krg.pk])).status_code == 404
    pvl = Inspection.objects.get(reference="PVL-2025-017")
    detail = reverse("inspections:inspection_detail", args=[pvl.pk])
    assert client.get(detail).status_code == 404


@pytest.mark.django_db
def test_an_imported_stoppage_moves_with_the_date_when_the_file_leaves_it_out(world):
    assert run("inspections", csv_bytes(two_inspections(world))).ok
    first = Inspection.objects.get(reference="KRG-2025-001")
    a = inspector_of(world.a)
    moved = [INSPECTIONS[:4], ["KRG-2025-001", "2025-03-09", world.a.bin, a.number]]
    result = run("inspections", csv_bytes(moved))
    assert result.ok and result.updated == 1
    assert list(first.stoppages.values_list("started_on", flat=True)) == [datetime.date(2025, 3, 9)]
    assert first.proposals.count() == 3  # the column was left out: the count stays

"""An import never tells its user that a record exists outside their scope: a reference
to a record they cannot see gets the same message as a reference to nothing, and a key
taken outside their scope is only "not valid for you"."""

import datetime

import pytest

from inspections.models import AccidentStatus
from kzsafety.directories.models import TechnicalInspector
from tests.factories import InspectionFactory
from tests.imports.conftest import csv_bytes, messages, new_bin, run
from tests.imports.test_accident_import import HEADER as ACCIDENT_HEADER
from tests.imports.test_accident_import import victim_row
from tests.inspections.accident_factories import AccidentFactory

NOT_VALID = "This value is not valid for you. Check it, or ask federation staff to import the row."
NOWHERE_BIN = new_bin(77)  # a valid BIN no enterprise has
NOWHERE_NUMBER = "NO-SUCH-INSPECTOR"


def inspector_of(enterprise) -> TechnicalInspector:
    return TechnicalInspector.objects.get(enterprise=enterprise)


def inspector_row(enterprise_bin: str) -> list:
    return ["T-1", "Asel Nurova", "35", enterprise_bin, "2024-01-10"]


def inspection_row(world, enterprise_bin: str, inspector_number: str) -> list:
    return ["KRG-9", "2025-03-04", enterprise_bin, inspector_number, "", "", ""]


def council_row(enterprise_bin: str) -> list:
    return [enterprise_bin, "2024-02-01"]


def accident_rows(world, enterprise_bin: str) -> list:
    row = victim_row("KAR-9", world.a, "Bolat Serikov")
    row[ACCIDENT_HEADER.index("enterprise_bin")] = enterprise_bin
    return [ACCIDENT_HEADER, row]


def violation_file(reference: str) -> bytes:
    header = ["inspection_ref", "description"]
    return csv_bytes([header, [reference, "No guard on the conveyor"]])


def refusals(kind: str, content: bytes, user) -> list[str]:
    result = run(kind, content, user=user)
    assert not result.ok
    return messages(result)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, header",
    [
        ("inspectors", ["number", "full_name", "region", "enterprise_bin", "appointed_on"]),
        ("councils", ["enterprise_bin", "established_on"]),
        ("accidents", None),
    ],
)
def test_an_enterprise_outside_the_scope_reads_like_one_that_does_not_exist(world, kind, header):
    def file(enterprise_bin: str) -> bytes:
        if kind == "accidents":
            return csv_bytes(accident_rows(world, enterprise_bin))
        row = inspector_row(enterprise_bin) if kind == "inspectors" else council_row(enterprise_bin)
        return csv_bytes([header, row])

    outside = refusals(kind, file(world.b.bin), world.regional)
    nowhere = refusals(kind, file(NOWHERE_BIN), world.regional)
    assert outside == nowhere
    assert outside == ["row 2, column enterprise_bin: No enterprise with this BIN in your scope."]


@pytest.mark.django_db
def test_an_inspection_enterprise_and_inspector_outside_the_scope_read_like_none(world):
    header = ["inspection_ref", "date", "enterprise_bin", "inspector_number", "kind"]
    header += ["work_stopped", "proposals"]
    theirs = inspector_of(world.b).number
    outside = refusals(
        "inspections",
        csv_bytes([header, inspection_row(world, world.b.bin, theirs)]),
        world.regional,
    )
    nowhere = refusals(
        "inspections",
        csv_bytes([header, inspection_row(world, NOWHERE_BIN, NOWHERE_NUMBER)]),
        world.regional,
    )
    assert outside == nowhere
    assert [m.split(":")[0] for m in outside] == [
        "row 2, column enterprise_bin",
        "row 2, column inspector_number",
    ]


@pytest.mark.django_db
def test_violations_of_an_inspection_outside_the_scope_read_like_those_of_none(world):
    InspectionFactory(
        enterprise=world.b,
        inspector=inspector_of(world.b),
        reference="PVL-1",
        date=datetime.date(2025, 3, 1),
    )
    outside = refusals("violations", violation_file("PVL-1"), world.regional)
    nowhere = refusals("violations", violation_file("NO-SUCH-INSPECTION"), world.regional)
    assert outside == nowhere
    assert "exist" not in outside[0] and "outside" not in outside[0]


@pytest.mark.django_db
def test_keys_taken_outside_the_scope_are_only_not_valid_for_the_user(world):
    """A new record cannot take a key a record outside the scope has; the refusal must not
    say that the record exists."""
    AccidentFactory(enterprise=world.b, reference="PAV-1", status=AccidentStatus.SUBMITTED)
    InspectionFactory(enterprise=world.b, inspector=inspector_of(world.b), reference="PVL-1")
    inspection_header = ["inspection_ref", "date", "enterprise_bin", "inspector_number"]
    ours = inspector_of(world.a).number
    files = {
        "enterprises": [["bin", "name", "region", "sector"], [world.b.bin, "Ours", "35", "coal"]],
        "inspectors": [
            ["number", "full_name", "region", "enterprise_bin", "appointed_on"],
            [inspector_of(world.b).number, "Asel Nurova", "35", world.a.bin, "2024-01-10"],
        ],
        "inspections": [inspection_header, ["PVL-1", "2025-03-04", world.a.bin, ours]],
        "accidents": [ACCIDENT_HEADER, victim_row("PAV-1", world.a, "Bolat Serikov")],
    }
    for kind, rows in files.items():
        found = refusals(kind, csv_bytes(rows), world.regional)
        assert len(found) == 1 and found[0].endswith(f": {NOT_VALID}"), (kind, found)

"""Regional staff import records of their own region only; other rows are errors.
Federation staff import everything. Nobody else imports."""

import pytest
from django.core.exceptions import PermissionDenied

from inspections.models import Accident
from kzsafety.directories.models import Enterprise, TechnicalInspector
from tests.imports.conftest import csv_bytes, messages, new_bin, run
from tests.imports.test_accident_import import HEADER as ACCIDENT_HEADER
from tests.imports.test_accident_import import victim_row

ENTERPRISE_HEADER = ["bin", "name", "region", "sector"]
INSPECTOR_HEADER = ["number", "full_name", "region", "enterprise_bin", "appointed_on"]


@pytest.mark.django_db
def test_regional_staff_import_enterprises_of_their_region_only(world):
    content = csv_bytes(
        [
            ENTERPRISE_HEADER,
            [new_bin(1), "Ours", "35", "coal"],
            [new_bin(2), "Theirs", "55", "coal"],
            [world.b.bin, "Moved here", "35", "coal"],
        ]
    )
    result = run("enterprises", content, user=world.regional)
    assert messages(result) == [
        "row 3, column region: You can only import records of your own region.",
        "row 4, column bin: This value is not valid for you. Check it, or ask federation"
        " staff to import the row.",
    ]
    assert not Enterprise.objects.filter(bin=new_bin(1)).exists()
    ours = csv_bytes([ENTERPRISE_HEADER, [new_bin(1), "Ours", "35", "coal"]])
    assert run("enterprises", ours, user=world.regional).ok


@pytest.mark.django_db
def test_regional_staff_cannot_move_their_enterprise_to_another_region(world):
    content = csv_bytes([ENTERPRISE_HEADER, [world.a.bin, world.a.name, "55", "coal"]])
    result = run("enterprises", content, user=world.regional)
    assert messages(result) == [
        "row 2, column region: You can only import records of your own region."
    ]
    world.a.refresh_from_db()
    assert world.a.region.code == "35"


@pytest.mark.django_db
def test_regional_staff_import_inspectors_of_their_region_at_their_enterprises(world):
    content = csv_bytes(
        [
            INSPECTOR_HEADER,
            ["TI-100", "Ours", "35", world.c.bin, "2023-01-01"],
            ["TI-101", "At another region's enterprise", "35", world.b.bin, "2023-01-01"],
            ["TI-102", "Another region", "55", "", "2023-01-01"],
        ]
    )
    result = run("inspectors", content, user=world.regional)
    assert messages(result) == [
        "row 3, column enterprise_bin: No enterprise with this BIN in your scope.",
        "row 4, column region: You can only import records of your own region.",
    ]
    assert not TechnicalInspector.objects.filter(number__startswith="TI-10").exists()


@pytest.mark.django_db
def test_federation_staff_import_in_every_region(world):
    content = csv_bytes(
        [ENTERPRISE_HEADER, [new_bin(3), "North", "59", "coal"], [world.b.bin, "B", "55", "energy"]]
    )
    result = run("enterprises", content, user=world.federation)
    assert result.ok, messages(result)
    assert (result.created, result.updated) == (1, 1)


@pytest.mark.django_db
def test_regional_staff_import_accidents_of_their_region_only(world):
    """The filing rule of the page (inspections.services.accidents.can_file): regional
    staff file reports for the enterprises of their region."""
    outside = csv_bytes([ACCIDENT_HEADER, victim_row("PAV-1", world.b, "Yerlan")])
    assert messages(run("accidents", outside, user=world.regional)) == [
        "row 2, column enterprise_bin: No enterprise with this BIN in your scope."
    ]
    assert not Accident.objects.exists()
    content = csv_bytes([ACCIDENT_HEADER, victim_row("KAR-1", world.a, "Bolat")])
    result = run("accidents", content, user=world.regional)
    assert result.ok, messages(result)
    accident = Accident.objects.get(reference="KAR-1")
    assert (accident.enterprise, accident.created_by, accident.status) == (
        world.a,
        world.regional,
        "submitted",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["inspector_a", "council_a", "sector", "no_role"])
def test_other_roles_cannot_import(world, persona):
    content = csv_bytes([ENTERPRISE_HEADER, [new_bin(4), "X", "35", "coal"]])
    with pytest.raises(PermissionDenied):
        run("enterprises", content, user=getattr(world, persona))

"""The `enterprises` kind: one row is an enterprise, matched by BIN."""

import pytest

from kzsafety.directories.models import Enterprise, OkedSection, Region, Sector
from tests.factories import EnterpriseFactory
from tests.imports.conftest import csv_bytes, messages, new_bin, run, xlsx_bytes

HEADER = ["bin", "name", "region", "sector", "oked", "headcount", "union_member"]


def rows(*data):
    return [HEADER, *data]


@pytest.mark.django_db
def test_enterprises_are_created_from_a_csv_file():
    result = run(
        "enterprises",
        csv_bytes(
            rows(
                [new_bin(1), "Karaganda Coal", "35", "coal", "B", "1 200", "yes"],
                [new_bin(2), "Pavlodar Energy", "55", "energy", "", "", "no"],
            )
        ),
    )
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    coal = Enterprise.objects.get(bin=new_bin(1))
    assert coal.name == "Karaganda Coal"
    assert coal.region.code == "35"
    assert coal.sector.key == "coal"
    assert coal.oked_section.code == "B"
    assert coal.headcount == 1200
    assert coal.union_member is True
    energy = Enterprise.objects.get(bin=new_bin(2))
    assert (energy.oked_section, energy.headcount, energy.union_member) == (None, None, False)


@pytest.mark.django_db
def test_enterprises_are_created_from_an_xlsx_file_with_numbers_as_excel_stores_them():
    bin_with_zero = "050140000031"  # registered in 2005: Excel drops the leading zero
    content = xlsx_bytes(
        rows([int(bin_with_zero), "Zero Start LLP", 35, "mining_metallurgy", "C", 250.0, True])
    )
    result = run("enterprises", content)
    assert result.ok, messages(result)
    enterprise = Enterprise.objects.get(bin=bin_with_zero)
    assert enterprise.headcount == 250
    assert enterprise.union_member is True


@pytest.mark.django_db
def test_reimporting_the_same_file_updates_instead_of_duplicating():
    content = csv_bytes(rows([new_bin(4), "Same LLP", "35", "coal", "", "10", "no"]))
    assert run("enterprises", content).created == 1
    again = run("enterprises", content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = run(
        "enterprises", csv_bytes(rows([new_bin(4), "Renamed LLP", "35", "coal", "", "12", "yes"]))
    )
    assert (changed.created, changed.updated) == (0, 1)
    assert Enterprise.objects.filter(bin=new_bin(4)).count() == 1
    enterprise = Enterprise.objects.get(bin=new_bin(4))
    assert (enterprise.name, enterprise.headcount, enterprise.union_member) == (
        "Renamed LLP",
        12,
        True,
    )


@pytest.mark.django_db
def test_an_update_keeps_the_history_of_union_membership():
    enterprise = EnterpriseFactory(union_member=False)
    content = csv_bytes(
        [
            ["bin", "name", "region", "sector", "union_member"],
            [enterprise.bin, "X", "35", "coal", "иә"],
        ]
    )
    result = run("enterprises", content)
    assert result.ok, messages(result)
    assert [h.union_member for h in enterprise.history.order_by("history_date")] == [False, True]
    assert enterprise.history.latest("history_date").history_change_reason == "import"


@pytest.mark.django_db
def test_columns_left_out_of_the_file_are_left_alone_on_update():
    enterprise = EnterpriseFactory(headcount=77, union_member=True)
    content = csv_bytes(
        [["bin", "name", "region", "sector"], [enterprise.bin, "New name", "35", "coal"]]
    )
    result = run("enterprises", content)
    assert result.ok, messages(result)
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.headcount, enterprise.union_member) == (
        "New name",
        77,
        True,
    )


@pytest.mark.django_db
def test_a_file_without_the_required_columns_is_refused():
    result = run("enterprises", csv_bytes([["bin", "name"], [new_bin(5), "No region"]]))
    assert not result.ok
    assert "row 1, column region: This required column is missing." in messages(result)
    assert "row 1, column sector: This required column is missing." in messages(result)


@pytest.mark.django_db
def test_regions_and_sectors_are_read_by_code_key_or_name_in_any_language():
    karaganda = Region.objects.get(code="35")
    energy = Sector.objects.get(key="energy")
    content = csv_bytes(
        rows(
            [new_bin(6), "A", karaganda.name_kk, energy.name_ru, "", "", ""],
            [new_bin(7), "B", karaganda.name_ru.upper(), energy.name_en, "", "", ""],
            [new_bin(8), "C", f"  {karaganda.name_en} ", "ENERGY", "07.10.0", "", ""],
        )
    )
    result = run("enterprises", content)
    assert result.ok, messages(result)
    for n in (6, 7, 8):
        enterprise = Enterprise.objects.get(bin=new_bin(n))
        assert (enterprise.region, enterprise.sector) == (karaganda, energy)
    assert Enterprise.objects.get(bin=new_bin(8)).oked_section == OkedSection.objects.get(code="B")


@pytest.mark.django_db
def test_each_bad_cell_is_reported_with_its_row_and_column_as_written():
    content = csv_bytes(
        [
            ["BIN", "Name", "Region", "Sector", "Headcount", "Union_member"],
            [new_bin(9), "Good", "35", "coal", "5", "no"],
            ["123456789012", "Bad checksum", "35", "coal", "5", "no"],
            [new_bin(10), "Bad region", "Atlantis", "coal", "-3", "maybe"],
        ]
    )
    result = run("enterprises", content)
    assert not result.ok
    assert messages(result) == [
        "row 3, column BIN: BIN 123456789012 has a wrong check digit; please check the number.",
        "row 4, column Region: “Atlantis” is not a region: write its two-digit KATO code or its "
        "name.",
        "row 4, column Headcount: The number must be at least 0.",
        "row 4, column Union_member: “maybe” is not yes or no. Write yes/no, true/false, 1/0, "
        "иә/жоқ or да/нет.",
    ]
    assert not Enterprise.objects.filter(bin=new_bin(9)).exists()


@pytest.mark.django_db
def test_the_same_bin_twice_in_one_file_is_an_error():
    content = csv_bytes(
        rows(
            [new_bin(11), "First", "35", "coal", "", "", ""],
            [new_bin(11), "Second", "35", "coal", "", "", ""],
        )
    )
    result = run("enterprises", content)
    assert messages(result) == ["row 3, column bin: The same record is already in row 2."]
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_counts_what_would_happen_and_writes_nothing():
    existing = EnterpriseFactory()
    content = csv_bytes(
        rows(
            [existing.bin, "Changed", "35", "coal", "", "", ""],
            [new_bin(12), "New", "35", "coal", "", "", ""],
        )
    )
    result = run("enterprises", content, dry_run=True)
    assert result.ok, messages(result)
    assert (result.created, result.updated) == (1, 1)
    assert not Enterprise.objects.filter(bin=new_bin(12)).exists()
    existing.refresh_from_db()
    assert existing.name != "Changed"


@pytest.mark.django_db
def test_created_and_updated_records_get_history_rows_naming_the_importer(world):
    content = csv_bytes(rows([new_bin(20), "Historic", "35", "coal", "", "5", "yes"]))
    assert run("enterprises", content, user=world.federation).ok
    changed = csv_bytes(rows([new_bin(20), "Historic", "35", "coal", "", "6", "yes"]))
    assert run("enterprises", changed, user=world.regional).ok
    enterprise = Enterprise.objects.get(bin=new_bin(20))
    records = enterprise.history.order_by("history_date", "history_id")
    assert [
        (r.history_type, r.history_user, r.history_change_reason, r.name, r.headcount)
        for r in records
    ] == [
        ("+", world.federation, "import", "Historic", 5),
        ("~", world.regional, "import", "Historic", 6),
    ]

"""`manage.py import_records KIND FILE [--dry-run] [--user USERNAME]` as CONTRACTS.md §2
describes it."""

import pytest

from kzsafety.directories.models import Enterprise, TechnicalInspector, TrainingRecord
from tests.factories import EnterpriseFactory
from tests.imports.conftest import command, csv_bytes, new_bin

HEADER = ["bin", "name", "region", "sector", "oked", "headcount", "union_member"]


def enterprise_rows(count: int, start: int = 0) -> list[list]:
    return [
        [new_bin(start + n), f"Enterprise {n}", "35", "coal", "B", n, "no"] for n in range(count)
    ]


def snapshot() -> dict:
    return {
        "enterprises": sorted(Enterprise.objects.values_list()),
        "enterprise_history": Enterprise.history.count(),
        "inspectors": sorted(TechnicalInspector.objects.values_list()),
        "trainings": TrainingRecord.objects.count(),
    }


@pytest.mark.django_db
def test_a_good_file_prints_the_counts_and_succeeds(tmp_path):
    existing = EnterpriseFactory()
    rows = [[existing.bin, "Renamed", "35", "coal", "", "", ""], *enterprise_rows(2)]
    result = command(tmp_path, "enterprises", csv_bytes([HEADER, *rows]))
    assert result.ok
    assert result.lines == ["created 2, updated 1, unchanged 0"]
    assert Enterprise.objects.count() == 3


@pytest.mark.django_db
def test_every_error_is_printed_as_row_and_column_and_the_command_fails(tmp_path):
    rows = enterprise_rows(2)
    rows[0][2] = "Atlantis"
    rows[1][3] = ""
    result = command(tmp_path, "enterprises", csv_bytes([HEADER, *rows]))
    assert not result.ok
    assert result.lines == [
        "row 2, column region: “Atlantis” is not a region: write its two-digit KATO code or its "
        "name.",
        "row 3, column sector: This cell is required.",
    ]
    assert "nothing was changed" in result.err
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_a_bad_last_row_leaves_the_database_exactly_as_it_was(tmp_path):
    EnterpriseFactory(name="Before")
    before = snapshot()
    rows = enterprise_rows(4500)  # two batches are written before the last row
    rows.append([new_bin(9999), "Bad", "35", "no such sector", "", "", ""])
    result = command(tmp_path, "enterprises", csv_bytes([HEADER, *rows]))
    assert not result.ok
    assert result.lines == [
        "row 4502, column sector: “no such sector” is not in the list of federation sectors: "
        "write its key or its name."
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_dry_run_reports_the_counts_and_writes_nothing(tmp_path):
    before = snapshot()
    result = command(tmp_path, "enterprises", csv_bytes([HEADER, *enterprise_rows(3)]), "--dry-run")
    assert result.ok
    assert result.lines == ["dry run, nothing written: created 3, updated 0, unchanged 0"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_dry_run_of_a_bad_file_fails_with_the_errors(tmp_path):
    rows = enterprise_rows(1)
    rows[0][0] = "12"
    result = command(tmp_path, "enterprises", csv_bytes([HEADER, *rows]), "--dry-run")
    assert not result.ok
    assert result.lines == ["row 2, column bin: BIN must be exactly 12 digits."]


@pytest.mark.django_db
def test_user_applies_that_users_scope(tmp_path, world):
    rows = enterprise_rows(2)
    rows[1][2] = "55"  # Pavlodar, outside the Karaganda regional staff's region
    result = command(tmp_path, "enterprises", csv_bytes([HEADER, *rows]), "--user", "regional")
    assert not result.ok
    assert result.lines == ["row 3, column region: You can only import records of your own region."]
    federation = command(
        tmp_path, "enterprises", csv_bytes([HEADER, *rows]), "--user", "federation"
    )
    assert federation.ok
    assert federation.lines == ["created 2, updated 0, unchanged 0"]


@pytest.mark.django_db
def test_unknown_users_and_users_who_may_not_import_are_refused(tmp_path, world):
    content = csv_bytes([HEADER, *enterprise_rows(1)])
    assert command(tmp_path, "enterprises", content, "--user", "ghost").err == "No user 'ghost'."
    refused = command(tmp_path, "enterprises", content, "--user", "insp_a")
    assert not refused.ok
    assert refused.err == "Only federation staff and regional staff can import records."
    assert not Enterprise.objects.filter(bin=new_bin(0)).exists()


@pytest.mark.django_db
def test_a_missing_file_is_reported(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_records", "enterprises", str(tmp_path / "missing.csv"))

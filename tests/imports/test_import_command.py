"""`manage.py import_records KIND FILE [--dry-run] [--user USERNAME]` as CONTRACTS.md §2
describes it."""

import pytest
from django.conf import settings
from django.urls import reverse

from kzsafety.directories.models import Enterprise, TechnicalInspector, TrainingRecord
from kzsafety.imports.models import ImportRun, RunSource, RunStatus
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


# --- The import history -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_command_run_appears_in_the_history_with_its_counts(tmp_path, client, world):
    existing = EnterpriseFactory()
    rows = [[existing.bin, "Renamed", "35", "coal", "", "", ""], *enterprise_rows(2)]
    content = csv_bytes([HEADER, *rows])
    assert command(tmp_path, "enterprises", content).ok
    run = ImportRun.objects.get()
    assert (run.user, run.source, run.kind, run.dry_run, run.status) == (
        None,
        RunSource.COMMAND,
        "enterprises",
        False,
        RunStatus.SUCCEEDED,
    )
    assert (run.rows, run.created, run.updated, run.unchanged, run.error_count) == (3, 2, 1, 0, 0)
    assert (run.original_name, run.size) == ("upload.csv", len(content))
    with run.file.open("rb") as kept:
        assert kept.read() == content
    assert run.started_at and run.finished_at

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.federation)
    history = client.get(reverse("imports:list"))
    assert list(history.context["page"].object_list) == [run]
    body = history.content.decode()
    assert "upload.csv" in body
    assert "System import" in body
    assert 'data-testid="source-command"' in body
    detail = client.get(run.get_absolute_url()).content.decode()
    assert "Run from the command line as a system import" in detail
    assert 'data-testid="imported"' in detail


@pytest.mark.django_db
def test_a_dry_run_is_recorded_under_its_user_and_cannot_be_confirmed_on_the_web(
    tmp_path, client, world
):
    content = csv_bytes([HEADER, *enterprise_rows(3)])
    result = command(tmp_path, "enterprises", content, "--dry-run", "--user", "regional")
    assert result.lines == ["dry run, nothing written: created 3, updated 0, unchanged 0"]
    run = ImportRun.objects.get()
    assert (run.user, run.source, run.dry_run, run.status) == (
        world.regional,
        RunSource.COMMAND,
        True,
        RunStatus.SUCCEEDED,
    )
    assert (run.rows, run.created) == (3, 3)
    assert not run.can_confirm

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.regional)
    assert [r.pk for r in client.get(reverse("imports:list")).context["page"]] == [run.pk]
    detail = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="preview-counts"' in detail
    assert 'data-testid="confirm"' not in detail
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.dry_run
    assert not Enterprise.objects.filter(bin=new_bin(0)).exists()


@pytest.mark.django_db
def test_a_failed_command_run_is_recorded_as_failed_and_nothing_else_changes(tmp_path):
    EnterpriseFactory(name="Before")
    before = snapshot()
    rows = enterprise_rows(4500)
    rows.append([new_bin(9999), "Bad", "35", "no such sector", "", "", ""])
    result = command(tmp_path, "enterprises", csv_bytes([HEADER, *rows]))
    assert not result.ok
    assert snapshot() == before
    run = ImportRun.objects.get()
    assert (run.source, run.dry_run, run.status, run.rows) == (
        RunSource.COMMAND,
        False,
        RunStatus.FAILED,
        4501,
    )
    assert run.error_count == 1
    assert run.errors == [
        [
            4502,
            "sector",
            "“no such sector” is not in the list of federation sectors: write its key or its name.",
        ]
    ]


@pytest.mark.django_db
def test_a_refused_user_is_recorded_but_a_missing_user_or_file_is_not(tmp_path, world):
    content = csv_bytes([HEADER, *enterprise_rows(1)])
    command(tmp_path, "enterprises", content, "--user", "ghost")
    assert not command(tmp_path, "figures", content, "--user", "regional").ok
    refused = ImportRun.objects.get()
    assert (refused.user, refused.status, refused.error_count) == (
        world.regional,
        RunStatus.FAILED,
        1,
    )
    assert refused.errors[0][2].startswith("Only federation staff can import this kind")
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_records", "enterprises", str(tmp_path / "missing.csv"))
    assert ImportRun.objects.count() == 1

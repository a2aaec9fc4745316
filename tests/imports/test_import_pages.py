"""The import pages: upload → preview (a dry run) → confirm; the history; the original
file; the progress endpoint. Federation and regional staff only."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzsafety.accounts.models import Role
from kzsafety.directories.models import Enterprise, Region
from kzsafety.imports.models import ImportRun, RunSource, RunStatus
from kzsafety.imports.runs import import_run_create
from tests.factories import UserFactory, tiny_png
from tests.forms import post_form
from tests.imports.conftest import command, csv_bytes, new_bin

HEADER = ["bin", "name", "region", "sector"]


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages are asserted in English; the default language is Kazakh."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def upload(client, content: bytes, kind: str = "enterprises", name: str = "karaganda.csv"):
    return post_form(
        client,
        reverse("imports:list"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def good_file(count: int = 2) -> bytes:
    return csv_bytes([HEADER, *[[new_bin(n), f"E{n}", "35", "coal"] for n in range(count)]])


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("imports:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["inspector_a", "council_a", "sector", "no_role"])
def test_other_roles_are_refused(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("imports:list")).status_code == 403
    assert "nav-imports" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["regional", "federation"])
def test_federation_and_regional_staff_see_the_page_and_the_menu_item(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("imports:list"))
    assert response.status_code == 200
    assert 'data-testid="nav-imports"' in response.content.decode()


@pytest.mark.django_db
def test_regional_staff_are_not_offered_figures(client, world):
    client.force_login(world.regional)
    response = upload(client, good_file(), kind="figures")
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_upload_previews_then_confirm_imports(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, good_file())
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert (run.dry_run, run.status, run.created, run.rows) == (True, RunStatus.SUCCEEDED, 2, 2)
    assert not Enterprise.objects.filter(bin__in=[new_bin(0), new_bin(1)]).exists()
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="preview-counts"' in page
    assert 'data-testid="confirm"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert (run.dry_run, run.status, run.created) == (False, RunStatus.SUCCEEDED, 2)
    assert Enterprise.objects.filter(bin__in=[new_bin(0), new_bin(1)]).count() == 2
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="imported"' in page
    assert 'data-testid="confirm"' not in page
    history = client.get(reverse("imports:list")).content.decode()
    assert "karaganda.csv" in history


@pytest.mark.django_db
def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.federation)
    rows = [[new_bin(n), f"E{n}", "Atlantis", "coal"] for n in range(120)]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, csv_bytes([HEADER, *rows]))
    run = ImportRun.objects.get()
    assert (run.status, run.error_count) == (RunStatus.FAILED, 120)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="failed"' in page
    assert "“Atlantis” is not a region" in page
    assert page.count("<tr><td") == 50
    last = client.get(run.get_absolute_url(), {"page": 3}).content.decode()
    assert last.count("<tr><td") == 20
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert (run.dry_run, run.status) == (True, RunStatus.FAILED)


@pytest.mark.django_db
def test_a_file_that_is_not_a_spreadsheet_is_refused_on_upload(client, world):
    client.force_login(world.federation)
    response = upload(client, tiny_png(), name="photo.csv")
    assert response.status_code == 400
    assert "This is not a spreadsheet" in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_the_progress_endpoint_reports_the_run(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.federation)
    upload(client, good_file())  # no commit in this test: the task waits to be sent
    run = ImportRun.objects.get()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "data-import-progress" in page
    assert "js/import_progress.js" in page
    assert "<script>" not in page
    status = client.get(reverse("imports:status", args=[run.pk])).json()
    assert status == {
        "status": "queued",
        "state": "waiting",
        "state_label": "Will start when the queue is back",
        "status_label": "Will start when the queue is back",
        "can_retry": False,
        "percent": 0,
        "rows": 0,
        "finished": False,
    }


@pytest.mark.django_db
def test_the_original_file_goes_back_to_its_uploader_and_federation_staff_only(client, world):
    run = import_run_create(
        user=world.regional,
        kind="enterprises",
        upload=SimpleUploadedFile("ours.csv", good_file()),
        language="en",
    )
    url = reverse("imports:file", args=[run.pk])
    for user in (world.regional, world.federation):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == good_file()
        assert 'filename="ours.csv"' in response["Content-Disposition"]
    other_regional = UserFactory(role=Role.REGIONAL_STAFF, region=Region.objects.get(code="55"))
    client.force_login(other_regional)
    assert client.get(url).status_code == 404
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:status", args=[run.pk])).status_code == 404
    client.force_login(world.inspector_a)
    assert client.get(url).status_code == 403
    assert run.file.name.startswith("imports/")
    assert "ours" not in run.file.name


@pytest.mark.django_db
def test_only_the_uploader_confirms(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = import_run_create(
            user=world.regional,
            kind="enterprises",
            upload=SimpleUploadedFile("ours.csv", good_file()),
            language="en",
        )
    client.force_login(world.federation)
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.dry_run


@pytest.mark.django_db
def test_the_history_page_makes_the_same_queries_for_two_or_twelve_runs(client, world):
    client.force_login(world.federation)

    def queries_with(count):
        for n in range(count - ImportRun.objects.count()):
            ImportRun.objects.create(  # every other one a system import from the command line
                user=world.federation if n % 2 else None,
                source=RunSource.WEB if n % 2 else RunSource.COMMAND,
                kind="enterprises",
                original_name=f"{n}.csv",
                size=1,
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("imports:list")).status_code == 200
        return len(captured.captured_queries)

    assert queries_with(2) == queries_with(12)


@pytest.mark.django_db
def test_a_system_import_and_its_file_are_for_federation_staff_only(client, world, tmp_path):
    assert command(tmp_path, "enterprises", good_file()).ok
    run = ImportRun.objects.get()
    assert (run.user, run.source) == (None, RunSource.COMMAND)
    url = reverse("imports:file", args=[run.pk])

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    client.force_login(world.regional)
    assert client.get(url).status_code == 404
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:status", args=[run.pk])).status_code == 404
    assert not client.get(reverse("imports:list")).context["page"].object_list
    client.force_login(world.inspector_a)
    assert client.get(url).status_code == 403

    client.force_login(world.federation)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == good_file()
    assert 'filename="upload.csv"' in response["Content-Disposition"]
    detail = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="download-original"' in detail


@pytest.mark.django_db
def test_a_failed_command_run_says_to_run_the_command_again(client, world, tmp_path):
    bad = csv_bytes([["bin", "name", "region", "sector"], [new_bin(70), "X", "35", "nowhere"]])
    assert not command(tmp_path, "enterprises", bad).ok
    client.force_login(world.federation)
    client.cookies["django_language"] = "en"
    page = client.get(ImportRun.objects.get().get_absolute_url()).content.decode()
    assert "Correct it and run the command again." in page
    assert "upload it again" not in page

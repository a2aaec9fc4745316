"""The analytical note is requested from the statistics page and written by a background
task like the workbook: for the requester's basis and in their language; only staff may ask
for it, and only its requester (and federation staff) may follow and download it."""

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from kzsafety.statistics.models import ExportKind, ExportStatus, ReportExport
from tests.factories import UserFactory
from tests.forms import carried
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

PAGE = reverse("statistics:annual")
CREATE = reverse("statistics:export_create")


@pytest.fixture
def accidents(world):
    for enterprise in (world.a, world.b):
        VictimFactory(accident=AccidentFactory(enterprise=enterprise))


def ask_for_note(client, capture, language="ru"):
    client.cookies["django_language"] = language
    with capture(execute=True):
        return client.post(
            CREATE, {"year": 2025, "window": 5, "kind": "docx", **carried(client, PAGE)}
        )


def test_anonymous_visitor_asking_for_a_note_is_sent_to_log_in(client, db):
    response = client.post(CREATE, {"year": 2025, "kind": "docx"})
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not ReportExport.objects.exists()


@pytest.mark.parametrize("persona", ["inspector_a", "council_a", "no_role"])
def test_only_staff_may_ask_for_a_note(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.post(CREATE, {"year": 2025, "kind": "docx"}).status_code == 403
    assert not ReportExport.objects.exists()


def test_the_page_offers_the_note_next_to_the_workbook(client, world):
    client.force_login(world.sector)
    page = client.get(PAGE, {"year": 2025}).content.decode()
    assert 'data-testid="export-docx"' in page
    assert 'name="kind" value="docx"' in page


def test_regional_staff_get_a_note_of_their_region_in_their_language(
    client, world, accidents, django_capture_on_commit_callbacks
):
    client.force_login(world.regional)
    response = ask_for_note(client, django_capture_on_commit_callbacks, "ru")
    export = ReportExport.objects.get()
    assert (export.kind, export.language, export.status) == ("docx", "ru", ExportStatus.READY)
    assert f"export={export.pk}" in response["Location"]
    status = client.get(reverse("statistics:export_status", args=[export.pk])).json()
    assert status["progress"] == 100
    download = client.get(status["url"])
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert ".docx" in download["Content-Disposition"]
    document = Document(BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert world.regional.scope_label() in text or "Караганд" in text  # their region
    assert "1" in document.tables[0].rows[1].cells[7].text  # one accident in Karaganda
    page = client.get(export.get_absolute_url())
    assert page.context["current_kind"] == ExportKind.NOTE


def test_another_regions_staff_cannot_follow_or_download_the_note(
    client, world, accidents, django_capture_on_commit_callbacks
):
    client.force_login(world.regional)
    ask_for_note(client, django_capture_on_commit_callbacks)
    export = ReportExport.objects.get()
    client.force_login(UserFactory(role="regional_staff", region=world.b.region))
    assert client.get(reverse("statistics:export_status", args=[export.pk])).status_code == 404
    assert client.get(reverse("statistics:export_download", args=[export.pk])).status_code == 404
    client.force_login(world.federation)
    download = client.get(reverse("statistics:export_download", args=[export.pk]))
    assert download.status_code == 200


def test_federation_staff_get_the_whole_country(
    client, world, accidents, django_capture_on_commit_callbacks
):
    client.force_login(world.federation)
    ask_for_note(client, django_capture_on_commit_callbacks, "kk")
    export = ReportExport.objects.get()
    document = Document(export.file.open("rb"))
    assert document.tables[0].rows[1].cells[7].text == "2"  # A and B, the whole country


def test_an_unknown_kind_is_refused_with_a_message(client, world):
    client.force_login(world.federation)
    client.cookies["django_language"] = "en"
    response = client.post(
        CREATE, {"year": 2025, "kind": "pdf", **carried(client, PAGE)}, follow=True
    )
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert not ReportExport.objects.exists()


def test_a_lost_note_is_written_again_by_its_own_task_when_retried(
    client, world, accidents, django_capture_on_commit_callbacks
):
    export = ReportExport.objects.create(
        requested_by=world.regional,
        year=2025,
        language="en",
        kind=ExportKind.NOTE,
        status=ExportStatus.FAILED,
        interrupted=True,
    )
    client.force_login(world.regional)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("statistics:export_retry", args=[export.pk]), follow=True)
    assert "The analytical note is queued again." in response.content.decode()
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert export.file.name.endswith(".docx")
    assert len(Document(export.file.open("rb")).tables) == 9

"""Federation staff ask for the analytical note from the statistics page: the progress block
follows the task and offers the Word document, which opens with its tables in the user's
language (Kazakh)."""

import pytest
from docx import Document
from playwright.sync_api import expect

from kzsafety.statistics.models import ExportKind, ExportStatus, ReportExport
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_written_note_is_offered_for_download(desk, live_server, world, tmp_path):
    page = desk
    log_in(page, live_server.url, "federation")
    page.goto(f"{live_server.url}/statistics/?year=2025")
    page.get_by_test_id("export-docx").click()
    link = page.get_by_test_id("export-progress").locator("[data-export-link]")
    expect(link).to_be_visible()  # shown by the poll once the status says ready
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx")
    saved = tmp_path / "note.docx"
    download.value.save_as(saved)
    document = Document(saved)
    assert len(document.tables) == 9
    assert document.tables[0].rows[0].cells[3].text == "2021"
    assert document.tables[0].rows[0].cells[0].text == "Көрсеткіш"  # "Indicator", Kazakh
    export = ReportExport.objects.get()
    assert (export.kind, export.status, export.language) == (
        ExportKind.NOTE,
        ExportStatus.READY,
        "kk",
    )

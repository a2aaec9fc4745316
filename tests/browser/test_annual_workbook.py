"""Federation staff prepare the annual workbook from the statistics page: the progress
block follows the job through its JSON status (poll_json.js) and offers the download when
it is ready; a workbook whose worker was lost offers a retry instead."""

import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from kzsafety.statistics.models import ExportStatus, ReportExport
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_prepared_workbook_is_offered_for_download(desk, live_server, world, tmp_path):
    page = desk
    log_in(page, live_server.url, "federation")
    page.goto(f"{live_server.url}/statistics/")
    page.get_by_test_id("export-xlsx").click()
    progress = page.get_by_test_id("export-progress")
    link = progress.locator("[data-export-link]")
    expect(link).to_be_visible()  # shown by the poll once the status says ready
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "annual.xlsx"
    download.value.save_as(saved)
    sheets = load_workbook(saved).sheetnames
    assert len(sheets) == 11  # nine tables, the dynamics charts and the rates
    assert sheets[0].startswith("Жазатайым оқиғалар")  # in the user's language, Kazakh
    assert ReportExport.objects.get().status == ExportStatus.READY


def test_a_workbook_whose_worker_was_lost_offers_a_retry(desk, live_server, world):
    lost = timezone.now() - datetime.timedelta(hours=1)
    export = ReportExport.objects.create(
        requested_by=world.federation,
        year=2025,
        language="kk",
        status=ExportStatus.RUNNING,
        sent_at=lost,
        heartbeat_at=lost,
        attempts=9,  # past every restart: the sweep would not take it up again
    )
    log_in(desk, live_server.url, "federation")
    desk.goto(f"{live_server.url}{export.get_absolute_url()}")
    expect(desk.locator("[data-export-retry]")).to_be_visible()
    expect(desk.locator("[data-export-link]")).to_be_hidden()

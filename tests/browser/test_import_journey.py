"""Regional staff download the enterprises template, fill it in, upload it, see the
preview and confirm; a run still in progress shows a progress bar that follows the run; a
run whose worker was lost is tried again from its page."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from kzsafety.directories.models import Enterprise
from kzsafety.imports.models import ImportRun, RunStatus
from kzsafety.imports.runs import import_run_create
from tests.browser.conftest import log_in
from tests.imports.conftest import csv_bytes, new_bin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_template_to_imported_enterprises(desk, live_server, world, artifacts, tmp_path):
    page = desk
    log_in(page, live_server.url, "regional")
    page.get_by_test_id("nav-imports").click()
    with page.expect_download() as download:
        page.get_by_test_id("template-enterprises").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet, lists = workbook.worksheets[0], workbook["lists"]
    regions = [c.value for c in next(lists.iter_cols(min_row=2)) if c.value]
    sectors = [c.value for c in list(lists.iter_cols(min_row=2))[1] if c.value]
    karaganda = next(name for name in regions if "Қарағанды" in name)
    for n in range(3):
        sheet.append([new_bin(n), f"Кәсіпорын {n}", karaganda, sectors[0], None, 10 + n])
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)

    page.set_input_files("#id_file", str(filled))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("preview-counts")).to_contain_text("3")
    page.screenshot(path=str(artifacts / "import_preview.png"), full_page=True)
    assert not Enterprise.objects.filter(bin=new_bin(0)).exists()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("imported")).to_be_visible()
    assert Enterprise.objects.filter(bin__in=[new_bin(n) for n in range(3)]).count() == 3
    page.get_by_test_id("nav-imports").click()
    expect(page.get_by_test_id("history")).to_contain_text("filled.xlsx")


def test_the_progress_bar_follows_a_running_import(desk, live_server, world):
    run = ImportRun(
        user=world.federation,
        kind="enterprises",
        original_name="big.csv",
        size=3,
        status=RunStatus.RUNNING,
        heartbeat_at=timezone.now(),  # alive: without a heartbeat it shows as failed
    )
    run.file.save("big.csv", ContentFile(b"bin"), save=False)
    run.save()
    page = desk
    log_in(page, live_server.url, "federation")
    page.goto(f"{live_server.url}{run.get_absolute_url()}")
    expect(page.locator("[data-import-progress]")).to_be_visible()
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error_count=1)
    expect(page.get_by_test_id("failed")).to_be_visible(timeout=20_000)


def test_an_import_lost_with_its_worker_is_tried_again_from_its_page(desk, live_server, world):
    content = csv_bytes([["bin", "name", "region", "sector"], [new_bin(7), "E7", "35", "coal"]])
    run = import_run_create(
        user=world.federation,
        kind="enterprises",
        upload=SimpleUploadedFile("lost.csv", content),
        language="en",
    )
    ImportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, interrupted=True, attempts=2, finished_at=timezone.now()
    )
    page = desk
    log_in(page, live_server.url, "federation")
    page.goto(f"{live_server.url}{run.get_absolute_url()}")
    expect(page.get_by_test_id("interrupted")).to_be_visible()
    page.get_by_test_id("retry").click()  # a POST with the CSRF token, as a browser sends it
    expect(page.get_by_test_id("preview")).to_be_visible()
    run.refresh_from_db()
    assert (run.status, run.attempts, run.interrupted) == (RunStatus.SUCCEEDED, 1, False)

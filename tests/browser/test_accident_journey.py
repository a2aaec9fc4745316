"""An inspector files an accident with two victims, one fatal, on a 390-px phone; it shows
as group and fatal; regional staff return it with a comment; the inspector fixes and
resubmits; regional staff verify it."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections.models import Accident, AccidentStatus
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accident_report_from_phone_to_verification(phone_390, desk, live_server, world, artifacts):
    day = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    page = phone_390
    log_in(page, live_server.url, "insp_a")
    page.goto(f"{live_server.url}/accidents/new/")
    page.fill("#id_date", day)
    page.fill("#id_place", "Шахта №4")
    page.fill("#id_victims-0-full_name", "Арман Серіков")
    page.select_option("#id_victims-0-outcome", "severe")
    page.get_by_test_id("add-victim").click()
    page.fill("#id_victims-1-full_name", "Бота Жанова")
    page.select_option("#id_victims-1-outcome", "fatal")
    page.fill("#id_victims-1-died_on", day)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "accident_filing_phone.png"), full_page=True)
    page.get_by_test_id("submit-report").click()

    expect(page.get_by_test_id("fatal-badge")).to_be_visible()
    expect(page.get_by_test_id("group-badge")).to_be_visible()
    expect(page.get_by_test_id("victims")).to_contain_text("Бота Жанова")
    accident = Accident.objects.get()
    assert accident.status == AccidentStatus.SUBMITTED
    assert accident.victims.count() == 2

    staff = desk
    log_in(staff, live_server.url, "regional")
    staff.goto(f"{live_server.url}{accident.get_absolute_url()}")
    staff.fill("#id_comment", "Акт нөмірін толтырыңыз")
    staff.get_by_test_id("return").click()
    expect(staff.get_by_test_id("timeline")).to_contain_text("Акт нөмірін толтырыңыз")

    page.goto(f"{live_server.url}{accident.get_absolute_url()}")
    page.get_by_test_id("edit-report").click()
    expect(page.locator(".alert-warning")).to_contain_text("Акт нөмірін толтырыңыз")
    page.fill("#id_act_number", "N-1/2025-17")
    page.get_by_test_id("submit-report").click()
    expect(page.locator("main")).to_contain_text("N-1/2025-17")

    staff.goto(f"{live_server.url}{accident.get_absolute_url()}")
    staff.get_by_test_id("verify").click()
    expect(staff.locator("[data-status=verified]").first).to_be_visible()
    staff.screenshot(path=str(artifacts / "accident_verified.png"), full_page=True)
    accident.refresh_from_db()
    assert accident.status == AccidentStatus.VERIFIED
    assert list(accident.status_changes.values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "verified",
    ]

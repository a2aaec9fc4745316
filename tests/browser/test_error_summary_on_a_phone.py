"""After a failed submit on a 390-px phone the page comes back at its top; the error summary
is there, visible and focused, and its links lead into the invalid fields."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections.models import Accident
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEIGHT = 844


def focused_testid(page) -> str | None:
    return page.evaluate("document.activeElement.getAttribute('data-testid')")


def in_view_at_the_top(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert -2 <= box["y"] < HEIGHT / 2, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_failed_accident_submit_on_a_phone_focuses_the_summary_at_the_top(
    phone_390, live_server, world, artifacts
):
    page = phone_390
    log_in(page, live_server.url, "insp_a")
    page.goto(f"{live_server.url}/accidents/new/")
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    page.fill("#id_date", future)
    page.fill("#id_victims-0-full_name", "Арман Серіков")
    page.fill("#id_victims-0-age", "7")
    page.get_by_test_id("save-draft").scroll_into_view_if_needed()
    page.get_by_test_id("save-draft").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    in_view_at_the_top(page, summary)
    expect(summary.locator("a[href='#id_date']")).to_be_visible()
    expect(summary.locator("a[href='#id_victims-0-age']")).to_be_visible()
    page.screenshot(path=str(artifacts / "error_summary_390.png"))
    assert not Accident.objects.exists()

    summary.locator("a[href='#id_victims-0-age']").click()
    expect(page.locator("#id_victims-0-age")).to_be_focused()
    in_view_at_the_top(page, page.locator("label[for='id_victims-0-age']"))


def test_failed_log_in_on_a_phone_keeps_the_focus_on_the_summary(phone_390, live_server, world):
    page = phone_390
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "insp_a")
    page.fill("input[name=password]", "not-the-password")
    page.click("main form button[type=submit]")
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    page.wait_for_load_state("load")
    assert focused_testid(page) == "error-summary"  # not the user name's autofocus
    in_view_at_the_top(page, summary)

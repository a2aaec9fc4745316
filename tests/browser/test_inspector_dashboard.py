"""Main journey of the foundation: an inspector logs in, switches to Russian and sees the
dashboard, on a desk and on a 360-px phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_inspector_logs_in_switches_to_russian_and_sees_the_dashboard(
    desk, live_server, world, artifacts
):
    page = desk
    log_in(page, live_server.url, "insp_a")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_test_id("enterprise-count")).to_have_text("1")

    page.get_by_test_id("user-menu").click()  # the language buttons are in the account menu
    page.get_by_test_id("language-ru").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("nav")).to_contain_text("Предприятия")
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("Добро пожаловать")
    expect(page.locator("main")).to_contain_text(world.a.name)
    page.screenshot(path=str(artifacts / "inspector_dashboard_ru.png"), full_page=True)

    # The choice is kept for the account: a new visit in a fresh browser is in Russian too.
    page.context.clear_cookies()
    log_in(page, live_server.url, "insp_a")
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_dashboard_and_directory_fit_a_360_px_phone(phone, live_server, world, artifacts):
    page = phone
    log_in(page, live_server.url, "regional")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "regional_dashboard_phone.png"), full_page=True)

    page.click(".navbar-toggler")
    page.locator("#main-nav a[href='/enterprises/']").click()
    expect(page.get_by_test_id("result-count")).to_be_visible()
    expect(page.locator("main table")).to_contain_text(world.c.name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "enterprise_directory_phone.png"), full_page=True)

"""The main menu fits: from 1024 px wide every role's menu, in Kazakh, Russian and English,
stays on the screen with the account menu (and its log-out) reachable; below 1024 px it
folds behind the toggler, which opens it."""

import pytest
from playwright.sync_api import expect

from kzsafety.accounts.models import Notification, User
from tests.browser.conftest import no_sideways_scroll, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["kk", "ru", "en"]
# A long name and unread notifications make the account menu as wide as it gets.
LONG_NAME = ("Айгерім-Гүлжанат", "Нұрсұлтанқызы-Сейітжанова")


@pytest.fixture
def everyone(world):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    users = [
        world.inspector_a,
        world.council_a,
        world.regional,
        world.sector,
        world.federation,
        root,
    ]
    User.objects.filter(pk__in=[u.pk for u in users]).update(
        first_name=LONG_NAME[0], last_name=LONG_NAME[1]
    )
    for user in users:
        Notification.objects.bulk_create(
            Notification(user=user, message=f"note {n}") for n in range(12)
        )
    return users


def inside(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_every_role_in_every_language_fits_1024_px_with_log_out_in_reach(
    chromium, live_server, everyone
):
    """At 1024 px the compact menu (icons for Home and the account); from 1400 px the words
    come back, and must fit as well."""
    context = chromium.new_context(viewport={"width": 1024, "height": 700})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        for width in (1024, 1400):
            page.set_viewport_size({"width": width, "height": 700})
            for user in everyone:
                sign_in(context, live_server.url, user)
                for language in LANGUAGES:
                    User.objects.filter(pk=user.pk).update(language=language)
                    page.goto(f"{live_server.url}/")
                    where = f"{user.username} in {language} at {width} px"
                    expect(page.locator("html")).to_have_attribute("lang", language)
                    assert no_sideways_scroll(page), where
                    expect(page.locator(".navbar-toggler")).to_be_hidden()
                    # One row: the menu did not wrap under the brand.
                    assert page.locator("nav.navbar").bounding_box()["height"] < 70, where
                    menu = page.get_by_test_id("user-menu")
                    expect(menu).to_be_visible()
                    assert inside(page, menu), where
                    menu.click()
                    log_out = page.get_by_test_id("log-out")
                    expect(log_out).to_be_visible()
                    assert inside(page, log_out), where
                    assert no_sideways_scroll(page), where
                    page.keyboard.press("Escape")
                    expect(log_out).to_be_hidden()
    finally:
        context.close()


def test_below_1024_px_the_menu_folds_behind_a_toggler_that_opens_it(
    chromium, live_server, everyone
):
    federation = next(user for user in everyone if user.username == "federation")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(context, live_server.url, federation)
        for language in LANGUAGES:
            User.objects.filter(pk=federation.pk).update(language=language)
            page.goto(f"{live_server.url}/")
            assert no_sideways_scroll(page), language
            toggler = page.locator(".navbar-toggler")
            expect(toggler).to_be_visible()
            expect(page.locator("#main-nav")).to_be_hidden()
            toggler.click()
            expect(page.locator("#main-nav a[href='/enterprises/']")).to_be_visible()
            # The menu opens with a transition; a click on the account menu during it can
            # be lost on a busy machine: use it once the menu has opened.
            expect(page.locator("#main-nav.collapse.show")).to_have_count(1)
            page.get_by_test_id("user-menu").click()
            expect(page.get_by_test_id("log-out")).to_be_visible()
            assert no_sideways_scroll(page), language
        page.set_viewport_size({"width": 1023, "height": 700})
        page.goto(f"{live_server.url}/")
        expect(page.locator(".navbar-toggler")).to_be_visible()
    finally:
        context.close()

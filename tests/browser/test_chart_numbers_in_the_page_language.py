"""The statistics charts write their numbers in the page's language, not the browser's: a
Kazakh page read in an English browser still shows 1 234,5 on the axes and tooltips."""

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_browser(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_charts_format_numbers_in_the_language_of_the_page(english_browser, live_server, world):
    page = english_browser
    world.federation.language = "kk"
    world.federation.save(update_fields=["language"])
    log_in(page, live_server.url, "federation")
    page.goto(f"{live_server.url}/statistics/")
    assert page.evaluate("document.documentElement.lang") == "kk"
    shown = page.evaluate("new Intl.NumberFormat(Chart.defaults.locale).format(1234.5)")
    assert shown == "1\xa0234,5"
    assert page.evaluate("(1234).toLocaleString(window.kzNumberLocale)") == "1\xa0234"

"""The submit button of a form disables itself while the form is being sent, so a double
click sends one request; shown again from the back-forward cache, it can be used again."""

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = "document.querySelector('[data-testid=save]')"


def test_the_save_button_disables_itself_on_submit_and_comes_back_on_pageshow(
    desk, live_server, world
):
    page = desk
    log_in(page, live_server.url, "federation")
    page.goto(f"{live_server.url}/councils/new/")
    assert page.evaluate(f"{SAVE}.disabled") is False

    # The submit event as the browser fires it, without leaving the page to look at it.
    page.evaluate(
        f"{SAVE}.form.dispatchEvent(new Event('submit', {{bubbles: true, cancelable: true}}))"
    )
    page.wait_for_function(f"{SAVE}.disabled")

    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    page.wait_for_function(f"!{SAVE}.disabled")

"""The API documentation (Swagger UI, vendored) renders in a real browser under the
content security policy, without a refused script or style; a user creates a token on
their tokens page and sees it once."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_shows_every_family_without_a_csp_refusal(desk, live_server):
    refusals = []
    desk.on(
        "console",
        lambda message: (
            refusals.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    desk.goto(f"{live_server.url}/api/v1/docs/")
    desk.wait_for_selector(".swagger-ui .opblock-tag")
    tags = desk.locator(".opblock-tag").all_inner_texts()
    for family in ("accidents", "inspections", "councils", "enterprises"):
        assert any(family in tag for tag in tags), tags
    assert refusals == []


def test_a_new_token_is_shown_once_on_the_tokens_page(desk, live_server, world):
    sign_in(desk.context, live_server.url, world.regional)
    desk.goto(f"{live_server.url}/accounts/tokens/")
    desk.fill("input[name=name]", "Exchange")
    desk.click("main form button[type=submit]")
    value = desk.locator("[data-testid=new-token] input").input_value()
    assert value.startswith("kzs_")
    desk.goto(f"{live_server.url}/accounts/tokens/")
    assert value not in desk.content()
    assert "Exchange" in desk.content()

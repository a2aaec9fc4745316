"""After a failed log-in the page says how many attempts are left before a pause, the same
way for an account that exists and for a username nobody has; the lock-out page says when
to try again, leads back to the log-in form and says whom to ask; every page has an icon."""

import datetime
import re

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.pages import tags

PASSWORD = "correct-horse-battery"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def log_in(client, username, password="wrong-password", address="10.0.0.1", **extra):
    client.logout()
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def attempts_left(response) -> str:
    match = re.search(r'data-testid="attempts-left">(.*?)</p>', response.content.decode(), re.S)
    assert match, "no count of the attempts left on the page"
    return re.sub(r"[ \t\n]+", " ", match.group(1)).strip()  # keeps no-break spaces


def test_a_wrong_password_says_how_many_attempts_are_left_before_a_pause(client, world, clock):
    first = log_in(client, "insp_a")
    assert first.status_code == 200
    assert attempts_left(first) == (
        "After 4 more failed attempts, log-in is paused for 1\xa0minute."
    )
    for _ in range(2):
        log_in(client, "insp_a")
    assert attempts_left(log_in(client, "insp_a")) == (
        "After 1 more failed attempt, log-in is paused for 1\xa0minute."
    )
    assert log_in(client, "insp_a").status_code == 429  # the fifth failure


def test_an_unknown_username_is_told_exactly_what_an_existing_one_is(client, world, clock):
    def pages(username):
        return [attempts_left(log_in(client, username, address="10.0.0.2")) for _ in range(4)]

    known = pages("insp_a")
    unknown = pages("nobody-has-this-name")
    assert known == unknown
    assert log_in(client, "nobody-has-this-name", address="10.0.0.3").status_code == 429


def test_the_count_is_per_username_not_for_every_account(client, world, clock):
    for _ in range(3):
        log_in(client, "insp_a")
    assert attempts_left(log_in(client, "insp_b")).startswith("After 4 more failed attempts")


def test_after_a_pause_the_next_failure_is_announced_with_the_longer_pause(client, world, clock):
    for _ in range(5):
        log_in(client, "insp_a")
    clock.shift(datetime.timedelta(seconds=61))
    log_in(client, "insp_b")  # another account fails meanwhile; it changes nothing for insp_a
    response = log_in(client, "insp_a")
    assert response.status_code == 429  # the sixth failure starts a two-minute pause
    assert "2\xa0minutes" in response.content.decode()


def test_the_address_limit_is_counted_when_it_is_the_nearer_one(client, world, clock):
    # 28 failures from one address over many usernames; 30 lock the address.
    for number in range(28):
        log_in(client, f"someone{number}", address="10.0.0.9")
    assert attempts_left(log_in(client, "insp_a", address="10.0.0.9")) == (
        "After 1 more failed attempt, log-in is paused for 15\xa0minutes."
    )


def test_a_missing_password_is_no_attempt_and_shows_no_count(client, world, clock):
    response = log_in(client, "insp_a", password="")
    assert response.status_code == 200
    assert 'data-testid="attempts-left"' not in response.content.decode()


def test_a_first_visit_shows_no_count(client, world):
    response = client.get(reverse("accounts:login"))
    assert 'data-testid="attempts-left"' not in response.content.decode()


def test_the_right_password_still_logs_in_after_failures(client, world, clock):
    for _ in range(4):
        log_in(client, "insp_a")
    assert log_in(client, "insp_a", PASSWORD).status_code == 302


# --- The lock-out page ---------------------------------------------------------------------


def test_the_lock_out_page_says_when_to_try_again_and_leads_back_to_log_in(client, world, clock):
    for _ in range(4):
        log_in(client, "insp_a")
    response = log_in(client, "insp_a", next="/accidents/")
    assert response.status_code == 429
    body = response.content.decode()
    assert "You can try again in 1\xa0minute." in body
    (back,) = tags(body, "a", data_testid="back-to-login")
    assert back["href"] == reverse("accounts:login") + "?next=/accidents/"
    assert "Ask the federation staff of your region" in body
    clock.shift(datetime.timedelta(seconds=61))
    assert client.get(back["href"]).status_code == 200
    assert log_in(client, "insp_a", PASSWORD).status_code == 302


def test_the_lock_out_page_does_not_lead_to_another_site(client, world, clock):
    for _ in range(5):
        log_in(client, "insp_a", next="https://evil.example/")
    body = log_in(client, "insp_a", next="https://evil.example/").content.decode()
    (back,) = tags(body, "a", data_testid="back-to-login")
    assert back["href"] == reverse("accounts:login")


@override_settings(SUPPORT_CONTACT="help@fprk.kz")
def test_the_lock_out_page_gives_the_support_contact_when_one_is_set(client, world, clock):
    for _ in range(5):
        log_in(client, "insp_a")
    body = log_in(client, "insp_a").content.decode()
    assert tags(body, "a", href="mailto:help@fprk.kz")


def test_without_a_support_contact_the_page_names_no_empty_one(client, world, clock):
    for _ in range(5):
        log_in(client, "insp_a")
    body = log_in(client, "insp_a").content.decode()
    assert "Help:" not in body and "mailto:" not in body


# --- The icon ------------------------------------------------------------------------------


def icons(body: str) -> list[str]:
    return [link["href"] for link in tags(body, "link", rel="icon")]


def test_every_page_and_error_page_links_the_icon_and_it_is_served(client, world):
    login_page = client.get(reverse("accounts:login")).content.decode()
    client.force_login(world.federation)
    home = client.get(reverse("home")).content.decode()
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    for body in (login_page, home, missing.content.decode()):
        assert icons(body) == ["/static/favicon.ico", "/static/favicon.svg"]
    ico = b"".join(client.get("/static/favicon.ico").streaming_content)
    assert ico[:4] == b"\x00\x00\x01\x00"  # an icon resource
    svg = b"".join(client.get("/static/favicon.svg").streaming_content)
    assert svg.startswith(b"<svg")

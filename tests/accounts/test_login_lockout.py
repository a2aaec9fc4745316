"""Log-in lock-out: per username with a wait that starts short and doubles, per client
address with a higher limit, the client address read through the trusted proxies, and
federation staff unlocking an account in the admin."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.admin import helpers
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from kzsafety.accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def log_in(client, username, password, address="10.0.0.1", **headers):
    client.logout()
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times=1, address="10.0.0.1", **headers):
    for _ in range(times):
        log_in(client, username, "wrong-password", address, **headers)


def logged_in(response) -> bool:
    return response.status_code == 302


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_five_failures_lock_the_username_from_every_address(client, world, clock):
    fail(client, "insp_a", 5, address="10.0.0.1")
    response = log_in(client, "insp_a", PASSWORD, address="10.0.0.2")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_first_lock_lasts_a_minute_not_half_an_hour(client, world, clock):
    fail(client, "insp_a", 5)
    clock.shift(datetime.timedelta(seconds=50))
    assert log_in(client, "insp_a", PASSWORD).status_code == 429
    clock.shift(datetime.timedelta(seconds=15))
    assert logged_in(log_in(client, "insp_a", PASSWORD))


def test_the_wait_doubles_with_each_further_failure(client, world, clock):
    fail(client, "insp_a", 5)
    clock.shift(datetime.timedelta(seconds=61))
    fail(client, "insp_a")  # the sixth failure: two minutes
    clock.shift(datetime.timedelta(seconds=100))
    assert log_in(client, "insp_a", PASSWORD).status_code == 429
    clock.shift(datetime.timedelta(seconds=21))
    fail(client, "insp_a")  # the seventh: four minutes
    clock.shift(datetime.timedelta(minutes=3, seconds=50))
    assert log_in(client, "insp_a", PASSWORD).status_code == 429
    clock.shift(datetime.timedelta(seconds=11))
    assert logged_in(log_in(client, "insp_a", PASSWORD))


def test_the_wait_never_exceeds_a_day(client, world, clock):
    AccessAttempt.objects.create(
        username="insp_a",
        ip_address="10.0.0.1",
        user_agent="x",
        failures_since_start=500,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    clock.shift(datetime.timedelta(hours=23, minutes=59))
    assert log_in(client, "insp_a", PASSWORD).status_code == 429
    clock.shift(datetime.timedelta(minutes=2))
    assert logged_in(log_in(client, "insp_a", PASSWORD))


def test_attempts_during_a_lock_do_not_extend_it(client, world, clock):
    fail(client, "insp_a", 5)
    for _ in range(10):
        clock.shift(datetime.timedelta(seconds=5))
        fail(client, "insp_a")
    clock.shift(datetime.timedelta(seconds=15))
    assert logged_in(log_in(client, "insp_a", PASSWORD))


def test_one_address_failing_on_many_usernames_is_locked(client, world, clock):
    for number in range(15):
        fail(client, f"guess{number}", 2, address="10.0.0.9")
    assert log_in(client, "insp_a", PASSWORD, address="10.0.0.9").status_code == 429
    assert logged_in(log_in(client, "insp_b", PASSWORD, address="10.0.0.8"))
    clock.shift(datetime.timedelta(minutes=16))
    assert logged_in(log_in(client, "insp_a", PASSWORD, address="10.0.0.9"))


def test_logging_into_ones_own_account_does_not_clear_the_address_count(client, world, clock):
    for number in range(14):
        fail(client, f"guess{number}", 2, address="10.0.0.9")
    assert logged_in(log_in(client, "insp_b", PASSWORD, address="10.0.0.9"))
    fail(client, "guess99", 2, address="10.0.0.9")
    assert log_in(client, "insp_a", PASSWORD, address="10.0.0.9").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_address_lock_follows_the_forwarded_client(client, world, clock):
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for number in range(15):
        fail(client, f"guess{number}", 2, address="10.0.0.1", **attacker)
    # Whatever the attacker writes in front, the proxy's own entry is the one read.
    spoofed = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert log_in(client, "insp_a", PASSWORD, "10.0.0.1", **spoofed).status_code == 429
    colleague = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert logged_in(log_in(client, "insp_a", PASSWORD, "10.0.0.1", **colleague))
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").exists()


def test_lock_out_page_says_until_when_in_the_users_language(client, world, clock):
    fail(client, "insp_a", 5)
    # log_in() logs out first, which empties the test client's cookies: the browser's
    # language comes in its Accept-Language header instead.
    response = log_in(client, "insp_a", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "log-in is paused until" in response.content.decode()
    assert "30 minutes" not in response.content.decode()


def unlock(client, users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", helpers.ACTION_CHECKBOX_NAME: [user.pk for user in users]},
    )


def test_federation_staff_unlock_an_account_in_the_admin(client, world, clock):
    fail(client, "insp_a", 5)
    client.force_login(world.federation)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("admin:accounts_user_change", args=[world.inspector_a.pk]))
    until = timezone.now() + datetime.timedelta(minutes=1)
    with translation.override("en"):
        assert formats.date_format(until, "DATETIME_FORMAT") in page.content.decode()
    response = unlock(client, [world.inspector_a])
    assert response.status_code == 302
    assert logged_in(log_in(client, "insp_a", PASSWORD))


def test_federation_staff_cannot_unlock_the_superuser(client, world, clock):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    fail(client, "root", 5)
    fail(client, "insp_a", 5)
    client.force_login(world.federation)
    response = unlock(client, [root, world.inspector_a])
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username__in=["root", "insp_a"]).count() == 2
    assert log_in(client, "root", PASSWORD).status_code == 429
    assert User.objects.get(pk=root.pk).is_active


def test_superuser_unlocks_federation_staff(client, world, clock):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    fail(client, "federation", 5)
    client.force_login(root)
    assert unlock(client, [world.federation]).status_code == 302
    assert logged_in(log_in(client, "federation", PASSWORD))


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
@pytest.mark.django_db
def test_a_username_longer_than_the_field_is_refused_not_a_server_error(client, path):
    response = client.post(path, {"username": "x" * 300, "password": "whatever-1"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not AccessAttempt.objects.filter(username__startswith="xxx").exists()

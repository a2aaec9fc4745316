"""The token pages: a user creates a token (shown once), lists and revokes their own;
federation staff see and revoke anyone's; nobody else reaches another user's token."""

import datetime

import pytest
from django.utils import timezone

from kzsafety.api.models import ApiToken, hash_token
from tests.api.conftest import api_client, token_for

pytestmark = pytest.mark.django_db


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/accounts/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_created_token_is_shown_once_and_works(world, client, english):
    client.force_login(world.regional)
    response = client.post(
        "/accounts/tokens/", {"name": "Ministry sync", "expires_on": in_days(30)}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=world.regional)
    raw = response.context["new_token"]["value"]
    assert raw in response.content.decode()
    assert token.key_hash == hash_token(raw) and token.name == "Ministry sync"
    assert api_client(raw).get("/api/v1/me/").json()["username"] == "regional"
    again = client.get("/accounts/tokens/").content.decode()
    assert raw not in again and "Ministry sync" in again and token.prefix in again


def test_expiry_defaults_to_ninety_days(world, client):
    client.force_login(world.regional)
    form = client.get("/accounts/tokens/").context["form"]
    assert form["expires_on"].value() == timezone.localdate() + datetime.timedelta(days=90)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "expires_on": in_days(30)}, "name"),
        ({"name": "   ", "expires_on": in_days(30)}, "name"),
        ({"name": "x", "expires_on": in_days(0)}, "expires_on"),
        ({"name": "x", "expires_on": in_days(366)}, "expires_on"),
        ({"name": "x", "expires_on": "9999-12-31"}, "expires_on"),
        ({"name": "x", "expires_on": "not a date"}, "expires_on"),
    ],
)
def test_bad_name_or_expiry_is_refused_with_a_message(world, client, english, data, field):
    client.force_login(world.regional)
    response = client.post("/accounts/tokens/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ApiToken.objects.exists()


def test_the_longest_expiry_is_accepted(world, client):
    client.force_login(world.regional)
    client.post("/accounts/tokens/", {"name": "year", "expires_on": in_days(365)})
    assert ApiToken.objects.filter(user=world.regional).count() == 1


def test_user_revokes_their_own_token_after_confirming(world, client, english):
    raw = token_for(world.inspector_a)
    token = ApiToken.objects.get(user=world.inspector_a)
    client.force_login(world.inspector_a)
    confirm = client.get(f"/accounts/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert api_client(raw).get("/api/v1/me/").status_code == 200
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/accounts/tokens/"
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.inspector_a
    assert api_client(raw).get("/api/v1/me/").json()["code"] == "token_revoked"


@pytest.mark.parametrize("persona", ["inspector_b", "regional", "sector", "council_a"])
def test_nobody_but_federation_reaches_another_users_token(world, client, persona):
    raw = token_for(world.inspector_a)
    token = ApiToken.objects.get(user=world.inspector_a)
    client.force_login(getattr(world, persona))
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get("/accounts/tokens/all/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_client(raw).get("/api/v1/me/").status_code == 200


def test_federation_staff_see_and_revoke_anyones_token(world, client, english):
    raw = token_for(world.inspector_a)
    token_for(world.regional)
    token = ApiToken.objects.get(user=world.inspector_a)
    client.force_login(world.federation)
    listing = client.get("/accounts/tokens/all/").content.decode()
    assert "insp_a" in listing and "regional" in listing
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response["Location"] == "/accounts/tokens/all/"
    token.refresh_from_db()
    assert token.revoked_by == world.federation
    assert api_client(raw).get("/api/v1/me/").status_code == 401
    assert "insp_a" not in client.get("/accounts/tokens/all/").content.decode()


def test_users_list_shows_only_their_own_tokens(world, client):
    token_for(world.inspector_b)
    client.force_login(world.inspector_a)
    assert list(client.get("/accounts/tokens/").context["tokens"]) == []

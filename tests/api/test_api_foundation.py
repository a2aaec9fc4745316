"""The API's frame: schema and documentation, tokens, JSON errors with stable codes."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from kzsafety.api.models import ApiToken
from kzsafety.api.tokens import token_revoke
from tests.api.conftest import api_client, token_for

pytestmark = pytest.mark.django_db


def test_schema_is_served_as_openapi_3():
    response = api_client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_schema_validates_without_warnings(tmp_path):
    call_command(
        "spectacular",
        "--lang",
        "en",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "s.yml"),
    )
    assert "openapi:" in (tmp_path / "s.yml").read_text()


def test_documentation_page_has_no_inline_script_or_style():
    response = api_client().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html and "style=" not in html
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    init = api_client().get(script.replace("&amp;", "&"))
    assert init.status_code == 200
    assert "SwaggerUIBundle" in init.content.decode()


def test_anonymous_request_answers_401_json_with_a_code():
    response = api_client().get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_token_acts_as_its_user(world):
    response = api_client(token_for(world.regional)).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "regional"
    assert response.json()["region"] == "35"


def test_token_word_is_accepted_as_well_as_bearer(world):
    raw = token_for(world.inspector_a)
    client = api_client()
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200


def test_only_the_hash_of_the_token_is_stored(world):
    raw = token_for(world.sector)
    token = ApiToken.objects.get(user=world.sector)
    assert raw not in (token.key_hash, token.prefix, token.name)
    assert raw.startswith(token.prefix)


def test_revoked_token_answers_401(world):
    raw = token_for(world.inspector_a)
    token_revoke(actor=world.inspector_a, token=ApiToken.objects.get(user=world.inspector_a))
    response = api_client(raw).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"


def test_expired_token_answers_401(world):
    raw = token_for(world.inspector_a)
    ApiToken.objects.filter(user=world.inspector_a).update(
        created_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    response = api_client(raw).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_unknown_token_answers_401(world):
    response = api_client("kzs_not-a-real-token").get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"


def test_token_of_a_deactivated_user_answers_401(world):
    raw = token_for(world.inspector_a)
    world.inspector_a.is_active = False
    world.inspector_a.save()
    response = api_client(raw).get("/api/v1/me/")
    assert response.status_code == 401


def test_unknown_api_path_answers_json_404(world):
    response = api_client(token_for(world.federation)).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_wrong_method_answers_json_405(world):
    response = api_client(token_for(world.federation)).post("/api/v1/me/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_session_write_without_csrf_token_is_refused(world, client):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.federation)
    response = browser.post("/api/v1/me/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "CSRF" in response.json()["detail"]


def test_a_tokens_use_is_stamped(world):
    raw = token_for(world.sector)
    assert ApiToken.objects.get(user=world.sector).last_used_at is None
    api_client(raw).get("/api/v1/me/")
    assert ApiToken.objects.get(user=world.sector).last_used_at is not None


def test_a_malformed_authorization_header_answers_401(world):
    response = api_client().get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer two words")
    assert response.status_code == 401
    assert response.json()["code"] == "token_malformed"


def test_a_query_refused_before_the_view_answers_json_under_the_api(world):
    """Found by schemathesis: the NUL-byte guard (kzsafety.querystrings) answers before DRF."""
    response = api_client(token_for(world.federation)).get("/api/v1/accidents/?region=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "bad_request"


def test_the_sites_pages_keep_their_html_error_pages(world, client):
    client.force_login(world.federation)
    response = client.get("/enterprises/?q=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert client.get("/no-such-page/").headers["Content-Type"].startswith("text/html")

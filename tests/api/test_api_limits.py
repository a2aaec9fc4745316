"""Limits of the API: requests per token and per user (429 with Retry-After), the size of
a request body, and errors as JSON with a stable code, a server error too."""

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import override_settings
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from kzsafety.api.errors import json_exception_handler
from tests.api.conftest import api_client, token_for

pytestmark = pytest.mark.django_db

GENEROUS = "1000/min"


@override_settings(API_THROTTLE_RATES={"token": "3/min", "user": GENEROUS, "anon": GENEROUS})
def test_a_token_over_its_rate_answers_429_with_retry_after(world):
    client = api_client(token_for(world.regional))
    for _ in range(3):
        assert client.get("/api/v1/me/").status_code == 200
    response = client.get("/api/v1/me/")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    # Another token of the same user has its own budget.
    assert api_client(token_for(world.regional)).get("/api/v1/me/").status_code == 200


@override_settings(API_THROTTLE_RATES={"token": GENEROUS, "user": "4/min", "anon": GENEROUS})
def test_a_user_over_its_rate_answers_429_whichever_token_it_uses(world):
    first, second = api_client(token_for(world.sector)), api_client(token_for(world.sector))
    for client in (first, second, first, second):
        assert client.get("/api/v1/me/").status_code == 200
    assert second.get("/api/v1/me/").status_code == 429
    assert first.get("/api/v1/me/").status_code == 429
    assert api_client(token_for(world.regional)).get("/api/v1/me/").status_code == 200


@override_settings(API_THROTTLE_RATES={"token": GENEROUS, "user": "2/min", "anon": GENEROUS})
def test_the_session_counts_in_the_users_budget(world, client):
    client.force_login(world.federation)
    assert client.get("/api/v1/me/").status_code == 200
    assert api_client(token_for(world.federation)).get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 429


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_body_over_the_size_limit_is_refused_with_413():
    """DRF reads a JSON body through Django's request.body, which enforces the limit; the
    handler answers what it raises with 413 and a code."""
    raw = APIRequestFactory().post(
        "/api/v1/x/", '{"text": "' + "x" * 200 + '"}', content_type="application/json"
    )
    with pytest.raises(RequestDataTooBig) as raised:
        Request(raw, parsers=[JSONParser()]).data  # noqa: B018
    response = json_exception_handler(raised.value, {})
    assert response.status_code == 413
    assert response.data["code"] == "request_too_large"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_body_within_the_limit_is_parsed():
    raw = APIRequestFactory().post("/api/v1/x/", '{"a": 1}', content_type="application/json")
    assert Request(raw, parsers=[JSONParser()]).data == {"a": 1}


def test_an_unexpected_exception_answers_500_json():
    response = json_exception_handler(RuntimeError("bug"), {})
    assert response.status_code == 500
    assert response.data["code"] == "server_error"
    assert "bug" not in response.data["detail"]


def test_an_error_message_follows_the_request_language(world):
    response = api_client(language="ru").get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"] != "Authentication credentials were not provided."

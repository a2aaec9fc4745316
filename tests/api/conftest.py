"""Fixtures of the API tests: the personas of tests/conftest.py, each with a token, and a
client that sends it. The throttle counters live in the cache: emptied before each test."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from kzsafety.api.tokens import token_create


@pytest.fixture(autouse=True)
def empty_throttle_counters():
    cache.clear()
    yield
    cache.clear()


def token_for(user, days: int = 30) -> str:
    _record, raw = token_create(
        user=user,
        name="test",
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    return raw


def api_client(token: str | None = None, language: str = "en") -> Client:
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return Client(raise_request_exception=False, **headers)


@pytest.fixture
def as_persona(world):
    """as_persona("regional") -> a client sending a fresh token of that persona."""

    def make(name: str) -> Client:
        return api_client(token_for(getattr(world, name)))

    return make

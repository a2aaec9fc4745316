"""Schemathesis against the live schema: every GET operation of the API, with generated
parameters, called in-process through Django's WSGI handler as anonymous and as every
persona's token; no answer is a server error, and every answer (status, content type,
body) is what the schema says. One test per operation; records of every family exist at
enterprises in and out of each persona's scope."""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for
from tests.api.records import SCOPES, build_records

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))


def get_operations() -> list[str]:
    with translation.override("en"):
        paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted(path for path, operations in paths.items() if "get" in operations)


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, kept from closing the test's database connection at the end
    of each request (as the test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_every_get_operation_of_the_schema_is_tested():
    assert len(get_operations()) >= 20


@pytest.mark.parametrize("path", get_operations())
def test_get_operation_answers_as_the_schema_says_for_every_persona(world, wsgi_app, path):
    build_records(world)
    tokens = [None] + [token_for(getattr(world, persona)) for persona in SCOPES]
    api_schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        for token in tokens:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            case.call_and_validate(headers=headers, checks=CHECKS)

    answers_as_documented()

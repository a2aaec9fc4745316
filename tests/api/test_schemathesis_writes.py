"""Schemathesis against the live schema: every write operation of the API (POST, PUT,
PATCH), with generated bodies that fit the schema and bodies that do not, called
in-process through Django's WSGI handler as anonymous and as every persona's token; no
answer is a server error, and every answer (status, content type, body) is what the schema
says. The reads have theirs in test_schemathesis.py.

The records the writes aim at (accidents, a finalized inspection with open violations)
exist at enterprises in and out of each persona's scope. Each request runs in a savepoint
rolled back after it, as a server gives each request its own transaction: what one request
writes or breaks never reaches the next."""

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils import timezone, translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from inspections.models import Accident
from tests.api.conftest import api_client, token_for
from tests.api.records import SCOPES, build_records
from tests.factories import linked, record_inspection
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 5
WRITES = ("post", "put", "patch")


def write_operations() -> list[tuple[str, str]]:
    with translation.override("en"):
        paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted(
        (path, method.upper())
        for path, operations in paths.items()
        for method in operations
        if method in WRITES
    )


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, kept from closing the test's database connection at the end
    of each request (as the test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _records(world) -> None:
    """What the writes aim at: records of every family, draft reports the inspectors may
    correct and submit, finalized inspections whose violations take remediation steps."""
    build_records(world)
    linked(world)
    for enterprise, inspector in ((world.a, world.inspector_a), (world.b, world.inspector_b)):
        VictimFactory(accident=AccidentFactory(enterprise=enterprise, created_by=inspector))
        record_inspection(inspector, enterprise, violations=2, photo=False)


def _send(case, token: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate(headers=headers, checks=CHECKS)
    finally:
        transaction.savepoint_rollback(savepoint)


def test_every_write_operation_of_the_schema_is_tested():
    assert {method for _path, method in write_operations()} == {"POST", "PUT", "PATCH"}
    assert len(write_operations()) >= 6


@pytest.mark.parametrize(("path", "method"), write_operations())
def test_write_operation_answers_as_the_schema_says_for_every_persona(
    world, wsgi_app, path, method
):
    _records(world)
    tokens = [None] + [token_for(getattr(world, persona)) for persona in SCOPES]
    operation = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)[path][
        method
    ]

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            for token in tokens:
                _send(case, token)

        answers_as_documented()


# --- what the fuzzing found, kept as plain tests ------------------------------------------


def test_a_post_to_an_unknown_api_path_answers_json_404_not_a_csrf_page(world):
    client = Client(enforce_csrf_checks=True)  # as a real client meets the CSRF check
    response = client.post("/api/v1/violations/1.5/remediation/", {})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_body_that_is_not_json_answers_415_as_documented(world):
    client = api_client(token_for(world.inspector_a))
    response = client.post("/api/v1/accidents/", "date=2025-01-01", content_type="text/plain")
    assert response.status_code == 415 and not Accident.objects.exists()


# --- the successful answers, which random bodies seldom reach, checked against the schema --


def test_successful_writes_answer_as_the_schema_says(world, wsgi_app):
    inspectors = linked(world)
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    api_schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    token = token_for(inspectors.inspector_a)
    council = token_for(inspectors.council_a)
    violation = record_inspection(
        inspectors.inspector_a, world.a, violations=1, photo=False
    ).violations.get()
    report = {
        "enterprise": world.a.pk,
        "date": day,
        "cause": "work_organisation",
        "victims": [{"full_name": "Arman Bekov", "outcome": "light", "age": 30}],
    }

    def call(path, method, expected, token=token, **case):
        operation = api_schema[path][method]
        response = operation.Case(media_type="application/json", **case).call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
        )
        assert response.status_code == expected, response.text
        return response.json()

    filed = call("/api/v1/accidents/", "POST", 201, body=report)
    pk = {"id": filed["id"]}
    detail = "/api/v1/accidents/{id}/"
    call(detail, "PUT", 200, path_parameters=pk, body={**report, "version": 1})
    call(detail, "PATCH", 200, path_parameters=pk, body={"version": 2, "place": "Shaft 2"})
    call(detail, "PATCH", 409, path_parameters=pk, body={"version": 1, "place": "Lost"})
    call("/api/v1/accidents/{id}/submit/", "POST", 200, path_parameters=pk, body={})
    call(
        "/api/v1/inspections/",
        "POST",
        201,
        body={
            "enterprise": world.a.pk,
            "date": day,
            "finalize": True,
            "violations": [{"description": "Blocked exit", "deadline": day}],
        },
    )
    remediation = "/api/v1/violations/{id}/remediation/"
    step = {"step": "report_fixed", "comment": "Cleared"}
    call(remediation, "POST", 200, council, path_parameters={"id": violation.pk}, body=step)

"""Schemathesis against the live schema (/api/v1/schema/), through the Django WSGI app: every
operation, reads and writes, with the token of every persona of the access tests. No
answer may be a server error, and every answer of a documented status must match the
schema. Writes made by the fuzzing stay inside the test's transaction.

Examples are few per operation and persona (MAX_EXAMPLES), to keep the run short; raise
SCHEMATHESIS_EXAMPLES to fuzz harder locally."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.api.conftest import api_client, token_for
from tests.factories import linked, record_inspection
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
PERSONAS = [
    "inspector_a",
    "inspector_b",
    "council_a",
    "regional",
    "sector",
    "federation",
    "no_role",
]
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
SETTINGS = {
    "max_examples": MAX_EXAMPLES,
    "deadline": None,
    "suppress_health_check": list(HealthCheck),
    "database": None,
    "derandomize": True,
}


@pytest.fixture
def application(db):
    """The project's WSGI app, kept from closing the test's database connection at the
    end of each request (as Django's test client does), so the requests see the test's
    records and their writes roll back with it."""
    from kzsafety.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world):
    """Every persona's token, in a world with records for the reads to show: accidents,
    a finalized inspection with violations, a draft."""
    linked(world)
    for enterprise in (world.a, world.b):
        VictimFactory(accident=AccidentFactory(enterprise=enterprise, status="submitted"))
    record_inspection(world.inspector_a, world.a, violations=2, photo=False)
    record_inspection(world.inspector_b, world.b, violations=1, photo=False, finalize=False)
    return {persona: token_for(getattr(world, persona)) for persona in PERSONAS}


def _send(case, token: str) -> None:
    """One request, in a savepoint rolled back after it: on a server each request has a
    transaction of its own, so one request's database error must not break the next."""
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
    finally:
        transaction.savepoint_rollback(savepoint)


def _fuzz(operation, tokens: dict) -> None:
    """Positive and negative examples of one operation, each sent with every persona's
    token: the same input meets every scope (and, for writes, every role's refusal)."""

    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(**SETTINGS)
    def positive(case):
        for token in tokens.values():
            _send(case, token)

    @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    @settings(**SETTINGS)
    def negative(case):
        for token in tokens.values():
            _send(case, token)

    positive()
    if operation.method.upper() != "GET" or operation.path_parameters or operation.query:
        negative()


def test_no_server_errors_and_every_answer_matches_the_schema(application, tokens):
    # Driven by hand rather than by schemathesis' pytest plugin, whose lazy loading does not
    # run under this pytest; one database world serves every operation.
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures = []
    for operation in operations:
        try:
            _fuzz(operation, tokens)
        except (Exception, BaseExceptionGroup) as failure:  # fuzz all, then list every failure
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert not failures, "\n\n".join(failures)


# --- what the fuzzing found, kept as plain tests ------------------------------------------


@pytest.mark.parametrize(
    ("since", "count"),
    [("2505-10-19T23:15:17-17:20", 0), ("2000-01-01T00:00:00-17:20", 1)],
)
def test_an_offset_postgresql_refuses_is_compared_in_utc(world, since, count):
    VictimFactory(accident=AccidentFactory(enterprise=world.a, status="submitted"))
    client = api_client(token_for(world.federation))
    response = client.get("/api/v1/accidents/", {"updated_since": since})
    assert response.status_code == 200
    assert len(response.json()["results"]) == count


def test_a_post_to_an_unknown_api_path_answers_json_404_not_a_csrf_page(world):
    client = Client(enforce_csrf_checks=True)  # as a real client meets the CSRF check
    response = client.post("/api/v1/violations/1.5/remediation/", {})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_me_of_a_user_without_region_or_sector_matches_the_schema(world):
    response = api_client(token_for(world.inspector_a)).get("/api/v1/me/")
    assert response.json()["region"] is None and response.json()["sector"] is None

"""The Idempotency-Key of a create: a retried request makes no second record and gets the
first answer; the same key with another body is refused (422, key_reused); two requests
with the same key at the same moment make one record (PostgreSQL's unique index)."""

import datetime
import json
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from inspections.models import Accident, Inspection
from kzsafety.idempotency.models import OnceKey
from tests.api.conftest import api_client, token_for
from tests.concurrency import ON_POSTGRESQL, _waiting
from tests.factories import linked

DAY = timezone.localdate() - datetime.timedelta(days=5)
KEY = "7d0c1f9e-2b8a-4c55-9e61-0a1b2c3d4e5f"


def body(world, **more):
    data = {
        "enterprise": world.a.pk,
        "date": DAY.isoformat(),
        "place": "Shaft 4",
        "victims": [{"full_name": "Arman Bekov", "outcome": "light"}],
    }
    data.update(more)
    return data


def send(client, data, key=KEY, url="/api/v1/accidents/"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_a_retried_create_answers_with_the_first_record_and_makes_no_second(world):
    client = api_client(token_for(world.inspector_a))

    first = send(client, body(world))
    again = send(client, body(world))

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert Accident.objects.count() == 1 and OnceKey.objects.count() == 1


def test_key_order_and_spacing_of_the_body_do_not_make_another_request(world):
    client = api_client(token_for(world.inspector_a))
    data = body(world)
    send(client, data)
    reordered = json.dumps(dict(reversed(list(data.items()))), indent=2)
    again = client.post(
        "/api/v1/accidents/",
        reordered,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert again.status_code == 201 and Accident.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_as_reused(world):
    client = api_client(token_for(world.inspector_a))
    first = send(client, body(world))

    other = send(client, body(world, place="Shaft 9"))

    assert other.status_code == 422
    assert other.json()["code"] == "key_reused"
    assert Accident.objects.get().pk == first.json()["id"]


def test_the_same_key_on_another_endpoint_is_refused_as_reused(world):
    inspectors = linked(world)
    client = api_client(token_for(inspectors.inspector_a))
    send(client, body(world))
    other = send(
        client,
        {"enterprise": world.a.pk, "date": DAY.isoformat()},
        url="/api/v1/inspections/",
    )
    assert other.status_code == 422 and not Inspection.objects.exists()


def test_a_refused_create_leaves_the_key_free_for_the_corrected_request(world):
    client = api_client(token_for(world.inspector_a))
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()

    refused = send(client, body(world, date=future))
    corrected = send(client, body(world))

    assert refused.status_code == 400 and corrected.status_code == 201
    assert Accident.objects.count() == 1


def test_the_same_key_of_two_users_makes_two_records(world):
    send(api_client(token_for(world.inspector_a)), body(world))
    other = send(api_client(token_for(world.regional)), body(world))
    assert other.status_code == 201 and Accident.objects.count() == 2


def test_a_key_that_is_not_a_key_is_refused_at_the_header(world):
    response = send(api_client(token_for(world.inspector_a)), body(world), key="short")
    assert response.status_code == 400
    assert response.json()["errors"]["Idempotency-Key"][0]["code"] == "invalid_idempotency_key"
    assert not Accident.objects.exists()


def test_an_inspection_retried_makes_one_inspection(world):
    inspectors = linked(world)
    client = api_client(token_for(inspectors.inspector_a))
    data = {
        "enterprise": world.a.pk,
        "date": DAY.isoformat(),
        "violations": [{"description": "Blocked exit", "deadline": DAY.isoformat()}],
        "finalize": True,
    }
    url = "/api/v1/inspections/"
    first, again = send(client, data, url=url), send(client, data, url=url)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and Inspection.objects.count() == 1


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs two real connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_key_at_the_same_moment_make_one_record(world):
    token = token_for(world.inspector_a)
    responses, errors = [], []

    def post():
        try:
            responses.append(send(api_client(token), body(world)))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    # Hold back the inserts of accident reports until both requests are in flight.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{Accident._meta.db_table}" IN EXCLUSIVE MODE')  # noqa: S608
        for thread in threads:
            thread.start()
        assert _waiting(2), "the requests never met"
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(r.status_code for r in responses) == [201, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert Accident.objects.count() == 1


def test_a_key_whose_record_was_deleted_since_is_not_used_again(world):
    client = api_client(token_for(world.inspector_a))
    send(client, body(world))
    Accident.objects.all().delete()

    again = send(client, body(world))

    assert again.status_code == 422 and again.json()["code"] == "key_used"
    assert not Accident.objects.exists()

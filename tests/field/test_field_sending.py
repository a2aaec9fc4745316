"""The offline app's sending endpoint: an entry made on the device lands once per key,
through the online forms' rules and the user's scope, and a refusal comes back at the
entry's fields."""

import datetime
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inspections.models import EvidencePhoto, Inspection, Violation
from kzsafety.directories.models import ViolationCategory
from kzsafety.idempotency.models import OnceKey
from tests.factories import linked, tiny_png

pytestmark = pytest.mark.django_db

SEND = reverse("field:inspection_send")


def entry(enterprise, *, date=None, violations=2) -> dict:
    category = ViolationCategory.objects.filter(active=True).first()
    day = date or timezone.localdate() - datetime.timedelta(days=1)
    return {
        "enterprise": enterprise.pk,
        "date": day.isoformat(),
        "kind": "planned",
        "state_inspector_name": "",
        "notes": "Entered without signal",
        "violations": [
            {
                "description": f"Violation {number}",
                "category": category.pk,
                "legal_reference": "",
                "deadline": (day + datetime.timedelta(days=30)).isoformat(),
            }
            for number in range(1, violations + 1)
        ],
    }


def send(client, payload: dict, key: str, photos: int = 1):
    data = {"key": key, "payload": json.dumps(payload)}
    for index in range(photos):
        data[f"photo-{index}"] = SimpleUploadedFile(f"pit-{index}.png", tiny_png(), "image/png")
    return client.post(SEND, data)


@pytest.fixture
def inspector_a(client, world):
    linked(world)
    client.force_login(world.inspector_a)
    return world


def test_an_entry_from_the_device_becomes_an_inspection_with_its_violations_and_photo(
    client, inspector_a
):
    key = uuid.uuid4().hex
    response = send(client, entry(inspector_a.a), key)

    assert response.status_code == 201, response.content
    inspection = Inspection.objects.get()
    assert response.json() == {
        "state": "sent",
        "created": True,
        "url": inspection.get_absolute_url(),
    }
    assert inspection.enterprise == inspector_a.a
    assert inspection.is_draft
    assert inspection.created_by == inspector_a.inspector_a
    assert list(
        inspection.violations.order_by("position").values_list("description", flat=True)
    ) == [
        "Violation 1",
        "Violation 2",
    ]
    assert EvidencePhoto.objects.filter(violation__inspection=inspection).count() == 1
    assert OnceKey.objects.get(key=key).record == inspection


def test_the_same_entry_sent_twice_makes_one_inspection_and_answers_with_it(client, inspector_a):
    key = uuid.uuid4().hex
    first = send(client, entry(inspector_a.a), key)
    again = send(client, entry(inspector_a.a), key)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["created"] is False
    assert again.json()["url"] == first.json()["url"]
    assert Inspection.objects.count() == 1
    assert Violation.objects.count() == 2
    assert EvidencePhoto.objects.count() == 1


def test_the_same_key_of_another_user_is_another_entry(client, inspector_a):
    key = uuid.uuid4().hex
    send(client, entry(inspector_a.a), key)
    client.force_login(inspector_a.inspector_b)

    response = send(client, entry(inspector_a.b), key)

    assert response.status_code == 201
    assert Inspection.objects.count() == 2


def test_a_date_in_the_future_is_refused_at_the_date_and_the_key_can_be_sent_again(
    client, inspector_a, english
):
    key = uuid.uuid4().hex
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused = send(client, entry(inspector_a.a, date=tomorrow), key)

    assert refused.status_code == 400
    assert refused.json() == {
        "state": "refused",
        "errors": {"date": ["The date cannot be in the future."]},
    }
    assert Inspection.objects.count() == 0
    assert not OnceKey.objects.filter(key=key).exists()

    corrected = send(client, entry(inspector_a.a), key)
    assert corrected.status_code == 201
    assert Inspection.objects.count() == 1


def test_a_violation_error_comes_back_at_that_violation(client, inspector_a, english):
    payload = entry(inspector_a.a)
    payload["violations"][1]["deadline"] = "2001-01-01"  # before the inspection

    response = send(client, payload, uuid.uuid4().hex)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "violations.1.deadline": ["The deadline cannot be before the day of the inspection."]
    }
    assert Inspection.objects.count() == 0
    assert Violation.objects.count() == 0


def test_a_photo_that_is_not_an_image_is_refused_at_its_violation(client, inspector_a):
    data = {"key": uuid.uuid4().hex, "payload": json.dumps(entry(inspector_a.a))}
    data["photo-1"] = SimpleUploadedFile("notes.png", b"not an image at all", "image/png")

    response = client.post(SEND, data)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["violations.1.photo"]
    assert Inspection.objects.count() == 0


def test_an_enterprise_outside_the_inspectors_scope_is_refused(client, inspector_a):
    response = send(client, entry(inspector_a.b), uuid.uuid4().hex)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["enterprise"]
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize("payload", ["", "[]", "{", '"text"', '{"violations": {"a": 1}}'])
def test_a_payload_that_cannot_be_read_is_a_message_not_an_error(client, inspector_a, payload):
    response = client.post(SEND, {"key": uuid.uuid4().hex, "payload": payload})

    assert response.status_code == 400
    assert response.json()["state"] == "refused"
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "has spaces in it ok?"])
def test_a_key_the_server_does_not_accept_is_refused(client, inspector_a, key):
    response = send(client, entry(inspector_a.a), key)

    assert response.status_code == 400
    assert Inspection.objects.count() == 0


def test_anonymous_is_sent_to_log_in(client, world):
    response = send(client, entry(world.a), uuid.uuid4().hex)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize("persona", ["council_a", "regional", "federation", "no_role"])
def test_someone_who_does_not_record_inspections_is_refused(client, world, persona):
    linked(world)
    client.force_login(getattr(world, persona))

    response = send(client, entry(world.a), uuid.uuid4().hex)

    assert response.status_code == 403
    assert response.json()["state"] == "refused"
    assert Inspection.objects.count() == 0


def test_sending_needs_the_csrf_token(world):
    from django.test import Client

    linked(world)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.inspector_a)

    response = send(strict, entry(world.a), uuid.uuid4().hex)

    assert response.status_code == 403
    assert Inspection.objects.count() == 0


def test_the_device_may_name_a_violation_category_by_its_key(client, inspector_a):
    payload = entry(inspector_a.a, violations=2)
    category = ViolationCategory.objects.filter(active=True).last()
    payload["violations"][0]["category"] = category.key
    payload["violations"][1]["category"] = "no-such-category"

    refused = send(client, payload, uuid.uuid4().hex)

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["violations.1.category"]
    payload["violations"][1]["category"] = ""
    response = send(client, payload, uuid.uuid4().hex)
    assert response.status_code == 201
    assert Violation.objects.get(description="Violation 1").category == category

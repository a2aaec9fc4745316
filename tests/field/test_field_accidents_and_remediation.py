"""The offline app's accident reports (with victims) and remediation steps (a violation
reported fixed with an evidence photo): once per key, through the online rules, errors at
the entry's fields, only within the user's scope."""

import datetime
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inspections.models import Accident, AccidentStatus, EvidencePhoto, Victim, ViolationStatus
from inspections.models.violations import EvidenceStage
from kzsafety.directories.models import Cause
from tests.factories import linked, record_inspection, tiny_png

pytestmark = pytest.mark.django_db

ACCIDENT = reverse("field:accident_send")
REMEDIATION = reverse("field:remediation_send")


def accident(enterprise, *, victims=1, submit=False, **more) -> dict:
    return {
        "enterprise": enterprise.pk,
        "enterprise_bin": enterprise.bin,
        "date": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "time": "",
        "place": "Шахта №3",
        "event_type": "",
        "cause": Cause.objects.filter(active=True).first().pk,
        "description": "Fell from a ladder",
        "union": "",
        "submit": submit,
        "duplicate_reason": "",
        "victims": [
            {"full_name": f"Victim {n}", "iin": "", "sex": "m", "age": "34", "outcome": "light"}
            for n in range(1, victims + 1)
        ],
        **more,
    }


def post(client, url, payload, key, photo=False):
    data = {"key": key, "payload": json.dumps(payload)}
    if photo:
        data["photo"] = SimpleUploadedFile("fixed.png", tiny_png(), "image/png")
    return client.post(url, data)


@pytest.fixture
def inspector_a(client, world):
    linked(world)
    client.force_login(world.inspector_a)
    return world


def test_an_accident_report_from_the_device_is_saved_with_its_victims(client, inspector_a):
    response = post(client, ACCIDENT, accident(inspector_a.a, victims=2), uuid.uuid4().hex)

    assert response.status_code == 201, response.content
    report = Accident.objects.get()
    assert response.json()["url"] == report.get_absolute_url()
    assert report.status == AccidentStatus.DRAFT
    assert report.created_by == inspector_a.inspector_a
    assert list(report.victims.order_by("position").values_list("full_name", flat=True)) == [
        "Victim 1",
        "Victim 2",
    ]


def test_an_accident_report_can_be_submitted_in_the_same_step(client, inspector_a):
    response = post(client, ACCIDENT, accident(inspector_a.a, submit=True), uuid.uuid4().hex)

    assert response.status_code == 201
    assert Accident.objects.get().status == AccidentStatus.SUBMITTED


def test_an_accident_report_sent_twice_is_one_report(client, inspector_a):
    key = uuid.uuid4().hex
    first = post(client, ACCIDENT, accident(inspector_a.a), key)
    again = post(client, ACCIDENT, accident(inspector_a.a), key)

    assert (first.status_code, again.status_code) == (201, 200)
    assert Accident.objects.count() == 1
    assert Victim.objects.count() == 1


def test_a_report_without_victims_is_refused_at_the_victims(client, inspector_a):
    response = post(client, ACCIDENT, accident(inspector_a.a, victims=0), uuid.uuid4().hex)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["victims.__all__"]
    assert Accident.objects.count() == 0


def test_a_victims_error_comes_back_at_that_victim(client, inspector_a):
    payload = accident(inspector_a.a, victims=2)
    payload["victims"][1]["iin"] = "123"

    response = post(client, ACCIDENT, payload, uuid.uuid4().hex)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["victims.1.iin"]
    assert Accident.objects.count() == 0


def test_a_future_accident_date_is_refused_and_leaves_nothing(client, inspector_a):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = post(client, ACCIDENT, accident(inspector_a.a, date=tomorrow), uuid.uuid4().hex)

    assert response.status_code == 400
    assert "date" in response.json()["errors"]
    assert Accident.objects.count() == 0


def test_an_accident_at_an_enterprise_outside_the_scope_is_refused(client, inspector_a):
    response = post(client, ACCIDENT, accident(inspector_a.b), uuid.uuid4().hex)

    assert response.status_code == 400
    assert Accident.objects.count() == 0


@pytest.mark.parametrize("persona", ["council_a", "sector", "no_role"])
def test_who_does_not_file_reports_is_refused(client, world, persona):
    client.force_login(getattr(world, persona))

    response = post(client, ACCIDENT, accident(world.a), uuid.uuid4().hex)

    assert response.status_code == 403
    assert Accident.objects.count() == 0


# --- remediation -------------------------------------------------------------------------


@pytest.fixture
def open_violation(inspector_a):
    inspection = record_inspection(inspector_a.inspector_a, inspector_a.a, photo=False)
    return inspection.violations.order_by("position").first()


def test_a_violation_is_reported_fixed_with_the_evidence_photo(client, inspector_a, open_violation):
    payload = {"violation": str(open_violation.pk), "comment": "Railing installed"}

    response = post(client, REMEDIATION, payload, uuid.uuid4().hex, photo=True)

    assert response.status_code == 201, response.content
    open_violation.refresh_from_db()
    assert open_violation.status == ViolationStatus.REPORTED_FIXED
    assert EvidencePhoto.objects.get(violation=open_violation).stage == EvidenceStage.FIXED
    assert response.json()["url"] == open_violation.get_absolute_url()


def test_a_remediation_step_sent_twice_is_one_step(client, inspector_a, open_violation):
    key = uuid.uuid4().hex
    payload = {"violation": open_violation.pk, "comment": ""}
    first = post(client, REMEDIATION, payload, key, photo=True)
    again = post(client, REMEDIATION, payload, key, photo=True)

    assert (first.status_code, again.status_code) == (201, 200)
    assert EvidencePhoto.objects.filter(violation=open_violation).count() == 1


def test_a_remediation_step_without_evidence_is_refused(client, inspector_a, open_violation):
    response = post(client, REMEDIATION, {"violation": open_violation.pk}, uuid.uuid4().hex)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["__all__"]
    open_violation.refresh_from_db()
    assert open_violation.status == ViolationStatus.OPEN


def test_a_violation_outside_the_scope_is_not_found_for_the_step(
    client, inspector_a, open_violation
):
    client.force_login(inspector_a.inspector_b)

    response = post(
        client, REMEDIATION, {"violation": open_violation.pk}, uuid.uuid4().hex, photo=True
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["violation"]
    open_violation.refresh_from_db()
    assert open_violation.status == ViolationStatus.OPEN


def test_the_council_member_of_the_enterprise_reports_the_fix(client, inspector_a, open_violation):
    client.force_login(inspector_a.council_a)

    response = post(
        client, REMEDIATION, {"violation": open_violation.pk}, uuid.uuid4().hex, photo=True
    )

    assert response.status_code == 201


@pytest.mark.parametrize("persona", ["regional", "federation", "no_role"])
def test_who_does_not_report_fixes_is_refused(client, world, persona):
    client.force_login(getattr(world, persona))

    response = post(client, REMEDIATION, {"violation": "1"}, uuid.uuid4().hex, photo=True)

    assert response.status_code == 403


def test_the_device_gets_the_open_violations_the_user_may_report_fixed(
    client, inspector_a, open_violation
):
    lists = client.get(reverse("field:references")).json()
    client.force_login(inspector_a.inspector_b)
    others = client.get(reverse("field:references")).json()

    assert {v["id"] for v in lists["violations"]} == set(
        open_violation.inspection.violations.values_list("pk", flat=True)
    )
    assert others["violations"] == []

"""Recording inspections and taking remediation steps through the API: the phone flow's
write functions, so the same rules, roles and scope; a violation's error at its place."""

import datetime
import json

import pytest
from django.utils import timezone

from inspections.models import Inspection, InspectionStatus, Violation, ViolationStatus
from tests.api.conftest import api_client, token_for
from tests.factories import linked, record_inspection

DAY = timezone.localdate() - datetime.timedelta(days=3)
LIST = "/api/v1/inspections/"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def inspection(enterprise, **fields):
    body = {
        "enterprise": enterprise.pk,
        "date": DAY.isoformat(),
        "kind": "planned",
        "violations": [
            {
                "description": "No guard on the conveyor",
                "deadline": (DAY + datetime.timedelta(days=14)).isoformat(),
                "legal_reference": "Labour Code, art. 182",
                "category": "machine_guarding",
            },
            {
                "description": "Fire exit blocked",
                "deadline": (DAY + datetime.timedelta(days=2)).isoformat(),
            },
        ],
        "proposals": ["Install a second exit"],
    }
    body.update(fields)
    return body


@pytest.fixture
def inspectors(world):
    return linked(world)


def test_anonymous_cannot_record_an_inspection(inspectors):
    assert post(api_client(), LIST, inspection(inspectors.a)).status_code == 401


def test_inspector_records_an_inspection_with_violations_and_a_notice(inspectors):
    client = api_client(token_for(inspectors.inspector_a))

    response = post(client, LIST, inspection(inspectors.a, finalize=True))

    assert response.status_code == 201, response.content
    body = response.json()
    recorded = Inspection.objects.get(pk=body["id"])
    assert recorded.status == InspectionStatus.FINALIZED and recorded.created_by == (
        inspectors.inspector_a
    )
    assert recorded.inspector == inspectors.inspector_a.inspector_record
    assert [v.position for v in recorded.violations.all()] == [1, 2]
    assert body["notice"] == recorded.notice.number
    assert [v["description"] for v in body["violations"]] == [
        "No guard on the conveyor",
        "Fire exit blocked",
    ]
    assert recorded.proposals.get().text == "Install a second exit"
    assert recorded.violations.get(position=1).category.key == "machine_guarding"
    assert recorded.history.earliest().history_user == inspectors.inspector_a
    assert Violation.history.filter(inspection_id=recorded.pk).earliest().history_user == (
        inspectors.inspector_a
    )


def test_an_unfinalized_inspection_stays_a_draft(inspectors):
    response = post(api_client(token_for(inspectors.inspector_a)), LIST, inspection(inspectors.a))
    assert response.status_code == 201
    assert response.json()["status"] == "draft" and response.json()["notice"] is None


@pytest.mark.parametrize("persona", ["regional", "federation", "council_a", "sector"])
def test_only_technical_inspectors_record_inspections(inspectors, persona):
    client = api_client(token_for(getattr(inspectors, persona)))
    response = post(client, LIST, inspection(inspectors.a))
    assert response.status_code == 403
    assert response.json()["detail"] == "Only technical inspectors record inspections."
    assert not Inspection.objects.exists()


def test_an_enterprise_outside_the_scope_is_refused(inspectors):
    client = api_client(token_for(inspectors.inspector_a))
    response = post(client, LIST, inspection(inspectors.b))
    assert response.status_code == 400 and "enterprise" in response.json()["errors"]
    assert not Inspection.objects.exists()


def test_an_inspector_without_a_registry_record_gets_the_pages_explanation(world):
    response = post(api_client(token_for(world.inspector_a)), LIST, inspection(world.a))
    assert response.status_code == 400
    message = response.json()["errors"]["non_field_errors"][0]["message"]
    assert "register of technical inspectors" in message
    assert not Inspection.objects.exists()


def test_a_bad_violation_answers_at_its_place_and_nothing_is_recorded(inspectors):
    body = inspection(inspectors.a)
    body["violations"][1]["deadline"] = (DAY - datetime.timedelta(days=1)).isoformat()

    response = post(api_client(token_for(inspectors.inspector_a)), LIST, body)

    assert response.status_code == 400
    violations = response.json()["errors"]["violations"]
    assert set(violations) == {"1"}  # the first stops the rest; errors keyed by the index
    assert violations["1"]["deadline"][0]["message"] == (
        "The deadline cannot be before the day of the inspection."
    )
    assert not Inspection.objects.exists() and not Violation.objects.exists()


def test_a_joint_inspection_needs_the_state_inspector_in_russian_too(inspectors):
    client = api_client(token_for(inspectors.inspector_a), language="ru")
    response = post(client, LIST, inspection(inspectors.a, kind="joint"))
    assert response.status_code == 400
    message = response.json()["errors"]["state_inspector_name"][0]["message"]
    assert "государственного инспектора" in message


def test_a_future_date_is_refused_by_the_rule(inspectors):
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = post(
        api_client(token_for(inspectors.inspector_a)),
        LIST,
        inspection(inspectors.a, date=future, violations=[]),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["date"][0]["message"] == "The date cannot be in the future."


# --- remediation steps -------------------------------------------------------------------


def _url(violation):
    return f"/api/v1/violations/{violation.pk}/remediation/"


@pytest.fixture
def found(inspectors):
    recorded = record_inspection(inspectors.inspector_a, inspectors.a, photo=False)
    return recorded.violations.get(position=1)


def test_anonymous_cannot_take_a_step(found):
    assert post(api_client(), _url(found), {"step": "report_fixed"}).status_code == 401


def test_council_reports_fixed_and_the_inspector_confirms(inspectors, found):
    council = api_client(token_for(inspectors.council_a))
    inspector = api_client(token_for(inspectors.inspector_a))

    fixed = post(council, _url(found), {"step": "report_fixed", "comment": "Guard installed"})
    done = post(inspector, _url(found), {"step": "eliminate", "eliminated_on": DAY.isoformat()})

    assert fixed.status_code == 200 and fixed.json()["status"] == "reported_fixed"
    assert done.status_code == 200 and done.json()["status"] == "eliminated"
    found.refresh_from_db()
    assert found.status == ViolationStatus.ELIMINATED and found.verified_by == (
        inspectors.inspector_a
    )
    steps = list(found.status_changes.values_list("to_status", "by__username", "comment"))
    assert steps[1:] == [
        ("reported_fixed", "council_a", "Guard installed"),
        ("eliminated", "insp_a", ""),
    ]


def test_a_fix_needs_evidence(inspectors, found):
    response = post(
        api_client(token_for(inspectors.council_a)), _url(found), {"step": "report_fixed"}
    )
    assert response.status_code == 400
    assert "evidence" in response.json()["errors"]["non_field_errors"][0]["message"]


def test_a_step_out_of_order_is_refused_with_the_lifecycle_message(inspectors, found):
    response = post(
        api_client(token_for(inspectors.inspector_a)), _url(found), {"step": "eliminate"}
    )
    assert response.status_code == 400
    assert "reported fixed" in response.json()["errors"]["non_field_errors"][0]["message"]


def test_the_council_cannot_confirm_its_own_fix(inspectors, found):
    council = api_client(token_for(inspectors.council_a))
    post(council, _url(found), {"step": "report_fixed", "comment": "Done"})
    response = post(council, _url(found), {"step": "eliminate"})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["inspector_b"])
def test_a_violation_outside_the_scope_answers_404(inspectors, found, persona):
    client = api_client(token_for(getattr(inspectors, persona)))
    response = post(client, _url(found), {"step": "report_fixed", "comment": "x"})
    assert response.status_code == 404
    found.refresh_from_db()
    assert found.status == ViolationStatus.OPEN


def test_staff_who_see_the_violation_may_not_step_it(inspectors, found):
    response = post(
        api_client(token_for(inspectors.regional)),
        _url(found),
        {"step": "report_fixed", "comment": "x"},
    )
    assert response.status_code == 403


def test_an_unknown_step_is_refused_at_its_field(inspectors, found):
    response = post(api_client(token_for(inspectors.inspector_a)), _url(found), {"step": "undo"})
    assert response.status_code == 400 and "step" in response.json()["errors"]


def test_a_blank_violation_is_refused_by_the_serializer_at_its_index(inspectors):
    body = inspection(inspectors.a)
    body["violations"].append({"description": "", "deadline": DAY.isoformat()})
    response = post(api_client(token_for(inspectors.inspector_a)), LIST, body)
    assert response.status_code == 400
    assert list(response.json()["errors"]["violations"]) == ["2"]

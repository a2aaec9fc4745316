"""Filing accident reports through the API: the same write function as the filing page, so
the same rules, the same scope and the same records; errors field by field (a victim's at
its place in the list) in the request's language; updates carry the version read."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Accident, AccidentStatus, Victim
from kzsafety.api.models import ApiToken
from tests.api.conftest import api_client, token_for
from tests.forms import post_form
from tests.inspections.test_accident_filing_page import victim

DAY = timezone.localdate() - datetime.timedelta(days=5)
LIST = "/api/v1/accidents/"


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def report(enterprise, **fields):
    body = {
        "enterprise": enterprise.pk,
        "date": DAY.isoformat(),
        "place": "Shaft 4",
        "description": "Fell from a ladder",
        "cause": "work_organisation",
        "event_type": "fall_from_height",
        "victims": [{"full_name": "Arman Bekov", "outcome": "light", "age": 34}],
    }
    body.update(fields)
    return body


def test_anonymous_cannot_file_a_report(world):
    response = post(api_client(), LIST, report(world.a))
    assert response.status_code == 401
    assert not Accident.objects.exists()


def test_inspector_files_a_draft_with_its_victims(world):
    client = api_client(token_for(world.inspector_a))

    response = post(client, LIST, report(world.a))

    assert response.status_code == 201, response.content
    body = response.json()
    accident = Accident.objects.get(pk=body["id"])
    assert accident.status == AccidentStatus.DRAFT and body["status"] == "draft"
    assert accident.created_by == world.inspector_a and body["version"] == 1
    assert accident.cause.key == "work_organisation" and body["cause"] == "work_organisation"
    assert [v.full_name for v in accident.victims.all()] == ["Arman Bekov"]
    assert accident.union_present == world.a.union_member
    assert accident.status_changes.get().by == world.inspector_a


def test_enterprise_may_be_given_by_its_bin(world):
    body = report(world.a)
    del body["enterprise"]
    body["enterprise_bin"] = world.a.bin
    response = post(api_client(token_for(world.inspector_a)), LIST, body)
    assert response.status_code == 201, response.content
    assert Accident.objects.get().enterprise == world.a


def test_an_enterprise_outside_the_scope_is_refused_by_id_and_by_bin(world):
    client = api_client(token_for(world.inspector_a))

    by_id = post(client, LIST, report(world.b))
    body = report(world.b)
    del body["enterprise"]
    body["enterprise_bin"] = world.b.bin
    by_bin = post(client, LIST, body)

    assert by_id.status_code == by_bin.status_code == 400
    assert by_id.json()["errors"]["enterprise"][0]["message"] == (
        "No enterprise with this id in your scope."
    )
    assert world.b.bin in by_bin.json()["errors"]["enterprise_bin"][0]["message"]
    assert not Accident.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("event_type", "fall\x00"), ("cause", "x" * 65), ("cause", 7), ("event_type", ["fall"])],
)
def test_a_reference_no_key_can_be_is_refused_at_its_field(world, field, value):
    """Found by schemathesis: a NUL character in a key reached the database (500)."""
    response = post(
        api_client(token_for(world.inspector_a)), LIST, report(world.a, **{field: value})
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    assert not Accident.objects.exists()


@pytest.mark.parametrize("persona", ["sector", "council_a", "no_role"])
def test_roles_that_do_not_file_reports_are_refused(world, persona):
    response = post(api_client(token_for(getattr(world, persona))), LIST, report(world.a))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Accident.objects.exists()


def test_regional_staff_file_for_their_region_only(world):
    client = api_client(token_for(world.regional))
    assert post(client, LIST, report(world.c)).status_code == 201
    assert post(client, LIST, report(world.b)).status_code == 400
    assert Accident.objects.count() == 1


def test_a_report_needs_a_victim_and_the_rules_of_the_model(world):
    client = api_client(token_for(world.inspector_a))
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    no_victims = post(client, LIST, report(world.a, victims=[]))
    bad = post(
        client,
        LIST,
        report(
            world.a,
            date=future,
            employer_fault_pct=70,
            employee_fault_pct=40,
            victims=[
                {"full_name": "Fine", "outcome": "light"},
                {"full_name": "Too young", "outcome": "fatal", "age": 9},
                {"full_name": "Alive", "outcome": "light", "died_on": DAY.isoformat()},
            ],
        ),
    )

    assert no_victims.status_code == 400 and "victims" in no_victims.json()["errors"]
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    victims = errors["victims"]
    assert set(victims) == {"1", "2"}  # keyed by the index in the list sent, from 0
    assert victims["1"]["age"][0]["message"] == "The victim's age must be between 14 and 100."
    assert victims["2"]["died_on"][0]["message"] == "A date of death is only for a fatal outcome."
    assert not Accident.objects.exists()


def test_the_rules_of_the_report_itself_answer_at_their_fields(world):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = post(
        api_client(token_for(world.inspector_a)),
        LIST,
        report(world.a, date=future, employer_fault_pct=70, employee_fault_pct=40),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["date"][0]["message"] == "The accident date cannot be in the future."
    assert "100" in errors["employee_fault_pct"][0]["message"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Возраст пострадавшего должен быть от 14 до 100 лет."),
        ("kk", "Зардап шеккеннің жасы 14 пен 100 аралығында болуы керек."),
    ],
)
def test_errors_come_in_the_accept_language_of_the_request(world, language, expected):
    client = api_client(token_for(world.inspector_a), language=language)
    body = report(world.a, victims=[{"full_name": "X", "outcome": "light", "age": 9}])

    response = post(client, LIST, body)

    assert response.status_code == 400
    assert response.json()["errors"]["victims"]["0"]["age"][0]["message"] == expected
    assert response["Content-Language"] == language


def test_an_unknown_cause_is_refused_at_its_field(world):
    response = post(
        api_client(token_for(world.inspector_a)), LIST, report(world.a, cause="no_such")
    )
    assert response.status_code == 400
    assert "cause" in response.json()["errors"]


# --- what the API files is what the page files --------------------------------------------


def test_an_api_report_is_the_same_record_as_a_form_report(world, client):
    client.force_login(world.inspector_a)
    data = {
        "enterprise": world.a.pk,
        "date": DAY.isoformat(),
        "place": "Shaft 4",
        "description": "Fell from a ladder",
        "action": "save",
        "victims-TOTAL_FORMS": "1",
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "1",
        "victims-MAX_NUM_FORMS": "1000",
        **victim(0, full_name="Arman Bekov", outcome="light", age="34"),
    }
    assert post_form(client, reverse("inspections:accident_create"), data).status_code == 302
    by_form = Accident.objects.get()
    body = report(world.a, cause=None, event_type=None)
    response = post(api_client(token_for(world.inspector_a)), LIST, body)
    by_api = Accident.objects.get(pk=response.json()["id"])

    def shape(accident):
        return {
            "status": accident.status,
            "version": accident.version,
            "created_by": accident.created_by,
            "union_present": accident.union_present,
            "history_user": accident.history.earliest().history_user,
            "changes": list(accident.status_changes.values_list("from_status", "to_status")),
            "victims": list(accident.victims.values_list("position", "full_name", "age")),
            "victim_history_user": Victim.history.filter(accident_id=accident.pk)
            .earliest()
            .history_user,
        }

    assert shape(by_api) == shape(by_form)
    assert shape(by_api)["history_user"] == world.inspector_a


# --- updates and the version ----------------------------------------------------------------


def _filed(world):
    client = api_client(token_for(world.inspector_a))
    body = post(client, LIST, report(world.a)).json()
    return client, body, f"{LIST}{body['id']}/"


def test_an_update_with_the_version_read_saves_and_counts_the_version_up(world):
    client, body, url = _filed(world)
    victim_id = body["victims"][0]["id"]

    response = put(
        client,
        url,
        report(
            world.a,
            place="Shaft 5",
            version=1,
            victims=[
                {"id": victim_id, "full_name": "Arman Bekov", "outcome": "severe"},
                {"full_name": "Second", "outcome": "light"},
            ],
        ),
    )

    assert response.status_code == 200, response.content
    accident = Accident.objects.get()
    assert accident.version == 2 and accident.place == "Shaft 5"
    assert list(accident.victims.values_list("pk", "outcome", "position"))[0] == (
        victim_id,
        "severe",
        1,
    )
    assert accident.victims.count() == 2


def test_a_stale_version_answers_409_and_changes_nothing(world):
    client, _body, url = _filed(world)
    assert patch(client, url, {"place": "First edit", "version": 1}).status_code == 200

    response = patch(client, url, {"place": "Lost update", "version": 1})

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    accident = Accident.objects.get()
    assert accident.place == "First edit" and accident.version == 2


def test_an_update_without_a_version_is_refused(world):
    client, _body, url = _filed(world)
    response = patch(client, url, {"place": "Where?"})
    assert response.status_code == 400 and "version" in response.json()["errors"]


def test_a_patch_that_leaves_out_the_victims_keeps_them(world):
    client, body, url = _filed(world)
    assert patch(client, url, {"place": "X", "version": 1}).status_code == 200
    assert list(Accident.objects.get().victims.values_list("pk", flat=True)) == [
        body["victims"][0]["id"]
    ]


def test_victims_left_out_of_a_put_are_removed_and_foreign_ids_refused(world):
    client, body, url = _filed(world)
    other_client, other, _other_url = _filed(world)

    foreign = put(
        client,
        url,
        report(world.a, version=1, victims=[{"id": other["victims"][0]["id"], "outcome": "light"}]),
    )
    replaced = put(
        client, url, report(world.a, version=1, victims=[{"full_name": "New", "outcome": "light"}])
    )

    assert foreign.status_code == 400 and "id" in foreign.json()["errors"]["victims"]["0"]
    assert replaced.status_code == 200
    assert list(
        Accident.objects.get(pk=body["id"]).victims.values_list("full_name", flat=True)
    ) == ["New"]


def test_the_enterprise_of_a_filed_report_does_not_change(world):
    client, _body, url = _filed(world)
    response = patch(client, url, {"enterprise": world.c.pk, "version": 1})
    assert response.status_code == 400 and "enterprise" in response.json()["errors"]


def test_a_report_outside_the_scope_answers_404(world):
    _client, _body, url = _filed(world)
    for persona in ("inspector_b", "regional"):  # a draft is the inspectors' own
        response = patch(api_client(token_for(getattr(world, persona))), url, {"version": 1})
        assert response.status_code == 404
    assert Accident.objects.get().version == 1


def test_a_verified_report_can_no_longer_be_changed(world):
    client, _body, url = _filed(world)
    Accident.objects.update(status=AccidentStatus.VERIFIED)
    response = patch(client, url, {"place": "X", "version": 1})
    assert response.status_code == 403


# --- submitting: what the regional staff then review -------------------------------------


def test_a_submitted_report_is_in_the_regional_review_list(world, client):
    api, body, url = _filed(world)

    response = post(api, f"{url}submit/", {})

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    client.force_login(world.regional)
    page = client.get(reverse("inspections:accident_list"), {"status": "submitted"})
    assert page.status_code == 200
    assert list(page.context["page"].object_list) == [Accident.objects.get(pk=body["id"])]


def test_a_second_submit_is_refused_with_the_workflow_message(world):
    api, _body, url = _filed(world)
    post(api, f"{url}submit/", {})
    response = post(api, f"{url}submit/", {})
    assert response.status_code == 403


def test_a_duplicate_needs_a_reason_to_be_submitted(world):
    api, _first, first_url = _filed(world)
    post(api, f"{first_url}submit/", {})
    _api, _second, second_url = _filed(world)

    refused = post(api, f"{second_url}submit/", {})
    accepted = post(api, f"{second_url}submit/", {"duplicate_reason": "Second fall, same day"})

    assert refused.status_code == 400
    assert refused.json()["errors"]["non_field_errors"][0]["code"] == "duplicate"
    assert accepted.status_code == 200


def test_a_revoked_token_cannot_file(world):
    raw = token_for(world.inspector_a)
    ApiToken.objects.update(revoked_at=timezone.now())
    response = post(api_client(raw), LIST, report(world.a))
    assert response.status_code == 401 and not Accident.objects.exists()


def test_a_session_write_without_the_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.inspector_a)
    response = post(client, LIST, report(world.a))
    assert response.status_code == 403 and not Accident.objects.exists()


def test_a_token_request_speaks_the_accept_language_whatever_the_profile_says(world):
    world.inspector_a.language = "ru"
    world.inspector_a.save()
    client = api_client(token_for(world.inspector_a), language="kk")
    body = report(world.a, victims=[{"full_name": "X", "outcome": "light", "age": 9}])
    response = post(client, LIST, body)
    assert response["Content-Language"] == "kk"
    assert "14" in response.json()["errors"]["victims"]["0"]["age"][0]["message"]

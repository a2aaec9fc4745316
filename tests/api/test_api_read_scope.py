"""Every read endpoint, for every persona: the records of the persona's scope are listed,
the others are absent and answer 404 by id; anonymous gets 401."""

import pytest

from tests.api.conftest import api_client, token_for
from tests.api.records import FAMILIES, SCOPES, build_records, draft_accident_of

pytestmark = pytest.mark.django_db


def listed_ids(client, family: str) -> set:
    found, url, params = set(), f"/api/v1/{family}/", {"page_size": 200}
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, (family, response.content)
        body = response.json()
        found |= {item["id"] for item in body["results"]}
        url, params = body["next"], None
    return found


@pytest.mark.parametrize("persona", sorted(SCOPES))
def test_each_family_lists_the_personas_scope_and_hides_the_rest(world, persona):
    records = build_records(world)
    client = api_client(token_for(getattr(world, persona)))
    for family in FAMILIES:
        inside = {pk for letter in SCOPES[persona] for pk in records[family][letter]}
        outside = {pk for letter in "abcd" for pk in records[family][letter]} - inside
        assert listed_ids(client, family) == inside, f"{persona} lists wrong {family}"
        for pk in inside:
            assert client.get(f"/api/v1/{family}/{pk}/").status_code == 200, (family, pk)
        for pk in outside:
            response = client.get(f"/api/v1/{family}/{pk}/")
            assert response.status_code == 404, f"{persona} reaches {family} {pk}"
            assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("family", FAMILIES)
def test_anonymous_request_to_a_family_answers_401(world, family):
    response = api_client().get(f"/api/v1/{family}/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_draft_accident_reaches_the_inspectors_of_its_enterprise_only(world):
    draft = draft_accident_of(world)
    assert (
        api_client(token_for(world.inspector_a)).get(f"/api/v1/accidents/{draft.pk}/").status_code
        == 200
    )
    for persona in ("regional", "sector", "federation", "inspector_b", "council_a"):
        client = api_client(token_for(getattr(world, persona)))
        assert client.get(f"/api/v1/accidents/{draft.pk}/").status_code == 404, persona


def test_accident_comes_with_its_victims(world):
    records = build_records(world)
    (pk,) = records["accidents"]["a"]
    body = api_client(token_for(world.inspector_a)).get(f"/api/v1/accidents/{pk}/").json()
    assert len(body["victims"]) == 2
    assert body["region"] == "35" and body["sector"] == "mining_metallurgy"


def test_inspection_comes_with_its_violations_stoppage_and_notice(world):
    records = build_records(world)
    (pk,) = records["inspections"]["b"]
    body = api_client(token_for(world.inspector_b)).get(f"/api/v1/inspections/{pk}/").json()
    assert {v["id"] for v in body["violations"]} == records["violations"]["b"]
    assert len(body["stoppages"]) == 1
    assert body["notice"] == "2025-000002"


def test_council_comes_with_its_meetings_and_decisions(world):
    records = build_records(world)
    (pk,) = records["councils"]["a"]
    body = api_client(token_for(world.council_a)).get(f"/api/v1/councils/{pk}/").json()
    decisions = [d["id"] for m in body["meetings"] for d in m["decisions"]]
    assert set(decisions) == records["decisions"]["a"]

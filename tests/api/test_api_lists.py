"""Lists of the API: a constant number of queries per page, cursor and page-number paging,
the page-size limit, and the filters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.models import Accident, AccidentStatus, Inspection
from kzsafety.api.pagination import PagePagination
from tests.api.conftest import api_client, token_for
from tests.api.records import FAMILIES, build_records
from tests.inspections.accident_factories import AccidentFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"page_size": 200}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("family", FAMILIES)
def test_list_page_takes_the_same_number_of_queries_for_more_records(world, family):
    client = api_client(token_for(world.federation))
    build_records(world, per_enterprise=1)
    client.get(f"/api/v1/{family}/")  # the token's last use is stamped once, on the first
    few = queries_for(client, f"/api/v1/{family}/")
    build_records(world, per_enterprise=3, start=1)
    assert queries_for(client, f"/api/v1/{family}/") == few


def test_cursor_pages_walk_every_inspection_once(world):
    records = build_records(world, per_enterprise=3)
    client = api_client(token_for(world.federation))
    seen, url, params = [], "/api/v1/inspections/", {"page_size": 5}
    while url:
        body = client.get(url, params).json()
        assert len(body["results"]) <= 5
        seen += [item["id"] for item in body["results"]]
        url, params = body["next"], None
    everything = {pk for ids in records["inspections"].values() for pk in ids}
    assert sorted(seen) == sorted(everything)


def test_region_2025_inspections_page_through_for_an_outside_client(world):
    """The issue's example: a region's 2025 inspections, page by page."""
    records = build_records(world, per_enterprise=3)
    Inspection.objects.filter(pk__in=records["inspections"]["a"]).update(
        date=datetime.date(2024, 12, 31)
    )
    client = api_client(token_for(world.federation))
    seen, url = [], "/api/v1/inspections/"
    params = {"region": "35", "date_from": "2025-01-01", "date_to": "2025-12-31", "page_size": 2}
    while url:
        body = client.get(url, params).json()
        seen += [item["id"] for item in body["results"]]
        url, params = body["next"], None
    assert set(seen) == records["inspections"]["c"]


def test_page_size_is_capped(world, monkeypatch):
    monkeypatch.setattr(PagePagination, "max_page_size", 2)
    body = (
        api_client(token_for(world.federation))
        .get("/api/v1/enterprises/", {"page_size": 1000})
        .json()
    )
    assert body["count"] == 4 and len(body["results"]) == 2


def test_page_past_the_end_answers_json_404(world):
    response = api_client(token_for(world.federation)).get("/api/v1/enterprises/", {"page": 9})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_accidents_filter_by_region_sector_enterprise_status_and_dates(world):
    records = build_records(world)
    client = api_client(token_for(world.federation))

    def ids(**params):
        body = client.get("/api/v1/accidents/", params).json()
        return {item["id"] for item in body["results"]}

    def of(letters):
        return {pk for letter in letters for pk in records["accidents"][letter]}

    assert ids(region="35") == of("ac")
    assert ids(sector="mining_metallurgy") == of("ad")
    assert ids(enterprise=world.b.pk) == of("b")
    (late,) = records["accidents"]["d"]
    Accident.objects.filter(pk=late).update(
        date=datetime.date(2025, 9, 1), status=AccidentStatus.VERIFIED
    )
    assert ids(date_from="2025-08-01") == {late}
    assert ids(date_to="2025-08-01") == of("abc")
    assert ids(status="verified") == {late}


def test_updated_since_returns_what_changed_after_the_moment(world):
    old = AccidentFactory(enterprise=world.a)
    Accident.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    new = AccidentFactory(enterprise=world.a)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    body = (
        api_client(token_for(world.federation))
        .get("/api/v1/accidents/", {"updated_since": since})
        .json()
    )
    assert [item["id"] for item in body["results"]] == [new.pk]


def test_bad_filter_value_answers_400_naming_the_field(world):
    response = api_client(token_for(world.federation)).get(
        "/api/v1/inspections/", {"date_from": "31.31.2025", "status": "lost"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"date_from", "status"}
    assert body["errors"]["status"][0]["message"]


def test_filters_never_widen_the_scope(world):
    records = build_records(world)
    body = (
        api_client(token_for(world.inspector_a))
        .get("/api/v1/violations/", {"enterprise": world.b.pk})
        .json()
    )
    assert body["results"] == []
    assert records["violations"]["b"]


def test_violations_filter_overdue_and_decisions_by_status(world):
    records = build_records(world)
    client = api_client(token_for(world.federation))
    overdue = client.get("/api/v1/violations/", {"overdue": "true"}).json()["results"]
    everything = {pk for ids in records["violations"].values() for pk in ids}
    assert {item["id"] for item in overdue} == everything  # 2025 deadlines, all open
    assert client.get("/api/v1/decisions/", {"status": "done"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ("0036-06-07T10:34:24+19:14", 200),
        ("2025-01-01T00:00:00+23:59", 200),
        ("0001-01-01T00:00:00+05:00", 400),
    ],
)
def test_updated_since_with_any_offset_answers_without_a_server_error(world, moment, status):
    """Found by schemathesis: PostgreSQL refuses offsets past ±15:59, which Python allows;
    a moment before the year 1 in UTC is a 400 naming the parameter."""
    response = api_client(token_for(world.federation)).get(
        "/api/v1/accidents/", {"updated_since": moment}
    )
    assert response.status_code == status
    if status == 400:
        assert list(response.json()["errors"]) == ["updated_since"]

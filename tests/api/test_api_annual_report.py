"""The annual report over the API: CONTRACTS.md §4 for the user's basis, as on the
statistics page; refused to the roles that do not see statistics."""

import json

import pytest
from rest_framework.utils.encoders import JSONEncoder

from kzsafety.statistics.annual import basis_for, build_report
from tests.api.conftest import api_client, token_for
from tests.api.records import build_records

pytestmark = pytest.mark.django_db

KEYS = {
    "year",
    "years",
    "accidents",
    "by_region",
    "by_sector",
    "by_cause",
    "public_control",
    "councils",
    "inspectors",
    "warnings",
}


def monitoring(report: dict, indicator: str) -> int:
    (row,) = [
        r
        for r in report["accidents"]
        if (r["indicator"], r["scope"], r["source"]) == (indicator, "all", "monitoring")
    ]
    return row["values"]["2025"]


def test_federation_staff_fetch_the_national_report(world):
    build_records(world)
    response = api_client(token_for(world.federation)).get("/api/v1/reports/annual/2025/")
    assert response.status_code == 200
    report = response.json()
    assert KEYS <= set(report) <= KEYS | {"rates"}  # rates: optional (CONTRACTS.md §4)
    assert report["years"] == [2021, 2022, 2023, 2024, 2025]
    assert monitoring(report, "accidents") == 4
    assert monitoring(report, "victims") == 8
    assert report["public_control"]["inspections"] == 4


def test_regional_staff_get_their_regions_report(world):
    build_records(world)
    report = api_client(token_for(world.regional)).get("/api/v1/reports/annual/2025/").json()
    assert monitoring(report, "accidents") == 2  # A and C, Karaganda
    assert {row["region"] for row in report["by_region"] if row["accidents"]} == {"35"}


def test_the_report_is_the_statistics_pages_report(world):
    build_records(world)
    report = (
        api_client(token_for(world.sector))
        .get("/api/v1/reports/annual/2025/", {"window": 3})
        .json()
    )
    expected = build_report(2025, 3, basis_for(world.sector))
    assert report == json.loads(json.dumps(expected, cls=JSONEncoder))


@pytest.mark.parametrize("persona", ["inspector_a", "council_a", "no_role"])
def test_roles_without_statistics_are_refused(world, persona):
    response = api_client(token_for(getattr(world, persona))).get("/api/v1/reports/annual/2025/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_gets_401(world):
    assert api_client().get("/api/v1/reports/annual/2025/").status_code == 401


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/reports/annual/1200/", "year"),
        ("/api/v1/reports/annual/2025/?window=0", "window"),
        ("/api/v1/reports/annual/2025/?window=abc", "window"),
        ("/api/v1/reports/annual/2025/?window=11", "window"),
    ],
)
def test_a_bad_year_or_window_answers_400_naming_it(world, url, field):
    response = api_client(token_for(world.federation)).get(url)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]

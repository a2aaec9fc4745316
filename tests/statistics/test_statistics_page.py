import pytest
from django.urls import reverse

from kzsafety.statistics.models import ExportStatus, Figure, ReportExport
from tests.factories import UserFactory
from tests.forms import carried
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

URL = reverse("statistics:annual")


@pytest.fixture
def accidents(world):
    for enterprise in (world.a, world.b):
        VictimFactory(accident=AccidentFactory(enterprise=enterprise))
    Figure.objects.create(year=2025, source="ministry", indicator="accidents", scope="all", value=7)


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["inspector_a", "council_a", "no_role"])
def test_statistics_are_for_staff_only(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(reverse("statistics:export_create"), {"year": 2025}).status_code == 403


def accidents_2025(response, source="monitoring"):
    rows = response.context["report"]["accidents"]
    return next(
        r for r in rows if (r["indicator"], r["scope"], r["source"]) == ("accidents", "all", source)
    )["values"]["2025"]


def test_regional_staff_see_their_region_only_without_entered_figures(client, world, accidents):
    client.force_login(world.regional)
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    assert accidents_2025(response) == 1
    assert not any(r["source"] == "ministry" for r in response.context["report"]["accidents"])


def test_federation_staff_see_the_country_and_the_sources_side_by_side(client, world, accidents):
    client.force_login(world.federation)
    response = client.get(URL, {"year": 2025})
    assert accidents_2025(response) == 2
    assert accidents_2025(response, "ministry") == 7
    reconciliation = response.context["reconciliation"][0]
    assert reconciliation["monitoring"] == 2
    assert reconciliation["others"][0] == {"value": 7, "gap": 5}
    assert 'id="report-data"' in response.content.decode()


@pytest.mark.parametrize("params", [{"year": "x"}, {"year": 1200}, {"window": 99}])
def test_bad_parameters_fall_back_to_defaults(client, world, params):
    client.force_login(world.federation)
    assert client.get(URL, params).status_code == 200


def test_workbook_is_prepared_in_the_background_and_only_its_owner_downloads_it(
    client, world, accidents, django_capture_on_commit_callbacks
):
    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("statistics:export_create"),
            {"year": 2025, "window": 5, **carried(client, URL)},
        )
    export = ReportExport.objects.get()
    assert f"export={export.pk}" in response["Location"]
    assert export.status == ExportStatus.READY  # tasks run in-process in tests
    status = client.get(reverse("statistics:export_status", args=[export.pk])).json()
    assert status["progress"] == 100 and status["url"]
    download = client.get(status["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"

    other = UserFactory(role="regional_staff", region=world.b.region)
    client.force_login(other)
    assert client.get(status["url"]).status_code == 404
    assert client.get(reverse("statistics:export_status", args=[export.pk])).status_code == 404


def test_admin_index_leads_federation_staff_to_the_annual_statistics(client, world):
    client.force_login(world.federation)
    assert URL in client.get(reverse("admin:index")).content.decode()


def test_federation_staff_keep_figures_in_the_admin_and_others_do_not(client, world):
    """The figures page links to each figure's history in the admin."""
    client.force_login(world.federation)
    assert client.get(reverse("admin:statistics_figure_changelist")).status_code == 200
    assert client.get(reverse("admin:statistics_figure_add")).status_code == 200
    client.force_login(world.regional)
    assert client.get(reverse("admin:statistics_figure_changelist")).status_code == 302

"""The enterprise directory and page: anonymous → login, wrong scope → 404, right scope →
the right data; filters, search and pagination."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzsafety.directories.models import Region
from tests.factories import EnterpriseFactory
from tests.pages import active_filters, filter_block


def listed(response):
    return {enterprise.name for enterprise in response.context["page"].object_list}


def test_directory_requires_login(client, world):
    response = client.get(reverse("directories:enterprise_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_enterprise_page_requires_login(client, world):
    response = client.get(reverse("directories:enterprise_detail", args=[world.a.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("inspector_a", {"a"}),
        ("council_a", {"a"}),
        ("regional", {"a", "c"}),
        ("sector", {"a", "d"}),
        ("federation", {"a", "b", "c", "d"}),
        ("no_role", set()),
    ],
)
def test_directory_lists_only_enterprises_in_scope(client, world, persona, expected):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("directories:enterprise_list"))
    assert response.status_code == 200
    assert listed(response) == {getattr(world, letter).name for letter in expected}


def test_inspector_gets_404_for_another_enterprise(client, world):
    client.force_login(world.inspector_a)
    response = client.get(reverse("directories:enterprise_detail", args=[world.b.pk]))
    assert response.status_code == 404
    assert world.b.name not in response.content.decode()


def test_regional_staff_get_404_for_an_enterprise_of_another_region(client, world):
    client.force_login(world.regional)
    assert (
        client.get(reverse("directories:enterprise_detail", args=[world.d.pk])).status_code == 404
    )


def test_inspector_sees_own_enterprise_page_with_its_inspectors(client, world):
    client.force_login(world.inspector_a)
    response = client.get(reverse("directories:enterprise_detail", args=[world.a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.a.bin in body
    assert f"Inspector of {world.a.name}" in body


def test_missing_enterprise_is_404_not_500(client, world):
    client.force_login(world.federation)
    assert client.get("/enterprises/999999/").status_code == 404


def test_search_by_name_and_by_bin_prefix(client, world):
    client.force_login(world.federation)
    url = reverse("directories:enterprise_list")
    assert listed(client.get(url, {"q": "energy"})) == {world.b.name, world.c.name}
    assert listed(client.get(url, {"q": world.d.bin[:12]})) == {world.d.name}


def test_filters_by_region_sector_and_union(client, world):
    world.c.union_member = False
    world.c.save()
    client.force_login(world.federation)
    url = reverse("directories:enterprise_list")
    assert listed(client.get(url, {"region": world.a.region_id})) == {world.a.name, world.c.name}
    assert listed(client.get(url, {"sector": world.b.sector_id})) == {world.b.name, world.c.name}
    assert listed(client.get(url, {"union": "no"})) == {world.c.name}
    assert listed(client.get(url, {"union": "yes", "region": world.a.region_id})) == {world.a.name}


def test_filters_fold_behind_a_button_on_phones_and_stay_open_on_wide_screens(client, world):
    client.force_login(world.federation)
    body = client.get(reverse("directories:enterprise_list")).content.decode()
    toggle, form = filter_block(body)
    assert (toggle["data-bs-toggle"], toggle["data-bs-target"]) == ("collapse", "#filters")
    assert (toggle["aria-controls"], toggle["aria-expanded"]) == ("filters", "false")
    assert "d-md-none" in toggle["class"].split()
    assert {"collapse", "d-md-block"} <= set(form["class"].split())
    assert "show" not in form["class"].split()
    assert active_filters(body) is None


def test_filters_in_use_are_counted_on_the_button_and_keep_the_block_open(client, world):
    client.force_login(world.federation)
    response = client.get(
        reverse("directories:enterprise_list"),
        {"q": "energy", "region": world.a.region_id, "sector": "", "page": 1},
    )
    assert listed(response) == {world.c.name}
    body = response.content.decode()
    toggle, form = filter_block(body)
    assert toggle["aria-expanded"] == "true"
    assert "show" in form["class"].split()
    assert active_filters(body) == 2


def test_a_page_number_alone_is_not_a_filter(client, world):
    client.force_login(world.federation)
    body = client.get(reverse("directories:enterprise_list"), {"page": 2}).content.decode()
    _toggle, form = filter_block(body)
    assert "show" not in form["class"].split()
    assert active_filters(body) is None


def test_an_invalid_filter_value_opens_the_block_to_show_its_error(client, world):
    client.force_login(world.federation)
    body = client.get(reverse("directories:enterprise_list"), {"union": "maybe"}).content.decode()
    _toggle, form = filter_block(body)
    assert "show" in form["class"].split()
    assert active_filters(body) == 1
    assert "invalid-feedback" in body


def test_filter_by_region_cannot_widen_the_scope(client, world):
    client.force_login(world.inspector_a)
    response = client.get(reverse("directories:enterprise_list"), {"region": world.b.region_id})
    assert listed(response) == set()


@pytest.mark.parametrize(
    "params", [{"region": "abc"}, {"union": "maybe"}, {"page": "-1"}, {"page": "x"}]
)
def test_bad_filter_values_answer_200_with_a_message_not_500(client, world, params):
    client.force_login(world.federation)
    response = client.get(reverse("directories:enterprise_list"), params)
    assert response.status_code == 200


def test_empty_state_explains_what_to_do(client, world):
    client.force_login(world.no_role)
    response = client.get(reverse("directories:enterprise_list"))
    assert "empty-state" in response.content.decode()


def test_directory_is_paginated_by_25(client, world):
    region = Region.objects.get(code="71")
    EnterpriseFactory.create_batch(30, region=region)
    client.force_login(world.federation)
    url = reverse("directories:enterprise_list")
    first = client.get(url, {"region": region.pk})
    second = client.get(url, {"region": region.pk, "page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert f"region={region.pk}&amp;page=2" in first.content.decode()


def test_directory_runs_the_same_number_of_queries_for_5_and_for_25_enterprises(client, world):
    client.force_login(world.federation)
    url = reverse("directories:enterprise_list")
    EnterpriseFactory.create_batch(1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    EnterpriseFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_counting_the_filters_in_use_adds_no_query(client, world):
    client.force_login(world.federation)
    url = reverse("directories:enterprise_list")
    with CaptureQueriesContext(connection) as plain:
        client.get(url, {"region": world.a.region_id})
    with CaptureQueriesContext(connection) as filtered:
        client.get(url, {"region": world.a.region_id, "q": "energy", "union": "yes"})
    assert len(plain) == len(filtered)

"""Every list page with filters shares one filter block (templates/includes/filter_form.html,
counted by kzsafety/directories/templatetags/list_filters.py): folded behind a button on
phones, open on wide screens, open and counted while a filter is in use."""

import pytest
from django.urls import reverse

from tests.pages import active_filters, filter_block

# (list, one filter that narrows it)
LISTS = [
    ("directories:enterprise_list", {"q": "energy"}),
    ("inspections:accident_list", {"q": "energy"}),
    ("inspections:inspection_list", {"q": "energy"}),
    ("inspections:violation_list", {"q": "energy"}),
    ("councils:council_list", {"q": "energy"}),
    ("councils:decision_list", {"state": "all"}),
]


@pytest.mark.parametrize(("name", "params"), LISTS)
def test_every_list_folds_its_filters_the_same_way(client, world, name, params):
    client.force_login(world.federation)
    body = client.get(reverse(name)).content.decode()
    toggle, form = filter_block(body)
    assert toggle["data-bs-target"] == "#filters"
    assert {"collapse", "d-md-block"} <= set(form["class"].split())
    assert "show" not in form["class"].split()
    assert active_filters(body) is None


@pytest.mark.parametrize(("name", "params"), LISTS)
def test_every_list_shows_its_filters_in_use(client, world, name, params):
    client.force_login(world.federation)
    body = client.get(reverse(name), {**params, "page": 1, "sort": ""}).content.decode()
    toggle, form = filter_block(body)
    assert toggle["aria-expanded"] == "true"
    assert "show" in form["class"].split()
    assert active_filters(body) == 1


def test_a_sort_order_is_not_a_filter(client, world):
    client.force_login(world.federation)
    body = client.get(reverse("inspections:accident_list"), {"sort": "-date"}).content.decode()
    assert active_filters(body) is None

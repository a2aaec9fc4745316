"""The reference lists' options in filter forms are read once and kept
(kzsafety/reference_choices.py): the second page reads no regions or sectors, a saved
sector shows on the next page, labels follow the page's language, and a submitted value is
still checked against the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzsafety import reference_choices
from kzsafety.directories.models import Region, Sector


@pytest.fixture
def kept(settings):
    settings.REFERENCE_CHOICES_SECONDS = 60
    reference_choices.forget()
    yield
    reference_choices.forget()


def _reads_of(client, url, table: str, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    reads = sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)
    return reads, response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["inspections:inspection_list", "inspections:violation_list", "inspections:accident_list"],
)
def test_the_second_page_reads_no_reference_list_and_a_saved_sector_shows(client, world, kept, url):
    client.force_login(world.federation)
    first, _ = _reads_of(client, reverse(url), "directories_region")
    again, page = _reads_of(client, reverse(url), "directories_region")
    assert first == 1 and again == 0
    assert Region.objects.get(code="55").name_kk in page

    Sector.objects.create(key="new_sector", name_kk="Жаңа сала", name_ru="Новая отрасль")
    reads, page = _reads_of(client, reverse(url), "directories_sector")
    # the inspection list's rows name the sectors of all enterprises, inactive ones too: a
    # list of its own beside the filter's options (inspections/views/list_rows.py)
    assert reads == (2 if url == "inspections:inspection_list" else 1) and "Жаңа сала" in page
    assert _reads_of(client, reverse(url), "directories_sector")[0] == 0


def test_labels_follow_the_language_and_a_value_is_still_checked(client, world, kept):
    client.force_login(world.federation)
    url = reverse("inspections:inspection_list")
    _reads_of(client, url, "directories_region")  # kept now
    client.cookies["django_language"] = "ru"
    _, page = _reads_of(client, url, "directories_region")
    assert Region.objects.get(code="55").name_ru in page

    gone = Region.objects.get(code="55").pk + 10_000
    response = client.get(url, {"region": gone})
    assert response.status_code == 200
    assert response.context["form"].errors["region"]  # not among the regions that exist


def test_off_reads_every_time(client, world, settings):
    settings.REFERENCE_CHOICES_SECONDS = 0
    client.force_login(world.federation)
    url = reverse("inspections:inspection_list")
    reads = [_reads_of(client, url, "directories_region")[0] for _ in range(2)]
    assert reads == [2, 2]  # the filter's options and the rows' names, each time


def _reads_of_tables(client, url, tables) -> list[int]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [sum(f'FROM "{t}"' in q["sql"] for q in queries.captured_queries) for t in tables]


def test_the_statistics_page_names_regions_and_causes_from_the_kept_lists(client, world, kept):
    client.force_login(world.federation)
    url, tables = reverse("statistics:annual"), ("directories_region", "directories_cause")
    first = _reads_of_tables(client, url, tables)
    again = _reads_of_tables(client, url, tables)
    # the report itself reads them too (its numbers are not cached in the tests)
    assert again == [first[0] - 1, first[1] - 1]

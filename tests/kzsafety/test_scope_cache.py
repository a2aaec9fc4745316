"""The scope cache (kzsafety/scope_cache.py): the statistics page, the staff's home panels
and the list counts come from the cache until a write in their scope commits; a write in
another region leaves a region's numbers cached; the writer sees the write at once."""

import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Inspection
from kzsafety import scope_cache
from kzsafety.imports.engine import import_file
from tests.factories import linked, record_inspection

YEAR = datetime.date.today().year
DAY = datetime.date(YEAR, 1, 15)


@pytest.fixture
def cached(settings, world):
    settings.SCOPE_CACHE_SECONDS = 3600
    scope_cache.forget_all()  # entries left by earlier tests belong to other databases
    return linked(world)


def statistics(client, user) -> tuple[dict, int]:
    """The statistics page of YEAR as `user`: the report it shows (the charts' data in the
    page; its tables are rendered from the same report and kept with it) and the queries
    it took."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("statistics:annual"), {"year": YEAR})
    assert response.status_code == 200
    shown = re.search(
        r'<script id="report-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.DOTALL,
    )
    return json.loads(shown.group(1))["report"], len(queries)


def inspections_in(report: dict) -> int:
    return report["public_control"]["inspections"]


def committed(django_capture_on_commit_callbacks, write):
    """Run `write` and what waits for its commit, as a request's commit would."""
    with django_capture_on_commit_callbacks(execute=True):
        return write()


def test_statistics_page_is_served_from_the_cache_until_a_write_in_scope(
    cached, client, django_capture_on_commit_callbacks
):
    world = cached
    record = lambda: record_inspection(world.inspector_a, world.a, date=DAY)  # noqa: E731
    committed(django_capture_on_commit_callbacks, record)
    first, computed = statistics(client, world.federation)
    again, from_cache = statistics(client, world.federation)
    assert inspections_in(first) == inspections_in(again) == 1
    assert from_cache < computed - 10  # the report's queries were not run again

    # A write whose transaction has not committed moves nothing: still the cached numbers.
    record_inspection(world.inspector_a, world.a, date=DAY)
    unchanged, _queries = statistics(client, world.federation)
    assert inspections_in(unchanged) == 1

    # Once a write commits, the next page shows it.
    committed(django_capture_on_commit_callbacks, record)
    after, queries = statistics(client, world.federation)
    assert inspections_in(after) == 3
    assert queries == computed


def test_a_write_in_another_region_keeps_this_regions_cache(
    cached, client, django_capture_on_commit_callbacks
):
    world = cached  # regional staff of Karaganda: enterprises A and C; B is in Pavlodar
    committed(
        django_capture_on_commit_callbacks,
        lambda: record_inspection(world.inspector_a, world.a, date=DAY),
    )
    karaganda, computed = statistics(client, world.regional)
    national, _queries = statistics(client, world.federation)
    assert (inspections_in(karaganda), inspections_in(national)) == (1, 1)

    committed(
        django_capture_on_commit_callbacks,
        lambda: record_inspection(world.inspector_b, world.b, date=DAY),
    )
    karaganda_again, queries = statistics(client, world.regional)
    assert inspections_in(karaganda_again) == 1
    assert queries < computed - 10  # still from the cache
    national_again, _queries = statistics(client, world.federation)
    assert inspections_in(national_again) == 2  # the country's numbers were recomputed

    committed(
        django_capture_on_commit_callbacks,
        lambda: record_inspection(world.inspector_a, world.a, date=DAY),
    )
    karaganda_after, _queries = statistics(client, world.regional)
    assert inspections_in(karaganda_after) == 2


@pytest.fixture
def reference_lists(transactional_db):
    """A transactional test ends by emptying every table; put the reference lists back."""
    from django.apps import apps

    from kzsafety.directories import reference_data

    reference_data.load(apps)


@pytest.mark.django_db(transaction=True)
def test_the_writer_sees_the_write_through_the_page(reference_lists, cached, client):
    """Through a real request whose transaction commits: the counter moves before the
    response goes out, so the writer's next page shows the new record."""
    world = cached
    inspection = record_inspection(world.inspector_a, world.a, date=DAY, finalize=False)
    statistics(client, world.federation)  # cached with no finalized inspection
    client.force_login(world.inspector_a)
    response = client.post(reverse("inspections:inspection_finalize", args=[inspection.pk]))
    assert response.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).status == "finalized"
    report, _queries = statistics(client, world.federation)
    assert inspections_in(report) == 1


def test_home_panels_of_staff_are_cached_and_dropped_by_a_write(
    cached, client, django_capture_on_commit_callbacks
):
    world = cached
    client.force_login(world.federation)
    first = client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("home"))
    open_before = first.context["panels"]
    assert again.status_code == 200
    counts = _violation_counts(again)
    assert counts == _violation_counts(first)
    assert not any("inspections_violation" in q["sql"] for q in queries.captured_queries)

    committed(
        django_capture_on_commit_callbacks,
        lambda: record_inspection(world.inspector_a, world.a, violations=3),
    )
    after = _violation_counts(client.get(reverse("home")))
    assert after["open"] == counts["open"] + 3
    assert open_before  # the panels were there all along


def _violation_counts(response) -> dict:
    for panel in response.context["panels"]:
        if panel.template.endswith("panel_home.html") and "counts" in panel.context:
            return dict(panel.context["counts"])
    raise AssertionError("no violations panel on the home page")


def test_inspectors_numbers_are_not_cached(cached):
    world = cached
    assert scope_cache.scope_of(world.inspector_a) is None
    assert scope_cache.scope_of(world.council_a) is None
    assert scope_cache.scope_of(world.regional) == f"region:{world.regional.region_id}"
    assert scope_cache.scope_of(world.sector) == f"sector:{world.sector.sector_id}"
    assert scope_cache.scope_of(world.federation) == scope_cache.EVERYWHERE


def test_list_counts_are_cached_per_filter_and_dropped_by_a_write(
    cached, client, django_capture_on_commit_callbacks
):
    world = cached
    write = lambda: record_inspection(world.inspector_a, world.a, date=DAY)  # noqa: E731
    committed(django_capture_on_commit_callbacks, write)
    client.force_login(world.federation)
    url = reverse("inspections:inspection_list")
    assert client.get(url).context["page"].paginator.count == 1
    assert client.get(url, {"year": YEAR - 1}).context["page"].paginator.count == 0

    record_inspection(world.inspector_a, world.a, date=DAY)  # not committed: still 1
    assert client.get(url).context["page"].paginator.count == 1
    committed(django_capture_on_commit_callbacks, write)
    assert client.get(url).context["page"].paginator.count == 3
    assert client.get(url, {"year": YEAR - 1}).context["page"].paginator.count == 0


def test_a_committed_import_recomputes_every_scope(
    cached, client, django_capture_on_commit_callbacks
):
    world = cached
    statistics(client, world.regional)
    before = client.get(reverse("home")).context["enterprise_count"]
    rows = "bin;name;region;sector\n" + "\n".join(
        f"{bin_};Imported {n};35;energy" for n, bin_ in enumerate(_bins(2))
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = import_file(kind="enterprises", stream=io.BytesIO(rows.encode()), user=None)
    assert result.error_count == 0, result.errors
    client.force_login(world.regional)
    assert client.get(reverse("home")).context["enterprise_count"] == before + 2


def _bins(count: int) -> list[str]:
    from kzsafety.directories.validators import check_digit

    found, n = [], 10_000_000_000
    while len(found) < count:
        n += 1
        digit = check_digit(f"{n:011d}")
        if digit is not None:
            found.append(f"{n:011d}{digit}")
    return found


def test_pages_work_and_writes_commit_when_redis_cannot_be_reached(
    cached, client, settings, django_capture_on_commit_callbacks
):
    """Redis down (nothing listens on the port): the numbers come from the database, and
    a write's counters that cannot move do not fail its request."""
    world = cached
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    committed(
        django_capture_on_commit_callbacks,
        lambda: record_inspection(world.inspector_a, world.a, date=DAY),
    )
    report, _queries = statistics(client, world.federation)
    assert inspections_in(report) == 1
    client.force_login(world.federation)
    assert client.get(reverse("home")).status_code == 200
    listed = client.get(reverse("inspections:inspection_list"))
    assert listed.context["page"].paginator.count == 1


def test_the_kept_tables_show_a_renamed_region_and_follow_the_language(cached, client):
    """The statistics page's tables are kept rendered beside the report; the names in them
    are part of the key, so a renamed region shows on the next page, and each language
    has its own."""
    from kzsafety.directories.models import Region

    world = cached
    client.force_login(world.federation)
    url = reverse("statistics:annual")
    page = lambda: client.get(url, {"year": YEAR}).content.decode()  # noqa: E731
    region = world.a.region
    assert region.name_kk in page()
    with CaptureQueriesContext(connection) as queries:
        kept = page()
    assert region.name_kk in kept and not any(
        "inspections_inspection" in q["sql"] for q in queries.captured_queries
    )  # from the cache: the report's queries did not run
    Region.objects.filter(pk=region.pk).update(name_kk="Жаңа облыс")
    from kzsafety import reference_choices

    reference_choices.forget()  # as a save of the region does (post_save)
    assert "Жаңа облыс" in page()
    client.cookies["django_language"] = "ru"
    shown = page()
    assert region.name_ru in shown and "Жаңа облыс" not in shown

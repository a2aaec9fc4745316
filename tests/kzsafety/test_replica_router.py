"""The read replica's router: the statistics page, exports and list counts read the
replica; writes, reads inside a write and reads after a write (in the request, or by a
browser that wrote in the last DATABASE_REPLICA_PIN_SECONDS) go to the primary.

The alias "replica" is a mirror of the test database (tests/settings.py), so both aliases
see the same rows; what is asserted is which connection ran the queries. Routing to the
replica happens only outside transactions, hence the transactional tests."""

import time

import pytest
from django.db import connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Accident
from kzsafety.replica import (
    PIN_COOKIE,
    ReplicaPinMiddleware,
    ReplicaRouter,
    replica_reads,
)
from kzsafety.statistics.models import ReportExport
from tests.factories import InspectionFactory, ViolationFactory
from tests.forms import carried
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

BOTH = ["default", "replica"]
transactional = pytest.mark.django_db(transaction=True, databases=BOTH)


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICA = "replica"


@pytest.fixture
def reference_lists(transactional_db):
    """A transactional test ends with the tables emptied, reference lists included."""
    from django.apps import apps

    from kzsafety.directories import reference_data as lists

    lists.load(apps)


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def test_without_a_replica_every_read_goes_to_the_primary(settings):
    settings.DATABASE_REPLICA = None
    with replica_reads():
        assert ReplicaRouter().db_for_read(Accident) == "default"


@transactional
def test_reads_go_to_the_replica_only_where_the_code_allows_it(replica):
    assert Accident.objects.all().db == "default"
    with replica_reads():
        assert Accident.objects.all().db == "replica"
        assert ReplicaRouter().db_for_write(Accident) == "default"


@transactional
def test_a_read_inside_a_write_transaction_goes_to_the_primary(replica):
    with transaction.atomic(), replica_reads():
        assert Accident.objects.all().db == "default"


@transactional
def test_a_write_in_a_request_sends_its_later_reads_to_the_primary(replica, reference_lists, world):
    seen = []

    def view(request):
        with replica_reads():
            seen.append(Accident.objects.all().db)
            AccidentFactory(enterprise=world.a)
            seen.append(Accident.objects.all().db)
        from django.http import HttpResponse

        return HttpResponse()

    ReplicaPinMiddleware(view)(RequestFactory().get("/"))
    assert seen == ["replica", "default"]
    seen.clear()
    ReplicaPinMiddleware(view)(RequestFactory().get("/"))  # a new request starts unpinned
    assert seen == ["replica", "default"]


@transactional
def test_statistics_page_reads_the_replica(replica, reference_lists, world, client):
    VictimFactory(accident=AccidentFactory(enterprise=world.a))
    client.force_login(world.federation)
    with queries_on("replica") as replica_queries:
        response = client.get(reverse("statistics:annual"), {"year": 2025})
    assert response.status_code == 200
    assert len(replica_queries) > 5
    assert PIN_COOKIE not in response.cookies


@transactional
def test_after_a_write_the_user_reads_the_primary(replica, reference_lists, world, client):
    client.force_login(world.federation)
    url = reverse("statistics:annual")
    response = client.post(
        reverse("statistics:export_create"), {"year": 2025, "window": 5, **carried(client, url)}
    )
    assert response.status_code in (200, 302)
    assert ReportExport.objects.exists()
    assert int(response.cookies[PIN_COOKIE].value) > time.time()
    with queries_on("replica") as replica_queries, queries_on("default") as primary_queries:
        page = client.get(reverse("statistics:annual"), {"year": 2025})
    assert page.status_code == 200
    assert len(replica_queries) == 0
    assert len(primary_queries) > 5
    assert page.context["exports"]  # the export just asked for is on the page


@transactional
# The expired pin's time is taken when the test runs: a value computed at collection would
# name the test differently in each parallel process (pytest-xdist refuses that).
@pytest.mark.parametrize("cookie", ["expired", "forged", ""])
def test_an_expired_or_forged_pin_reads_the_replica(
    replica, reference_lists, world, client, cookie
):
    client.force_login(world.federation)
    client.cookies[PIN_COOKIE] = str(int(time.time()) - 5) if cookie == "expired" else cookie
    with queries_on("replica") as replica_queries:
        assert client.get(reverse("statistics:annual")).status_code == 200
    assert len(replica_queries) > 5


@transactional
def test_list_counts_and_exports_read_the_replica(replica, reference_lists, world, client):
    ViolationFactory(inspection=InspectionFactory(enterprise=world.a))
    client.force_login(world.federation)
    with queries_on("replica") as replica_queries:
        assert client.get(reverse("inspections:violation_list")).status_code == 200
    assert any("COUNT(" in q["sql"] for q in replica_queries.captured_queries)
    with queries_on("replica") as replica_queries:
        response = client.get(reverse("inspections:violation_export"))
    assert response.status_code == 200
    assert any("inspections_violation" in q["sql"] for q in replica_queries.captured_queries)


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate("replica", "inspections") is False
    assert ReplicaRouter().allow_migrate("default", "inspections") is True

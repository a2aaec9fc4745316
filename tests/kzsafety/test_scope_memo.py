"""An inspector's enterprises are read once per request that only reads
(kzsafety.access.ScopeMemoMiddleware), as a list of ids, instead of a subquery compiled into
every query of the page; a request that writes, and code outside requests, keep the
subquery; the next request sees a changed registry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzsafety.access import enterprise_ids_of, enterprises_visible_to
from kzsafety.directories.models import TechnicalInspector
from tests.factories import EnterpriseFactory, InspectionFactory, linked


def _registry_reads(queries) -> int:
    return sum('FROM "directories_technicalinspector"' in q["sql"] for q in queries)


@pytest.fixture
def pc(world):
    return linked(world)


def test_one_read_of_the_registry_per_page_and_a_change_shows_next_time(client, pc):
    InspectionFactory(enterprise=pc.a)
    elsewhere = InspectionFactory(enterprise=pc.b)
    client.force_login(pc.inspector_a)
    url = reverse("inspections:inspection_list")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    assert _registry_reads(queries.captured_queries) == 1  # count and ids use the one list
    assert elsewhere.pk not in {row.pk for row in page.context["page"].object_list}
    assert (
        client.get(reverse("inspections:inspection_detail", args=[elsewhere.pk])).status_code == 404
    )

    record = TechnicalInspector.objects.filter(user=pc.inspector_a).first()
    TechnicalInspector.objects.filter(pk=record.pk).update(enterprise=pc.b)
    shown = {row.pk for row in client.get(url).context["page"].object_list}
    assert elsewhere.pk in shown
    assert (
        client.get(reverse("inspections:inspection_detail", args=[elsewhere.pk])).status_code == 200
    )


def test_outside_a_request_the_scope_stays_a_subquery(pc):
    ids = enterprise_ids_of(pc.inspector_a)
    assert hasattr(ids, "query")  # a queryset, evaluated inside each query that uses it
    record = TechnicalInspector.objects.filter(user=pc.inspector_a).first()
    other = EnterpriseFactory(region=pc.a.region, sector=pc.a.sector)
    visible = enterprises_visible_to(pc.inspector_a)
    TechnicalInspector.objects.filter(pk=record.pk).update(enterprise=other)
    assert other in visible  # read now, with the change


@pytest.mark.parametrize(("method", "listed"), [("get", True), ("head", True), ("post", False)])
def test_only_a_request_that_reads_keeps_the_ids(rf, pc, method, listed):
    from django.http import HttpResponse

    from kzsafety.access import ScopeMemoMiddleware

    seen = []

    def view(request):
        seen.append(enterprise_ids_of(pc.inspector_a))
        return HttpResponse()

    ScopeMemoMiddleware(view)(getattr(rf, method)("/"))
    assert isinstance(seen[0], list) == listed
    if listed:
        assert pc.a.pk in seen[0]

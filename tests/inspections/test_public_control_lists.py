"""The inspection and violation lists: filters, search, pagination by 25, a constant
number of queries whatever the size, and XLSX exports of exactly the filtered rows the
user may see."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import InspectionKind, InspectionStatus, ViolationStatus
from tests.factories import (
    EnterpriseFactory,
    InspectionFactory,
    ProposalFactory,
    ViolationFactory,
    WorkStoppageFactory,
    linked,
    record_inspection,
)

D = datetime.date


@pytest.fixture
def pc(world):
    return linked(world)


def listed(response):
    return list(response.context["page"].object_list)


def inspections(client, **params):
    return listed(client.get(reverse("inspections:inspection_list"), params))


def violations(client, **params):
    return listed(client.get(reverse("inspections:violation_list"), params))


@pytest.fixture
def spread(pc):
    """Inspections of different years, places, kinds and states."""
    made = {
        "a_2024": InspectionFactory(enterprise=pc.a, date=D(2024, 5, 3)),
        "a_2025_joint": InspectionFactory(
            enterprise=pc.a,
            date=D(2025, 2, 14),
            kind=InspectionKind.JOINT,
            state_inspector_name="Сапаров",
            reference="KRG-77",
        ),
        "b_2025": InspectionFactory(enterprise=pc.b, date=D(2025, 6, 1)),
        "c_2025_draft": InspectionFactory(
            enterprise=pc.c, date=D(2025, 9, 9), status=InspectionStatus.DRAFT
        ),
        "d_2025": InspectionFactory(enterprise=pc.d, date=D(2025, 12, 31)),
    }
    ViolationFactory(inspection=made["a_2025_joint"], description="Broken ladder rungs")
    ViolationFactory(
        inspection=made["b_2025"], description="Cable insulation", status=ViolationStatus.ELIMINATED
    )
    ViolationFactory(
        inspection=made["d_2025"], description="Dust", status=ViolationStatus.REPORTED_FIXED
    )
    WorkStoppageFactory(inspection=made["b_2025"])
    return made


def test_inspection_filters(client, pc, spread):
    client.force_login(pc.federation)
    pks = lambda **params: {i.pk for i in inspections(client, **params)}  # noqa: E731
    s = {name: inspection.pk for name, inspection in spread.items()}
    assert pks(year=2024) == {s["a_2024"]}
    assert pks(date_from="2025-06-01", date_to="2025-12-30") == {s["b_2025"], s["c_2025_draft"]}
    assert pks(region=pc.a.region_id, year=2025) == {s["a_2025_joint"], s["c_2025_draft"]}
    assert pks(sector=pc.a.sector_id) == {s["a_2024"], s["a_2025_joint"], s["d_2025"]}
    assert pks(enterprise=pc.b.pk) == {s["b_2025"]}
    assert pks(kind="joint") == {s["a_2025_joint"]}
    assert pks(status="draft") == {s["c_2025_draft"]}
    assert pks(stopped="yes") == {s["b_2025"]}
    assert len(pks(stopped="no")) == 4


def test_inspection_search_by_enterprise_bin_reference_and_inspector(client, pc, spread):
    client.force_login(pc.federation)
    pks = lambda q: {i.pk for i in inspections(client, q=q)}  # noqa: E731
    assert pks("energy pav") == {spread["b_2025"].pk}
    assert pks(pc.d.bin[:12]) == {spread["d_2025"].pk}
    assert pks("krg-77") == {spread["a_2025_joint"].pk}
    inspector = spread["b_2025"].inspector.full_name
    assert spread["b_2025"].pk in pks(inspector)


def test_search_by_notice_number(client, pc):
    finalized = record_inspection(pc.inspector_a, pc.a, photo=False)
    client.force_login(pc.inspector_a)
    assert [i.pk for i in inspections(client, q=finalized.notice.number)] == [finalized.pk]


def test_violation_filters_and_search(client, pc, spread):
    client.force_login(pc.federation)
    descriptions = lambda **params: {v.description for v in violations(client, **params)}  # noqa: E731
    assert descriptions(status="eliminated") == {"Cable insulation"}
    assert descriptions(status="not_eliminated") == {"Broken ladder rungs", "Dust"}
    assert descriptions(status="reported_fixed") == {"Dust"}
    assert descriptions(q="ladder") == {"Broken ladder rungs"}
    assert descriptions(region=pc.b.region_id) == {"Cable insulation", "Dust"}
    assert descriptions(sector=pc.b.sector_id) == {"Cable insulation"}
    assert descriptions(year=2025, kind="joint") == {"Broken ladder rungs"}


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"date_from": "31.31.2025"},
        {"region": "x"},
        {"enterprise": "999999"},
        {"status": "nonsense"},
        {"overdue": "maybe"},
        {"page": "-1"},
        {"page": "x"},
    ],
)
def test_bad_filter_values_answer_200_not_500(client, pc, spread, params):
    client.force_login(pc.federation)
    assert client.get(reverse("inspections:inspection_list"), params).status_code == 200
    assert client.get(reverse("inspections:violation_list"), params).status_code == 200


def test_lists_are_paginated_by_25_and_keep_the_filters_in_the_links(client, pc):
    InspectionFactory.create_batch(30, enterprise=pc.a, date=D(2025, 3, 3))
    client.force_login(pc.inspector_a)
    url = reverse("inspections:inspection_list")
    first = client.get(url, {"year": 2025})
    second = client.get(url, {"year": 2025, "page": 2})
    assert len(listed(first)) == 25
    assert len(listed(second)) == 5
    assert "year=2025&amp;page=2" in first.content.decode()


def make_inspections(count, enterprise):
    for n in range(count):
        inspection = InspectionFactory(
            enterprise=enterprise, date=D(2025, 1, 1) + datetime.timedelta(days=n)
        )
        ViolationFactory(inspection=inspection, deadline=D(2025, 1, 5))
        ViolationFactory(inspection=inspection, status=ViolationStatus.ELIMINATED)
        WorkStoppageFactory(inspection=inspection)
        ProposalFactory(inspection=inspection)


@pytest.mark.parametrize("persona", ["inspector_a", "regional", "federation"])
@pytest.mark.parametrize("name", ["inspection_list", "violation_list"])
def test_the_list_runs_the_same_number_of_queries_for_5_and_for_50_inspections(
    client, pc, persona, name
):
    client.force_login(getattr(pc, persona))
    url = reverse(f"inspections:{name}")
    make_inspections(5, pc.a)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"year": 2025}).status_code == 200
    make_inspections(45, pc.a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"year": 2025})
    assert response.context["page"].paginator.count >= 50
    assert len(few) == len(many)


def read_xlsx(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_inspection_export_holds_exactly_the_filtered_rows_in_scope(client, pc, spread):
    client.force_login(pc.regional)  # Karaganda: A and C
    response = client.get(reverse("inspections:inspection_export"), {"year": 2025})
    rows = read_xlsx(response)
    header, body = rows[0], rows[1:]
    assert len(header) == 15
    assert sorted(row[2] for row in body) == [pc.a.name, pc.c.name]
    joint = next(row for row in body if row[0] == "KRG-77")
    assert joint[1].date() == D(2025, 2, 14)
    assert joint[3] == pc.a.bin
    assert joint[10] == 1  # violations


def test_violation_export_holds_exactly_the_filtered_rows_in_scope(client, pc, spread):
    client.force_login(pc.sector)  # mining: A and D
    response = client.get(reverse("inspections:violation_export"), {"status": "not_eliminated"})
    body = read_xlsx(response)[1:]
    assert sorted(row[7] for row in body) == ["Broken ladder rungs", "Dust"]


def test_export_keeps_text_that_looks_like_a_formula_as_text(client, pc):
    inspection = InspectionFactory(enterprise=pc.a)
    ViolationFactory(inspection=inspection, description='=HYPERLINK("http://x","y")')
    client.force_login(pc.inspector_a)
    response = client.get(reverse("inspections:violation_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=8)
    assert cell.value == '=HYPERLINK("http://x","y")'
    assert cell.data_type == "s"


def test_an_empty_list_explains_what_to_do(client, pc):
    client.force_login(pc.inspector_a)
    body = client.get(reverse("inspections:inspection_list")).content.decode()
    assert "empty-state" in body
    assert reverse("inspections:inspection_create") in body


def test_lists_show_many_enterprises_without_a_select_of_all_of_them(client, pc):
    EnterpriseFactory.create_batch(3)
    client.force_login(pc.federation)
    form = client.get(reverse("inspections:inspection_list")).context["form"]
    assert form.fields["enterprise"].widget.input_type == "hidden"

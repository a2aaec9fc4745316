"""Access to every accident view: anonymous → log-in page; wrong scope → 403/404; right
scope → 200 with the right data. Accidents: one submitted at A (Karaganda, mining), one
at B (Pavlodar, energy), and a draft at A."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Accident, AccidentStatus, Attachment
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def reports(world):
    at_a = AccidentFactory(enterprise=world.a, created_by=world.inspector_a)
    VictimFactory(accident=at_a, full_name="Secret Victim A", iin="081140000436")
    at_b = AccidentFactory(enterprise=world.b, created_by=world.inspector_b)
    VictimFactory(accident=at_b, full_name="Secret Victim B")
    draft_a = AccidentFactory(
        enterprise=world.a, status=AccidentStatus.DRAFT, created_by=world.inspector_a
    )
    VictimFactory(accident=draft_a, full_name="Draft Victim")
    attachment = Attachment.objects.create(
        accident=at_b,
        kind="photo",
        file=SimpleUploadedFile("b.png", PNG),
        original_name="b.png",
        content_type="image/png",
        size=len(PNG),
        uploaded_by=world.inspector_b,
    )
    return {"a": at_a, "b": at_b, "draft": draft_a, "attachment_b": attachment}


PAGES = [
    ("inspections:accident_list", None),
    ("inspections:accident_export", None),
    ("inspections:accident_create", None),
    ("inspections:accident_detail", "a"),
    ("inspections:accident_edit", "draft"),
]


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_anonymous_visitor_is_sent_to_log_in(client, reports, name, key):
    args = [reports[key].pk] if key else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_anonymous_visitor_cannot_download_an_attachment(client, reports):
    response = client.get(reverse("inspections:attachment", args=[reports["attachment_b"].pk]))
    assert response.status_code == 302


LIST_EXPECTED = {
    "inspector_a": {"a", "draft"},
    "inspector_b": {"b"},
    "council_a": {"a"},
    "regional": {"a"},
    "sector": {"a"},
    "federation": {"a", "b"},
    "no_role": set(),
}


@pytest.mark.parametrize(("persona", "expected"), LIST_EXPECTED.items())
def test_list_shows_only_reports_in_scope(client, world, reports, persona, expected):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("inspections:accident_list"))
    assert response.status_code == 200
    assert {a.pk for a in response.context["page"].object_list} == {reports[k].pk for k in expected}


def test_wrong_scope_detail_is_404_and_shows_no_victim_names(client, world, reports):
    client.force_login(world.inspector_a)
    response = client.get(reverse("inspections:accident_detail", args=[reports["b"].pk]))
    assert response.status_code == 404
    assert "Secret Victim B" not in response.content.decode()


def test_right_scope_detail_shows_victim_name_and_iin(client, world, reports):
    client.force_login(world.regional)
    response = client.get(reverse("inspections:accident_detail", args=[reports["a"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Secret Victim A" in body and "081140000436" in body


def test_drafts_are_hidden_from_staff_until_submitted(client, world, reports):
    client.force_login(world.federation)
    assert (
        client.get(reverse("inspections:accident_detail", args=[reports["draft"].pk])).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["council_a", "sector", "no_role"])
def test_only_inspectors_regional_and_federation_staff_may_file(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("inspections:accident_create")).status_code == 403


@pytest.mark.parametrize("persona", ["inspector_a", "regional", "federation"])
def test_inspectors_regional_and_federation_staff_open_the_filing_page(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("inspections:accident_create")).status_code == 200


def test_inspector_of_another_enterprise_cannot_edit_a_draft(client, world, reports):
    client.force_login(world.inspector_b)
    assert (
        client.get(reverse("inspections:accident_edit", args=[reports["draft"].pk])).status_code
        == 404
    )


def test_council_member_sees_but_cannot_edit_or_submit(client, world, reports):
    client.force_login(world.council_a)
    url = reverse("inspections:accident_detail", args=[reports["a"].pk])
    assert client.get(url).status_code == 200
    reports["a"].status = AccidentStatus.RETURNED
    reports["a"].save()
    assert (
        client.get(reverse("inspections:accident_edit", args=[reports["a"].pk])).status_code == 403
    )
    assert (
        client.post(reverse("inspections:accident_submit", args=[reports["a"].pk])).status_code
        == 403
    )


def test_review_is_refused_to_regional_staff_of_another_region(client, world, reports):
    client.force_login(world.regional)
    url = reverse("inspections:accident_review", args=[reports["b"].pk])
    assert client.post(url, {"decision": "verify"}).status_code == 404
    assert Accident.objects.get(pk=reports["b"].pk).status == AccidentStatus.SUBMITTED


def test_review_is_refused_to_the_inspector(client, world, reports):
    client.force_login(world.inspector_a)
    url = reverse("inspections:accident_review", args=[reports["a"].pk])
    assert client.post(url, {"decision": "verify"}).status_code == 403


def test_regional_staff_verify_a_report_of_their_region(client, world, reports):
    client.force_login(world.regional)
    response = client.post(
        reverse("inspections:accident_review", args=[reports["a"].pk]), {"decision": "verify"}
    )
    assert response.status_code == 302
    assert Accident.objects.get(pk=reports["a"].pk).status == AccidentStatus.VERIFIED


def test_return_without_comment_changes_nothing(client, world, reports):
    client.force_login(world.regional)
    client.post(
        reverse("inspections:accident_review", args=[reports["a"].pk]), {"decision": "return"}
    )
    assert Accident.objects.get(pk=reports["a"].pk).status == AccidentStatus.SUBMITTED


def test_attachment_download_checks_scope(client, world, reports):
    url = reverse("inspections:attachment", args=[reports["attachment_b"].pk])
    client.force_login(world.inspector_a)
    assert client.get(url).status_code == 404
    client.force_login(world.inspector_b)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_attachment_upload_is_refused_outside_scope(client, world, reports):
    client.force_login(world.inspector_a)
    response = client.post(
        reverse("inspections:attachment_upload", args=[reports["b"].pk]),
        {"kind": "photo", "file": SimpleUploadedFile("x.png", PNG)},
    )
    assert response.status_code == 404
    assert reports["b"].attachments.count() == 1


def test_export_is_refused_to_anonymous_and_empty_for_no_role(client, world, reports):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(world.no_role)
    response = client.get(reverse("inspections:accident_export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only

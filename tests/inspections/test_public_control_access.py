"""Who sees and does what in public control, for every view: anonymous → login; wrong
scope → 404; wrong role → 403; right scope → 200 and the right data. Enterprises: A
(Karaganda, mining), B (Pavlodar, energy), C (Karaganda, energy), D (Pavlodar, mining)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from inspections.access import (
    evidence_photos_visible_to,
    inspections_visible_to,
    proposals_visible_to,
    stoppages_visible_to,
    violations_visible_to,
)
from inspections.models import Inspection
from tests.factories import (
    InspectionFactory,
    ProposalFactory,
    ViolationFactory,
    WorkStoppageFactory,
    linked,
    record_inspection,
)
from tests.forms import post_form

SCOPES = {
    "inspector_a": {"a"},
    "inspector_b": {"b"},
    "council_a": {"a"},
    "regional": {"a", "c"},
    "sector": {"a", "d"},
    "federation": {"a", "b", "c", "d"},
    "no_role": set(),
}


@pytest.fixture
def pc(world):
    return linked(world)


@pytest.fixture
def records(pc):
    """One inspection with two violations, a photo, a stoppage and a proposal at each
    enterprise; A's and B's recorded by their inspectors through the write functions."""
    made = {
        "a": record_inspection(pc.inspector_a, pc.a, stoppage=True, proposals=1),
        "b": record_inspection(pc.inspector_b, pc.b, stoppage=True, proposals=1),
    }
    for letter in "cd":
        inspection = InspectionFactory(enterprise=getattr(pc, letter))
        ViolationFactory.create_batch(2, inspection=inspection)
        WorkStoppageFactory(inspection=inspection)
        ProposalFactory(inspection=inspection)
        made[letter] = inspection
    return made


def enterprises_of(pc, queryset, path):
    names = set(queryset.values_list(path, flat=True))
    return {letter for letter in "abcd" if getattr(pc, letter).name in names}


# --- The scoping functions ----------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "letters"), SCOPES.items())
def test_each_persona_sees_exactly_the_public_control_records_of_its_scope(
    pc, records, persona, letters
):
    user = getattr(pc, persona)
    assert enterprises_of(pc, inspections_visible_to(user), "enterprise__name") == letters
    path = "inspection__enterprise__name"
    assert enterprises_of(pc, violations_visible_to(user), path) == letters
    assert enterprises_of(pc, stoppages_visible_to(user), path) == letters
    assert enterprises_of(pc, proposals_visible_to(user), path) == letters
    photos = evidence_photos_visible_to(user)
    assert enterprises_of(pc, photos, "violation__inspection__enterprise__name") == letters & {
        "a",
        "b",
    }


def test_anonymous_and_deactivated_users_see_nothing(pc, records):
    assert not inspections_visible_to(AnonymousUser()).exists()
    assert not violations_visible_to(AnonymousUser()).exists()
    pc.federation.is_active = False
    pc.federation.save()
    assert not inspections_visible_to(pc.federation).exists()


# --- Every view: anonymous ---------------------------------------------------------------------


def view_urls(records):
    inspection = records["a"]
    violation = inspection.violations.first()
    return [
        reverse("inspections:inspection_list"),
        reverse("inspections:inspection_export"),
        reverse("inspections:inspection_create"),
        reverse("inspections:inspection_detail", args=[inspection.pk]),
        reverse("inspections:inspection_edit", args=[inspection.pk]),
        reverse("inspections:inspection_discard", args=[inspection.pk]),
        reverse("inspections:inspection_finalize", args=[inspection.pk]),
        reverse("inspections:notice", args=[inspection.pk]),
        reverse("inspections:violation_add", args=[inspection.pk]),
        reverse("inspections:proposal_add", args=[inspection.pk]),
        reverse("inspections:stoppage_add", args=[inspection.pk]),
        reverse("inspections:proposal_status", args=[inspection.proposals.get().pk]),
        reverse("inspections:stoppage_lift", args=[inspection.stoppages.get().pk]),
        reverse("inspections:stoppage_order", args=[inspection.stoppages.get().pk]),
        reverse("inspections:violation_list"),
        reverse("inspections:violation_export"),
        reverse("inspections:violation_detail", args=[violation.pk]),
        reverse("inspections:violation_edit", args=[violation.pk]),
        reverse("inspections:violation_remove", args=[violation.pk]),
        reverse("inspections:violation_report_fixed", args=[violation.pk]),
        reverse("inspections:violation_eliminate", args=[violation.pk]),
        reverse("inspections:violation_reopen", args=[violation.pk]),
        reverse("inspections:evidence_add", args=[violation.pk]),
        reverse("inspections:evidence_photo", args=[violation.photos.get().pk]),
        reverse("inspections:list_export", args=[1]),
        reverse("inspections:list_export_status", args=[1]),
        reverse("inspections:list_export_retry", args=[1]),
        reverse("inspections:export_download", args=["any-token"]),
        reverse("inspections:public_control_summary"),
        reverse("inspections:public_control_summary_export"),
    ]


def test_every_view_sends_an_anonymous_visitor_to_log_in(client, records):
    login = reverse(settings.LOGIN_URL)
    for url in view_urls(records):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(login), url


def test_the_view_list_covers_every_public_control_url(records):
    from inspections.urls_public_control import urlpatterns

    assert len(view_urls(records)) == len(urlpatterns)


# --- Record pages: wrong scope → 404, right scope → 200 with the data ---------------------------

RECORD_PAGES = ["inspection_detail", "notice", "violation_detail", "evidence_photo"]


def record_url(name, inspection):
    violation = inspection.violations.order_by("position").first()
    pk = {
        "inspection_detail": inspection.pk,
        "notice": inspection.pk,
        "violation_detail": violation.pk,
        "evidence_photo": violation.photos.first().pk if violation.photos.exists() else 0,
    }[name]
    return reverse(f"inspections:{name}", args=[pk])


@pytest.mark.parametrize("name", RECORD_PAGES)
@pytest.mark.parametrize(("persona", "letters"), SCOPES.items())
def test_record_pages_answer_200_in_scope_and_404_outside(
    client, pc, records, name, persona, letters
):
    client.force_login(getattr(pc, persona))
    for letter in "ab":
        response = client.get(record_url(name, records[letter]))
        expected = 200 if letter in letters else 404
        assert response.status_code == expected, (persona, name, letter)
        if expected == 404:
            assert getattr(pc, letter).name.encode() not in response.content


def test_inspection_page_shows_its_violations_proposals_and_stoppage(client, pc, records):
    client.force_login(pc.regional)
    body = client.get(records["a"].get_absolute_url()).content.decode()
    for violation in records["a"].violations.all():
        assert violation.description in body
    assert "Proposal 1" in body
    assert "Unguarded conveyor" in body
    assert records["a"].notice.number in body


def test_photo_is_served_with_its_type_only_through_the_scoped_view(client, pc, records):
    photo = records["a"].violations.first().photos.get()
    client.force_login(pc.council_a)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert not settings.MEDIA_URL or not photo.file.name.startswith(settings.MEDIA_URL)


def test_an_inspection_without_a_notice_has_no_notice_page(client, pc):
    draft = record_inspection(pc.inspector_a, pc.a, finalize=False)
    client.force_login(pc.inspector_a)
    assert client.get(reverse("inspections:notice", args=[draft.pk])).status_code == 404


def test_missing_records_are_404_not_500(client, pc):
    client.force_login(pc.federation)
    for name in ("inspection_detail", "notice", "violation_detail", "evidence_photo"):
        assert client.get(reverse(f"inspections:{name}", args=[999999])).status_code == 404


# --- Lists and exports: exactly the scope ------------------------------------------------------


@pytest.mark.parametrize(("persona", "letters"), SCOPES.items())
def test_lists_show_exactly_the_records_of_the_scope(client, pc, records, persona, letters):
    client.force_login(getattr(pc, persona))
    inspections = client.get(reverse("inspections:inspection_list")).context["page"]
    assert {i.enterprise_name for i in inspections} == {getattr(pc, x).name for x in letters}
    violations = client.get(reverse("inspections:violation_list")).context["page"]
    assert {v.enterprise_name for v in violations} == {getattr(pc, x).name for x in letters}
    assert violations.paginator.count == 2 * len(letters)


def test_a_filter_cannot_widen_the_scope(client, pc, records):
    client.force_login(pc.inspector_a)
    url = reverse("inspections:inspection_list")
    assert not client.get(url, {"region": pc.b.region_id}).context["page"].object_list
    assert not client.get(url, {"enterprise": pc.b.pk}).context["page"].object_list


# --- Actions: wrong role → 403, wrong scope → 404 ------------------------------------------------


@pytest.mark.parametrize("persona", ["council_a", "regional", "sector", "federation", "no_role"])
def test_only_inspectors_reach_the_start_page(client, pc, persona):
    client.force_login(getattr(pc, persona))
    assert client.get(reverse("inspections:inspection_create")).status_code == 403


def test_inspector_reaches_the_start_page_with_only_their_enterprises(client, pc):
    client.force_login(pc.inspector_a)
    response = client.get(reverse("inspections:inspection_create"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["enterprise"].queryset) == [pc.a]


def test_inspector_cannot_start_at_an_enterprise_outside_scope_through_the_page(client, pc):
    client.force_login(pc.inspector_a)
    response = post_form(
        client,
        reverse("inspections:inspection_create"),
        {"enterprise": pc.b.pk, "date": "2025-01-10", "kind": "planned"},
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not Inspection.objects.exists()


DRAFT_PAGES = ["inspection_edit", "violation_add", "proposal_add", "stoppage_add"]


@pytest.mark.parametrize("name", DRAFT_PAGES + ["inspection_finalize"])
def test_draft_pages_answer_by_role_and_scope(client, pc, name):
    draft = record_inspection(pc.inspector_a, pc.a, finalize=False)
    url = reverse(f"inspections:{name}", args=[draft.pk])
    expected = {
        "inspector_a": 200,
        "inspector_b": 404,
        "council_a": 403,
        "regional": 403,
        "sector": 403,
        "federation": 403,
        "no_role": 404,
    }
    for persona, status in expected.items():
        client.force_login(getattr(pc, persona))
        assert client.get(url).status_code == status, persona


@pytest.mark.parametrize("name", [name for name in DRAFT_PAGES if name != "stoppage_add"])
def test_draft_pages_are_closed_once_finalized(client, pc, records, name):
    client.force_login(pc.inspector_a)
    url = reverse(f"inspections:{name}", args=[records["a"].pk])
    assert client.get(url).status_code == 403


def test_violation_edit_and_remove_are_for_the_drafts_inspectors_only(client, pc):
    draft = record_inspection(pc.inspector_a, pc.a, finalize=False)
    violation = draft.violations.first()
    edit = reverse("inspections:violation_edit", args=[violation.pk])
    remove = reverse("inspections:violation_remove", args=[violation.pk])
    client.force_login(pc.inspector_b)
    assert client.get(edit).status_code == 404
    assert client.post(remove).status_code == 404
    client.force_login(pc.regional)
    assert client.get(edit).status_code == 403
    assert client.post(remove).status_code == 403
    client.force_login(pc.inspector_a)
    assert client.get(edit).status_code == 200
    assert client.post(remove).status_code == 302
    assert draft.violations.count() == 1


def test_discard_answers_by_role_and_scope(client, pc):
    draft = record_inspection(pc.inspector_a, pc.a, finalize=False)
    url = reverse("inspections:inspection_discard", args=[draft.pk])
    client.force_login(pc.inspector_b)
    assert client.post(url).status_code == 404
    client.force_login(pc.council_a)
    assert client.post(url).status_code == 403
    client.force_login(pc.inspector_a)
    assert client.post(url).status_code == 302
    assert not Inspection.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("violation_report_fixed", {"comment": "Done"}),
        ("violation_eliminate", {"eliminated_on": "2025-07-01"}),
        ("violation_reopen", {"comment": "No"}),
    ],
)
def test_lifecycle_steps_outside_scope_answer_404(client, pc, records, name, data):
    violation = records["b"].violations.first()
    for persona in ("inspector_a", "council_a", "regional", "no_role"):
        client.force_login(getattr(pc, persona))
        url = reverse(f"inspections:{name}", args=[violation.pk])
        assert client.post(url, data).status_code == 404, persona


@pytest.mark.parametrize("persona", ["regional", "sector", "federation"])
def test_staff_get_403_on_lifecycle_steps_in_their_scope(client, pc, records, persona):
    violation = records["a"].violations.first()
    client.force_login(getattr(pc, persona))
    for name in ("violation_report_fixed", "violation_eliminate", "violation_reopen"):
        url = reverse(f"inspections:{name}", args=[violation.pk])
        assert client.post(url, {"comment": "x"}).status_code == 403


def test_stoppage_lift_and_proposal_answer_are_for_inspectors_in_scope(client, pc, records):
    stoppage = records["a"].stoppages.get()
    proposal = records["a"].proposals.get()
    lift = reverse("inspections:stoppage_lift", args=[stoppage.pk])
    answer = reverse("inspections:proposal_status", args=[proposal.pk])
    client.force_login(pc.inspector_b)
    assert client.post(lift, {"lifted_on": "2025-07-01"}).status_code == 404
    assert client.post(answer, {"status": "accepted"}).status_code == 404
    client.force_login(pc.council_a)
    assert client.post(lift, {"lifted_on": "2025-07-01"}).status_code == 403
    assert client.post(answer, {"status": "accepted"}).status_code == 403
    client.force_login(pc.inspector_a)
    assert client.post(answer, {"status": "accepted"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted"


def test_photos_are_added_only_by_whoever_may_act_on_the_violation(client, pc, records):
    from tests.factories import photo_upload

    violation = records["a"].violations.first()
    url = reverse("inspections:evidence_add", args=[violation.pk])
    client.force_login(pc.inspector_b)
    assert client.post(url, {"photo": photo_upload()}).status_code == 404
    client.force_login(pc.regional)
    assert client.post(url, {"photo": photo_upload()}).status_code == 403


# --- The summary: staff only ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("inspector_a", 403),
        ("council_a", 403),
        ("no_role", 403),
        ("regional", 200),
        ("sector", 200),
        ("federation", 200),
    ],
)
def test_summary_is_for_regional_sector_and_federation_staff(client, pc, persona, status):
    client.force_login(getattr(pc, persona))
    assert client.get(reverse("inspections:public_control_summary")).status_code == status
    export = client.get(reverse("inspections:public_control_summary_export"))
    assert export.status_code == status

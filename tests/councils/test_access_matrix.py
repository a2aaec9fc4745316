"""Access to every council view: anonymous → log-in page; wrong scope → 404; a role that
may not act → 403; right scope → 200 with the right data. Records: councils at A
(Karaganda, mining; council_a is its chair) and at B (Pavlodar, energy)."""

import pytest
from django.urls import reverse

from councils.models import Decision, DecisionStatus, RemediationPlan
from inspections.models import ViolationStatus

# (url name, record key or None)
READ_PAGES = [
    ("councils:council_detail", "council"),
    ("councils:remediation_board", "council"),
    ("councils:meeting_detail", "meeting"),
    ("councils:meeting_minutes", "meeting"),
    ("councils:decision_detail", "decision"),
    ("councils:assessment_detail", "assessment"),
    ("councils:heat_map", "assessment"),
    ("councils:register_export", "assessment"),
    ("councils:remediation_item", "violation"),
]
WORK_PAGES = [
    ("councils:meeting_create", "council"),
    ("councils:meeting_edit", "meeting"),
    ("councils:decision_add", "meeting"),
    ("councils:decision_edit", "decision"),
    ("councils:assessment_create", "council"),
    ("councils:assessment_edit", "assessment"),
    ("councils:entry_add", "assessment"),
    ("councils:entry_edit", "entry"),
]
REGISTRY_PAGES = [
    ("councils:council_edit", "council"),
    ("councils:member_add", "council"),
    ("councils:member_edit", "member"),
    ("councils:council_inspectors", "council"),
]
LISTS = ["councils:council_list", "councils:decision_list", "councils:long_overdue"]
POSTS = [
    ("councils:member_remove", "member"),
    ("councils:decision_status", "decision"),
    ("councils:plan_save", "violation"),
    ("councils:report_fixed", "violation"),
    ("councils:confirm_fixed", "violation"),
    ("councils:reopen", "violation"),
    ("councils:entry_remove", "entry"),
]


def url(records, name, key, side="a"):
    if key is None:
        return reverse(name)
    return reverse(name, args=[getattr(records, f"{key}_{side}").pk])


@pytest.mark.parametrize(
    ("name", "key"),
    [
        *READ_PAGES,
        *WORK_PAGES,
        *REGISTRY_PAGES,
        *((n, None) for n in LISTS),
        ("councils:council_create", None),
    ],
)
def test_anonymous_visitor_is_sent_to_log_in(client, records, name, key):
    response = client.get(url(records, name, key))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(("name", "key"), POSTS)
def test_anonymous_post_changes_nothing_and_is_sent_to_log_in(client, records, name, key):
    response = client.post(url(records, name, key), {"status": "done", "comment": "x"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert Decision.objects.get(pk=records.decision_a.pk).status == DecisionStatus.OPEN


READERS_OF_A = ["inspector_a", "council_a", "regional", "sector", "federation"]
OUTSIDERS_OF_A = ["inspector_b", "no_role"]


@pytest.mark.parametrize(("name", "key"), READ_PAGES)
@pytest.mark.parametrize("persona", READERS_OF_A)
def test_everyone_in_scope_opens_the_pages_of_council_a(client, world, records, name, key, persona):
    client.force_login(getattr(world, persona))
    assert client.get(url(records, name, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), READ_PAGES)
@pytest.mark.parametrize("persona", OUTSIDERS_OF_A)
def test_pages_of_council_a_are_not_found_outside_its_scope(
    client, world, records, name, key, persona
):
    client.force_login(getattr(world, persona))
    assert client.get(url(records, name, key)).status_code == 404


@pytest.mark.parametrize(("name", "key"), READ_PAGES)
@pytest.mark.parametrize("persona", ["council_a", "regional", "sector"])
def test_pages_of_council_b_are_not_found_and_show_nothing_of_it(
    client, world, records, name, key, persona
):
    client.force_login(getattr(world, persona))
    response = client.get(url(records, name, key, side="b"))
    assert response.status_code == 404
    assert b"Secret" not in response.content


def test_council_page_shows_its_members_and_not_another_councils(client, world, records):
    client.force_login(world.council_a)
    body = client.get(url(records, "councils:council_detail", "council")).content.decode()
    assert "Chair Of A" in body and "Director Of A" in body
    assert "Secret Member B" not in body


def test_meeting_and_decision_pages_show_their_own_records(client, world, records):
    client.force_login(world.regional)
    assert (
        "Agenda of A"
        in client.get(url(records, "councils:meeting_detail", "meeting")).content.decode()
    )
    assert (
        "Decision of A"
        in client.get(url(records, "councils:decision_detail", "decision")).content.decode()
    )
    assert (
        "Hazard of A"
        in client.get(url(records, "councils:assessment_detail", "assessment")).content.decode()
    )


LIST_EXPECTED = {
    "inspector_a": {"a"},
    "inspector_b": {"b"},
    "council_a": {"a"},
    "regional": {"a"},
    "sector": {"a"},
    "federation": {"a", "b"},
    "no_role": set(),
}


@pytest.mark.parametrize(("persona", "expected"), LIST_EXPECTED.items())
def test_council_list_shows_only_councils_in_scope(client, world, records, persona, expected):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("councils:council_list"))
    assert response.status_code == 200
    shown = {council.pk for council in response.context["page"].object_list}
    assert shown == {getattr(records, f"council_{side}").pk for side in expected}


@pytest.mark.parametrize(("persona", "expected"), LIST_EXPECTED.items())
def test_decision_list_shows_only_decisions_in_scope(client, world, records, persona, expected):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("councils:decision_list"))
    assert response.status_code == 200
    shown = {decision.pk for decision in response.context["page"].object_list}
    assert shown == {getattr(records, f"decision_{side}").pk for side in expected}


@pytest.mark.parametrize(("name", "key"), WORK_PAGES)
@pytest.mark.parametrize("persona", ["council_a", "inspector_a"])
def test_council_members_and_inspectors_open_the_work_pages(
    client, world, records, name, key, persona
):
    client.force_login(getattr(world, persona))
    assert client.get(url(records, name, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), WORK_PAGES)
@pytest.mark.parametrize("persona", ["regional", "sector", "federation"])
def test_staff_see_the_council_but_may_not_record_its_work(
    client, world, records, name, key, persona
):
    client.force_login(getattr(world, persona))
    assert client.get(url(records, name, key)).status_code == 403


@pytest.mark.parametrize(("name", "key"), WORK_PAGES)
@pytest.mark.parametrize("persona", OUTSIDERS_OF_A)
def test_work_pages_of_another_enterprise_are_not_found(client, world, records, name, key, persona):
    client.force_login(getattr(world, persona))
    assert client.get(url(records, name, key)).status_code == 404


@pytest.mark.parametrize(("name", "key"), REGISTRY_PAGES)
@pytest.mark.parametrize("persona", ["federation", "regional"])
def test_federation_and_regional_staff_keep_the_register(
    client, world, records, name, key, persona
):
    client.force_login(getattr(world, persona))
    assert client.get(url(records, name, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), REGISTRY_PAGES)
@pytest.mark.parametrize("persona", ["council_a", "inspector_a", "sector"])
def test_other_roles_may_not_change_the_register(client, world, records, name, key, persona):
    client.force_login(getattr(world, persona))
    assert client.get(url(records, name, key)).status_code == 403


def test_regional_staff_cannot_reach_a_council_of_another_region(client, world, records):
    client.force_login(world.regional)
    assert client.get(url(records, "councils:council_edit", "council", side="b")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("federation", 200), ("regional", 200), ("sector", 403), ("council_a", 403), ("no_role", 403)],
)
def test_only_registry_keepers_open_the_registration_page(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("councils:council_create")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("regional", 200),
        ("sector", 200),
        ("federation", 200),
        ("inspector_a", 403),
        ("council_a", 403),
        ("no_role", 403),
    ],
)
def test_long_overdue_list_is_for_staff(client, world, records, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("councils:long_overdue")).status_code == status


def test_staff_cannot_change_a_decision_status(client, world, records):
    client.force_login(world.regional)
    response = client.post(
        url(records, "councils:decision_status", "decision"), {"status": DecisionStatus.DONE}
    )
    assert response.status_code == 403
    assert Decision.objects.get(pk=records.decision_a.pk).status == DecisionStatus.OPEN


def test_inspector_of_another_enterprise_cannot_post_to_council_a(client, world, records):
    client.force_login(world.inspector_b)
    response = client.post(
        url(records, "councils:decision_status", "decision"), {"status": DecisionStatus.DONE}
    )
    assert response.status_code == 404


def test_council_member_cannot_confirm_a_reported_fix(client, world, records):
    violation = records.violation_a
    violation.status = ViolationStatus.REPORTED_FIXED
    violation.save()
    client.force_login(world.council_a)
    response = client.post(
        url(records, "councils:confirm_fixed", "violation"), {"eliminated_on": "2025-05-01"}
    )
    assert response.status_code == 403
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED


def test_staff_cannot_plan_a_fix(client, world, records):
    client.force_login(world.federation)
    response = client.post(
        url(records, "councils:plan_save", "violation"),
        {"responsible": "Someone", "planned_on": "2025-06-01"},
    )
    assert response.status_code == 403
    assert not RemediationPlan.objects.exists()

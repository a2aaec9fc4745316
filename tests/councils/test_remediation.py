"""The remediation board: from the council member's plan and "reported fixed" with a photo
to the inspector's confirmation or reopening (through the inspections write functions),
and the regional staff's list of violations overdue by more than 30 days."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from councils.access import long_overdue_violations_visible_to
from councils.models import MemberRole, RemediationPlan
from councils.services.remediation import remediation_plan_save
from inspections.models import EvidenceStage, InspectionStatus, ViolationStatus
from tests.councils.factories import CouncilFactory, CouncilMemberFactory, local
from tests.factories import InspectionFactory, ViolationFactory, photo_upload

FOUND = datetime.date(2025, 4, 1)


@pytest.fixture
def council(world):
    return CouncilFactory(enterprise=world.a)


def violation_at(enterprise, deadline=datetime.date(2025, 5, 1), **fields):
    inspection = InspectionFactory(
        enterprise=enterprise,
        inspector=enterprise.inspectors.first(),
        date=FOUND,
        status=fields.pop("inspection_status", InspectionStatus.FINALIZED),
    )
    return ViolationFactory(inspection=inspection, deadline=deadline, **fields)


def board(client, council, **params):
    return client.get(reverse("councils:remediation_board", args=[council.pk]), params)


def test_board_lists_the_enterprises_violations_still_to_fix(client, world, council):
    open_one = violation_at(world.a, description="Open at A")
    reported = violation_at(world.a, status=ViolationStatus.REPORTED_FIXED)
    violation_at(world.a, status=ViolationStatus.ELIMINATED)
    violation_at(world.a, inspection_status=InspectionStatus.DRAFT)
    violation_at(world.b, description="Secret at B")
    violation_at(world.c)
    client.force_login(world.council_a)
    response = board(client, council)
    assert {v.pk for v in response.context["page"].object_list} == {open_one.pk, reported.pk}
    assert "Secret at B" not in response.content.decode()


def test_board_puts_overdue_violations_first_and_can_show_only_them(client, world, council):
    later = violation_at(world.a, deadline=datetime.date(2025, 8, 1))
    overdue = violation_at(world.a, deadline=datetime.date(2025, 6, 1))
    client.force_login(world.council_a)
    with time_machine.travel(local(2025, 7, 1), tick=False):
        everything = board(client, council)
        only_overdue = board(client, council, show="overdue")
    assert [v.pk for v in everything.context["page"].object_list] == [overdue.pk, later.pk]
    assert [v.pk for v in only_overdue.context["page"].object_list] == [overdue.pk]
    assert everything.context["counts"]["overdue"] == 1


def test_council_member_plans_the_fix(world, council):
    violation = violation_at(world.a)
    plan = remediation_plan_save(
        user=world.council_a,
        violation=violation,
        responsible=" Shift foreman ",
        planned_on=datetime.date(2025, 5, 10),
        note="Order the guard",
    )
    assert (plan.responsible, plan.updated_by, plan.after_deadline) == (
        "Shift foreman",
        world.council_a,
        True,
    )
    remediation_plan_save(
        user=world.inspector_a, violation=violation, responsible="Chief", planned_on=FOUND
    )
    assert RemediationPlan.objects.get().responsible == "Chief"
    assert RemediationPlan.history.filter(violation_id=violation.pk).count() == 2


def test_a_plan_cannot_predate_the_violation_or_follow_its_elimination(world, council):
    violation = violation_at(world.a)
    with pytest.raises(ValidationError) as refusal:
        remediation_plan_save(
            user=world.council_a,
            violation=violation,
            responsible="Foreman",
            planned_on=FOUND - datetime.timedelta(days=1),
        )
    assert refusal.value.message_dict["planned_on"]
    eliminated = violation_at(world.a, status=ViolationStatus.ELIMINATED)
    with pytest.raises(ValidationError):
        remediation_plan_save(
            user=world.council_a, violation=eliminated, responsible="Foreman", planned_on=FOUND
        )


@pytest.mark.parametrize("persona", ["regional", "federation", "inspector_b"])
def test_only_the_councils_people_plan_fixes_at_their_enterprise(world, council, persona):
    with pytest.raises(PermissionDenied):
        remediation_plan_save(
            user=getattr(world, persona),
            violation=violation_at(world.a),
            responsible="Foreman",
            planned_on=FOUND,
        )


def test_remediation_runs_from_the_council_member_to_the_inspectors_confirmation(
    client, world, council
):
    violation = violation_at(world.a)
    item = reverse("councils:remediation_item", args=[violation.pk])
    client.force_login(world.council_a)
    response = client.post(
        reverse("councils:plan_save", args=[violation.pk]),
        {"responsible": "Foreman", "planned_on": "2025-04-20", "note": "New guard"},
    )
    assert response["Location"] == item
    response = client.post(
        reverse("councils:report_fixed", args=[violation.pk]),
        {"comment": "Guard installed", "photo": photo_upload("guard.png")},
    )
    assert response["Location"] == item
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED
    photo = violation.photos.get()
    assert (photo.stage, photo.uploaded_by, photo.content_type) == (
        EvidenceStage.FIXED,
        world.council_a,
        "image/png",
    )
    page = client.get(item)
    assert page.context["can_report_fixed"] is False and page.context["can_confirm"] is False

    client.force_login(world.inspector_a)
    assert client.get(item).context["can_confirm"] is True
    response = client.post(
        reverse("councils:confirm_fixed", args=[violation.pk]),
        {"eliminated_on": "2025-04-25", "comment": "Checked on site"},
    )
    assert response["Location"] == item
    violation.refresh_from_db()
    assert (violation.status, violation.eliminated_on, violation.verified_by) == (
        ViolationStatus.ELIMINATED,
        datetime.date(2025, 4, 25),
        world.inspector_a,
    )
    assert [(c.from_status, c.to_status, c.by) for c in violation.status_changes.all()] == [
        (ViolationStatus.OPEN, ViolationStatus.REPORTED_FIXED, world.council_a),
        (ViolationStatus.REPORTED_FIXED, ViolationStatus.ELIMINATED, world.inspector_a),
    ]
    client.force_login(world.council_a)
    assert list(board(client, council).context["page"].object_list) == []


def test_a_reopened_violation_returns_to_the_board_for_another_report(client, world, council):
    violation = violation_at(world.a)
    client.force_login(world.council_a)
    client.post(reverse("councils:report_fixed", args=[violation.pk]), {"comment": "Done"})
    client.force_login(world.inspector_a)
    response = client.post(
        reverse("councils:reopen", args=[violation.pk]), {"comment": "Guard still missing"}
    )
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN
    assert violation.status_changes.last().comment == "Guard still missing"
    client.force_login(world.council_a)
    assert [v.pk for v in board(client, council).context["page"].object_list] == [violation.pk]
    client.post(reverse("councils:report_fixed", args=[violation.pk]), {"photo": photo_upload()})
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED


def test_reporting_a_fix_needs_evidence(client, world, council):
    violation = violation_at(world.a)
    client.force_login(world.council_a)
    response = client.post(reverse("councils:report_fixed", args=[violation.pk]), {"comment": ""})
    assert response.status_code == 400
    assert "Add a photo or describe what was done" in response.content.decode()
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN


def test_a_file_that_is_not_a_photo_is_refused(client, world, council):
    violation = violation_at(world.a)
    client.force_login(world.council_a)
    response = client.post(
        reverse("councils:report_fixed", args=[violation.pk]),
        {"comment": "Done", "photo": photo_upload("guard.png", b"%PDF-1.4 not a photo")},
    )
    assert response.status_code == 400
    assert "not an accepted type" in response.content.decode()
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN and not violation.photos.exists()


def test_reopening_needs_a_reason(client, world, council):
    violation = violation_at(world.a, status=ViolationStatus.REPORTED_FIXED)
    client.force_login(world.inspector_a)
    response = client.post(reverse("councils:reopen", args=[violation.pk]), {"comment": ""})
    assert response.status_code == 400
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED


def test_staff_may_look_at_the_board_but_not_report_fixes(client, world, council):
    violation = violation_at(world.a)
    client.force_login(world.regional)
    assert board(client, council).status_code == 200
    response = client.post(reverse("councils:report_fixed", args=[violation.pk]), {"comment": "x"})
    assert response.status_code == 403


# --- More than 30 days overdue ------------------------------------------------------------


def test_only_violations_more_than_30_days_past_the_deadline_are_long_overdue(world, council):
    deadline = datetime.date(2025, 5, 1)
    violation = violation_at(world.a, deadline=deadline)
    with time_machine.travel(local(2025, 5, 31), tick=False):  # 30 days after the deadline
        assert list(long_overdue_violations_visible_to(world.regional)) == []
    with time_machine.travel(local(2025, 6, 1), tick=False):  # 31 days
        assert list(long_overdue_violations_visible_to(world.regional)) == [violation]


def test_regional_staff_see_their_regions_long_overdue_violations_with_the_council_to_call(
    client, world, council
):
    CouncilMemberFactory(
        council=council, full_name="Chair To Call", role=MemberRole.CHAIR, phone="+7 701 111 22 33"
    )
    at_a = violation_at(world.a, deadline=datetime.date(2025, 3, 1), description="Old at A")
    at_c = violation_at(world.c, deadline=datetime.date(2025, 3, 1), description="Old at C")
    violation_at(world.b, deadline=datetime.date(2025, 3, 1), description="Secret at B")
    violation_at(world.a, deadline=datetime.date(2025, 3, 1), status=ViolationStatus.ELIMINATED)
    violation_at(world.a, deadline=datetime.date(2025, 6, 10))
    client.force_login(world.regional)
    with time_machine.travel(local(2025, 6, 20), tick=False):
        response = client.get(reverse("councils:long_overdue"))
        home = client.get(reverse("home")).content.decode()
    rows = {v.pk: v for v in response.context["page"].object_list}
    assert set(rows) == {at_a.pk, at_c.pk}
    assert (rows[at_a.pk].council_pk, rows[at_a.pk].chair_name, rows[at_a.pk].days_overdue) == (
        council.pk,
        "Chair To Call",
        111,
    )
    assert rows[at_c.pk].council_pk is None
    body = response.content.decode()
    assert "tel:+7 701 111 22 33" in body and "Secret at B" not in body
    assert 'data-testid="long-overdue-count">2<' in home


def test_council_members_home_shows_violations_to_fix_at_their_enterprise(client, world, council):
    violation_at(world.a, deadline=datetime.date(2025, 5, 1))
    violation_at(world.a, deadline=datetime.date(2025, 9, 1))
    violation_at(world.b, deadline=datetime.date(2025, 5, 1))
    client.force_login(world.council_a)
    with time_machine.travel(local(2025, 6, 1), tick=False):
        panel = next(
            p
            for p in client.get(reverse("home")).context["panels"]
            if p.template == "councils/panel_home_work.html"
        )
    assert panel.context["violations"] == {"open": 2, "overdue": 1}
    assert panel.context["councils"][0].pk == council.pk

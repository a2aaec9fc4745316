"""The remediation lifecycle of a violation: open → reported fixed → eliminated, or back to
open with a comment; who may take each step; illegal moves refused; the timeline and the
field history record every change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.models import ViolationStatus
from inspections.services import public_control_lifecycle as lifecycle
from tests.factories import linked, photo_upload, record_inspection

pytestmark = pytest.mark.usefixtures("english")  # messages are asserted in English


@pytest.fixture
def pc(world):
    return linked(world)


@pytest.fixture
def violation(pc):
    return record_inspection(pc.inspector_a, pc.a, violations=1).violations.get()


def report(violation, user, **kwargs):
    return lifecycle.violation_report_fixed(
        user=user, violation=violation, **({"comment": "Guard installed"} | kwargs)
    )


def statuses(violation):
    return [
        (change.from_status, change.to_status, change.by.username)
        for change in violation.status_changes.select_related("by")
    ]


def test_inspector_reports_fixed_then_confirms_elimination(pc, violation):
    report(violation, pc.inspector_a, photo=photo_upload())
    violation = lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.ELIMINATED
    assert violation.eliminated_on == timezone.localdate()
    assert violation.verified_by == pc.inspector_a
    assert statuses(violation) == [
        ("", "open", "insp_a"),
        ("open", "reported_fixed", "insp_a"),
        ("reported_fixed", "eliminated", "insp_a"),
    ]
    assert violation.photos.filter(stage="fixed").count() == 1


def test_council_member_reports_fixed_and_the_inspector_confirms(pc, violation):
    report(violation, pc.council_a)
    lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.ELIMINATED
    assert statuses(violation)[1] == ("open", "reported_fixed", "council_a")


def test_inspector_reopens_a_reported_fix_with_a_comment(pc, violation):
    report(violation, pc.council_a)
    lifecycle.violation_reopen(
        user=pc.inspector_a, violation=violation, comment="Guard is not fastened"
    )
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN
    assert violation.eliminated_on is None
    last = violation.status_changes.last()
    assert (last.from_status, last.to_status, last.comment) == (
        "reported_fixed",
        "open",
        "Guard is not fastened",
    )
    # ...and the cycle can start again.
    report(violation, pc.council_a, comment="Fastened now")
    lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.ELIMINATED


def test_reopening_needs_a_comment(pc, violation):
    report(violation, pc.inspector_a)
    with pytest.raises(ValidationError, match="why"):
        lifecycle.violation_reopen(user=pc.inspector_a, violation=violation, comment="  ")
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED


def test_reporting_fixed_needs_evidence(pc, violation):
    with pytest.raises(ValidationError, match="evidence"):
        lifecycle.violation_report_fixed(user=pc.inspector_a, violation=violation, comment="")
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN


def test_an_open_violation_cannot_be_eliminated_directly(pc, violation):
    with pytest.raises(ValidationError, match="Only a violation reported fixed"):
        lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN
    assert violation.eliminated_on is None


def test_an_open_violation_cannot_be_reopened(pc, violation):
    with pytest.raises(ValidationError, match="Only a violation reported fixed"):
        lifecycle.violation_reopen(user=pc.inspector_a, violation=violation, comment="Why?")


def test_a_violation_cannot_be_reported_fixed_twice(pc, violation):
    report(violation, pc.inspector_a)
    with pytest.raises(ValidationError, match="Only an open violation"):
        report(violation, pc.council_a)
    assert violation.status_changes.count() == 2


def test_an_eliminated_violation_is_final(pc, violation):
    report(violation, pc.inspector_a)
    lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    with pytest.raises(ValidationError):
        lifecycle.violation_reopen(user=pc.inspector_a, violation=violation, comment="Again")
    with pytest.raises(ValidationError):
        report(violation, pc.council_a)
    with pytest.raises(ValidationError):
        lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.ELIMINATED


def test_violations_of_a_draft_have_no_lifecycle_yet(pc):
    draft = record_inspection(pc.inspector_a, pc.a, violations=1, finalize=False)
    with pytest.raises(ValidationError, match="Finalize the inspection first"):
        report(draft.violations.get(), pc.inspector_a)


def test_elimination_cannot_be_dated_before_the_inspection_or_in_the_future(pc, violation):
    report(violation, pc.inspector_a)
    found_on = violation.inspection.date
    with pytest.raises(ValidationError):
        lifecycle.violation_eliminate(
            user=pc.inspector_a,
            violation=violation,
            eliminated_on=found_on - datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        lifecycle.violation_eliminate(
            user=pc.inspector_a,
            violation=violation,
            eliminated_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED


def test_council_members_cannot_confirm_or_reopen(pc, violation):
    report(violation, pc.council_a)
    with pytest.raises(PermissionDenied):
        lifecycle.violation_eliminate(user=pc.council_a, violation=violation)
    with pytest.raises(PermissionDenied):
        lifecycle.violation_reopen(user=pc.council_a, violation=violation, comment="No")


@pytest.mark.parametrize("persona", ["regional", "sector", "federation"])
def test_staff_see_violations_but_take_no_remediation_step(pc, violation, persona):
    user = getattr(pc, persona)
    with pytest.raises(PermissionDenied):
        report(violation, user)
    report(violation, pc.inspector_a)
    with pytest.raises(PermissionDenied):
        lifecycle.violation_eliminate(user=user, violation=violation)


def test_inspector_of_another_enterprise_takes_no_step(pc, violation):
    with pytest.raises(PermissionDenied):
        report(violation, pc.inspector_b)
    report(violation, pc.inspector_a)
    with pytest.raises(PermissionDenied):
        lifecycle.violation_eliminate(user=pc.inspector_b, violation=violation)


def test_field_history_records_each_change_with_its_author(pc, violation):
    report(violation, pc.council_a)
    lifecycle.violation_eliminate(user=pc.inspector_a, violation=violation)
    history = list(violation.history.order_by("history_id"))
    assert [(h.status, h.history_user.username) for h in history] == [
        ("open", "insp_a"),
        ("reported_fixed", "council_a"),
        ("eliminated", "insp_a"),
    ]
    delta = history[2].diff_against(history[1])
    assert {change.field for change in delta.changes} == {"status", "eliminated_on", "verified_by"}


# --- Through the pages -----------------------------------------------------------------------


def test_lifecycle_through_the_pages(client, pc, violation):
    url = violation.get_absolute_url()
    client.force_login(pc.council_a)
    page = client.get(url)
    assert page.context["can_report_fixed"] and not page.context["can_confirm"]
    response = client.post(
        reverse("inspections:violation_report_fixed", args=[violation.pk]),
        {"comment": "Guard installed", "photo": photo_upload()},
    )
    assert response.status_code == 302

    client.force_login(pc.inspector_a)
    page = client.get(url)
    assert page.context["can_confirm"]
    response = client.post(
        reverse("inspections:violation_reopen", args=[violation.pk]), {"comment": "Loose"}
    )
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN

    client.post(
        reverse("inspections:violation_report_fixed", args=[violation.pk]),
        {"comment": "Fastened"},
    )
    response = client.post(
        reverse("inspections:violation_eliminate", args=[violation.pk]),
        {"eliminated_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.ELIMINATED
    body = client.get(url).content.decode()
    assert "Loose" in body  # the reopen comment stays on the timeline
    assert 'data-testid="field-history"' in body


def test_an_illegal_step_through_the_page_is_refused_with_the_reason(client, pc, violation):
    client.force_login(pc.inspector_a)
    response = client.post(
        reverse("inspections:violation_eliminate", args=[violation.pk]),
        {"eliminated_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "Only a violation reported fixed" in response.content.decode()
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.OPEN


def test_council_member_posting_elimination_gets_403(client, pc, violation):
    report(violation, pc.council_a)
    client.force_login(pc.council_a)
    response = client.post(
        reverse("inspections:violation_eliminate", args=[violation.pk]),
        {"eliminated_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED


def test_reopen_without_a_comment_on_the_page_shows_the_field_error(client, pc, violation):
    report(violation, pc.council_a)
    client.force_login(pc.inspector_a)
    response = client.post(reverse("inspections:violation_reopen", args=[violation.pk]), {})
    assert response.status_code == 400
    assert response.context["reopen_form"].errors
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED

"""Recording an inspection on the phone flow: start, add violations with photos, proposals
and a stoppage, finalize (which issues the notice); and the rules that refuse bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inspections.models import (
    EvidencePhoto,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Notice,
    Violation,
    ViolationStatus,
    WorkStoppage,
)
from inspections.services import public_control_recording as recording
from tests.factories import linked, photo_upload, record_inspection, tiny_png
from tests.forms import post_form

pytestmark = pytest.mark.usefixtures("english")  # messages are asserted in English


@pytest.fixture
def pc(world):
    return linked(world)


def today():
    return timezone.localdate()


def start(pc, **kwargs):
    values = {"user": pc.inspector_a, "enterprise": pc.a, "date": today()}
    return recording.inspection_start(**(values | kwargs))


def add(inspection, user, **kwargs):
    values = {
        "user": user,
        "inspection": inspection,
        "description": "No guard on the conveyor",
        "deadline": inspection.date + datetime.timedelta(days=14),
    }
    return recording.violation_add(**(values | kwargs))


def test_inspector_starts_an_inspection_as_their_registry_record(pc):
    inspection = start(pc)
    assert inspection.status == InspectionStatus.DRAFT
    assert inspection.inspector == pc.inspector_a.inspector_record
    assert inspection.enterprise == pc.a
    assert inspection.created_by == pc.inspector_a


def test_inspector_without_a_registry_record_is_told_to_ask_federation_staff(world):
    with pytest.raises(ValidationError) as refusal:
        recording.inspection_start(user=world.inspector_a, enterprise=world.a, date=today())
    assert "federation staff" in " ".join(refusal.value.messages)
    assert not Inspection.objects.exists()


def test_start_page_explains_the_missing_registry_record(client, world):
    client.force_login(world.inspector_a)
    response = client.get(reverse("inspections:inspection_create"))
    assert response.status_code == 403
    assert "link your registry record" in response.content.decode()


def test_inspector_whose_record_has_ended_cannot_start(pc):
    record = pc.inspector_a.inspector_record
    record.left_on = today() - datetime.timedelta(days=1)
    record.save()
    with pytest.raises(ValidationError, match="not serving"):
        start(pc)


def test_inspector_cannot_inspect_an_enterprise_outside_their_scope(pc):
    with pytest.raises(PermissionDenied):
        start(pc, enterprise=pc.b)


@pytest.mark.parametrize("persona", ["council_a", "regional", "sector", "federation", "no_role"])
def test_only_inspectors_start_inspections(pc, persona):
    with pytest.raises(PermissionDenied):
        start(pc, user=getattr(pc, persona))


def test_an_inspection_cannot_be_dated_in_the_future(pc):
    with pytest.raises(ValidationError, match="future"):
        start(pc, date=today() + datetime.timedelta(days=1))


def test_a_joint_inspection_needs_the_state_inspectors_name(pc):
    with pytest.raises(ValidationError) as refusal:
        start(pc, kind=InspectionKind.JOINT)
    assert "state_inspector_name" in refusal.value.error_dict
    inspection = start(pc, kind=InspectionKind.JOINT, state_inspector_name="Б. Сапаров")
    assert inspection.state_inspector_name == "Б. Сапаров"


def test_the_reference_is_unique_when_given(pc):
    start(pc, reference="KRG-2025-001")
    start(pc)
    start(pc)  # blank references never clash
    with pytest.raises(ValidationError):
        start(pc, reference="KRG-2025-001")


def test_violations_are_numbered_in_the_order_they_are_added(pc):
    inspection = start(pc)
    first = add(inspection, pc.inspector_a, description="First")
    second = add(inspection, pc.inspector_a, description="Second")
    assert (first.position, second.position) == (1, 2)
    assert first.status == ViolationStatus.OPEN
    assert first.status_changes.get().to_status == ViolationStatus.OPEN


def test_a_violation_with_a_photo_keeps_the_photo_under_a_random_name(pc):
    inspection = start(pc)
    violation = add(inspection, pc.inspector_a, photo=photo_upload("IMG_0001.png"))
    photo = violation.photos.get()
    assert photo.content_type == "image/png"
    assert photo.original_name == "IMG_0001.png"
    assert "IMG_0001" not in photo.file.name
    assert photo.file.name.startswith("evidence/") and photo.file.name.endswith(".png")
    assert photo.file.read() == tiny_png()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a-not-accepted", "not an accepted type"),
        (b"%PDF-1.7 pretending", "not an accepted type"),
        (b"", "empty"),
    ],
)
def test_a_photo_that_is_not_jpeg_png_or_webp_is_refused_with_a_clear_message(pc, content, message):
    inspection = start(pc)
    with pytest.raises(ValidationError) as refusal:
        add(inspection, pc.inspector_a, photo=SimpleUploadedFile("photo.jpg", content))
    assert message in " ".join(refusal.value.messages)
    assert not Violation.objects.exists()
    assert not EvidencePhoto.objects.exists()


def test_jpeg_and_webp_are_recognised_by_their_bytes_not_their_names(pc):
    inspection = start(pc)
    jpeg = add(
        inspection,
        pc.inspector_a,
        photo=SimpleUploadedFile("x.png", b"\xff\xd8\xff\xe0" + b"0" * 20),
    )
    webp = add(
        inspection,
        pc.inspector_a,
        photo=SimpleUploadedFile("x.jpg", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
    )
    assert jpeg.photos.get().content_type == "image/jpeg"
    assert webp.photos.get().content_type == "image/webp"


def test_a_photo_over_10_mb_is_refused(pc):
    inspection = start(pc)
    big = SimpleUploadedFile("big.png", tiny_png() + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="the limit is 10.0"):
        add(inspection, pc.inspector_a, photo=big)


def test_a_deadline_before_the_inspection_is_refused(pc):
    inspection = start(pc)
    with pytest.raises(ValidationError, match="deadline"):
        add(inspection, pc.inspector_a, deadline=inspection.date - datetime.timedelta(days=1))


def test_removing_a_violation_renumbers_the_ones_after_it(pc):
    inspection = start(pc)
    first, second, third = (add(inspection, pc.inspector_a, description=d) for d in "ABC")
    recording.violation_remove(user=pc.inspector_a, violation=second)
    assert list(
        inspection.violations.order_by("position").values_list("description", "position")
    ) == [
        ("A", 1),
        ("C", 2),
    ]


def test_finalizing_issues_a_notice_listing_every_violation(pc):
    inspection = start(pc)
    violations = [add(inspection, pc.inspector_a) for _ in range(3)]
    notice = recording.inspection_finalize(user=pc.inspector_a, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FINALIZED
    assert inspection.finalized_at is not None
    assert notice.number == f"{today().year}-000001"
    assert notice.issued_on == today()
    assert set(notice.violations.all()) == set(violations)


def test_an_inspection_without_violations_is_finalized_without_a_notice(pc):
    inspection = start(pc)
    assert recording.inspection_finalize(user=pc.inspector_a, inspection=inspection) is None
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FINALIZED
    assert not Notice.objects.exists()


def test_finalizing_twice_is_refused_and_issues_no_second_notice(pc):
    inspection = record_inspection(pc.inspector_a, pc.a)
    with pytest.raises(ValidationError, match="finalized"):
        recording.inspection_finalize(user=pc.inspector_a, inspection=inspection)
    assert Notice.objects.count() == 1


def test_a_finalized_inspection_can_no_longer_be_changed(pc):
    # (A work stoppage still can: see test_stoppage_after_notice.py.)
    inspection = record_inspection(pc.inspector_a, pc.a)
    violation = inspection.violations.first()
    refusals = [
        lambda: add(inspection, pc.inspector_a),
        lambda: recording.proposal_add(
            user=pc.inspector_a, inspection=inspection, text="More light"
        ),
        lambda: recording.violation_remove(user=pc.inspector_a, violation=violation),
        lambda: recording.inspection_discard(user=pc.inspector_a, inspection=inspection),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError, match="finalized"):
            refuse()
    assert inspection.violations.count() == 2


def test_another_enterprises_inspector_cannot_add_to_a_draft(pc):
    inspection = start(pc)
    with pytest.raises(PermissionDenied):
        add(inspection, pc.inspector_b)


def test_stoppage_is_recorded_and_lifted_later(pc):
    inspection = start(pc, date=today() - datetime.timedelta(days=3))
    stoppage = recording.work_stoppage_record(
        user=pc.inspector_a,
        inspection=inspection,
        reason="Gas concentration above the limit",
        started_on=inspection.date,
    )
    recording.inspection_finalize(user=pc.inspector_a, inspection=inspection)
    assert inspection.work_stopped
    with pytest.raises(ValidationError):
        recording.work_stoppage_lift(
            user=pc.inspector_a,
            stoppage=stoppage,
            lifted_on=inspection.date - datetime.timedelta(days=1),
        )
    recording.work_stoppage_lift(user=pc.inspector_a, stoppage=stoppage, lifted_on=today())
    stoppage.refresh_from_db()
    assert stoppage.lifted_on == today()
    assert [h.lifted_on for h in stoppage.history.order_by("history_id")] == [None, today()]
    assert stoppage.history.latest().history_user == pc.inspector_a


def test_inspection_without_a_stoppage_is_not_work_stopped(pc):
    assert not record_inspection(pc.inspector_a, pc.a).work_stopped
    assert not WorkStoppage.objects.exists()


def test_discarding_a_draft_deletes_it_with_its_photo_files(pc, django_capture_on_commit_callbacks):
    inspection = start(pc)
    violation = add(inspection, pc.inspector_a, photo=photo_upload())
    photo = violation.photos.get()
    storage, name = photo.file.storage, photo.file.name
    with django_capture_on_commit_callbacks(execute=True):
        recording.inspection_discard(user=pc.inspector_a, inspection=inspection)
    assert not Inspection.objects.exists()
    assert not storage.exists(name)


# --- The same flow through the pages ---------------------------------------------------------


def test_phone_flow_through_the_pages(client, pc):
    client.force_login(pc.inspector_a)
    response = post_form(
        client,
        reverse("inspections:inspection_create"),
        {"enterprise": pc.a.pk, "date": today().isoformat(), "kind": "planned"},
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspection.get_absolute_url()

    add_url = reverse("inspections:violation_add", args=[inspection.pk])
    deadline = (today() + datetime.timedelta(days=10)).isoformat()
    response = post_form(
        client,
        add_url,
        {
            "description": "Open pit edge",
            "deadline": deadline,
            "photo": photo_upload(),
            "add_another": "1",
        },
    )
    assert response["Location"] == add_url
    post_form(client, add_url, {"description": "No helmets", "deadline": deadline})
    post_form(
        client,
        reverse("inspections:proposal_add", args=[inspection.pk]),
        {"text": "Install lighting in the tunnel"},
    )
    post_form(
        client,
        reverse("inspections:stoppage_add", args=[inspection.pk]),
        {"reason": "Gas", "started_on": today().isoformat()},
    )
    response = client.post(reverse("inspections:inspection_finalize", args=[inspection.pk]))
    assert response["Location"] == reverse("inspections:notice", args=[inspection.pk])

    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.FINALIZED
    assert list(inspection.violations.values_list("description", flat=True)) == [
        "Open pit edge",
        "No helmets",
    ]
    assert inspection.violations.first().photos.count() == 1
    assert inspection.proposals.count() == 1
    assert inspection.stoppages.count() == 1
    assert inspection.notice.violations.count() == 2


def test_bad_photo_on_the_page_shows_the_error_and_keeps_nothing(client, pc):
    inspection = start(pc)
    client.force_login(pc.inspector_a)
    response = post_form(
        client,
        reverse("inspections:violation_add", args=[inspection.pk]),
        {
            "description": "Open pit edge",
            "deadline": (today() + datetime.timedelta(days=10)).isoformat(),
            "photo": SimpleUploadedFile("x.gif", b"GIF89a...."),
        },
    )
    assert response.status_code == 200
    assert "not an accepted type" in response.content.decode()
    assert not Violation.objects.exists()


def test_the_finalize_page_refuses_a_violation_without_a_deadline(client, pc):
    inspection = start(pc)
    add(inspection, pc.inspector_a, deadline=None)
    client.force_login(pc.inspector_a)
    response = client.post(reverse("inspections:inspection_finalize", args=[inspection.pk]))
    assert response.status_code == 200
    assert "Set a deadline for violations 1" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.is_draft

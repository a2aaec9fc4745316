"""The filing page: one form with a victims formset, save as draft or submit, errors
beside the fields, nothing lost on bad input; attachments and change history."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from inspections.models import Accident, AccidentStatus, Attachment, Outcome
from tests.forms import post_form

DAY = datetime.date(2025, 5, 20)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def victim(index, **fields):
    base = {
        "full_name": "",
        "iin": "",
        "sex": "",
        "age": "",
        "occupation": "",
        "service_years": "",
        "outcome": "light",
        "died_on": "",
        "days_lost": "",
        "injury_type": "",
        "body_part": "",
    }
    base.update(fields)
    return {f"victims-{index}-{key}": value for key, value in base.items()}


def payload(enterprise, victims, action="save", **fields):
    data = {
        "enterprise": enterprise.pk,
        "date": DAY.isoformat(),
        "time": "",
        "place": "Shaft 4",
        "union": "",
        "event_type": "",
        "cause": "",
        "employer_fault_pct": "",
        "employee_fault_pct": "",
        "description": "Fell from a ladder",
        "investigation_kind": "",
        "act_number": "",
        "act_date": "",
        "commission": "",
        "action": action,
        "victims-TOTAL_FORMS": str(len(victims)),
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "1",
        "victims-MAX_NUM_FORMS": "1000",
    }
    for index, fields_of_victim in enumerate(victims):
        data.update(victim(index, **fields_of_victim))
    data.update(fields)
    return data


def test_inspector_saves_a_draft_with_two_victims(client, world):
    client.force_login(world.inspector_a)
    response = post_form(
        client,
        reverse("inspections:accident_create"),
        payload(
            world.a,
            [
                {"full_name": "Arman"},
                {"full_name": "Bota", "outcome": "fatal", "died_on": DAY.isoformat()},
            ],
        ),
    )
    accident = Accident.objects.get()
    assert response["Location"] == accident.get_absolute_url()
    assert accident.status == AccidentStatus.DRAFT
    assert list(accident.victims.values_list("position", "full_name", "outcome")) == [
        (1, "Arman", "light"),
        (2, "Bota", "fatal"),
    ]


def test_submit_button_saves_and_submits_in_one_step(client, world):
    client.force_login(world.inspector_a)
    post_form(
        client,
        reverse("inspections:accident_create"),
        payload(world.a, [{"full_name": "Arman"}], action="submit"),
    )
    assert Accident.objects.get().status == AccidentStatus.SUBMITTED


def test_errors_are_shown_beside_the_fields_and_nothing_is_saved(client, world):
    client.force_login(world.inspector_a)
    response = post_form(
        client,
        reverse("inspections:accident_create"),
        payload(
            world.a,
            [{"full_name": "Arman", "age": "12", "died_on": DAY.isoformat()}],
            employer_fault_pct="80",
            employee_fault_pct="30",
        ),
    )
    assert response.status_code == 200
    assert not Accident.objects.exists()
    assert "cannot exceed 100 %" in str(response.context["form"].errors["employee_fault_pct"])
    victim_errors = response.context["formset"].forms[0].errors
    assert "between 14 and 100" in str(victim_errors["age"])
    assert "only for a fatal outcome" in str(victim_errors["died_on"])
    # What the user typed is still there.
    assert 'value="Arman"' in response.content.decode()


def test_at_least_one_victim_is_required(client, world):
    client.force_login(world.inspector_a)
    response = post_form(client, reverse("inspections:accident_create"), payload(world.a, []))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not Accident.objects.exists()


def test_inspector_cannot_pick_another_enterprise(client, world):
    client.force_login(world.inspector_a)
    response = post_form(
        client, reverse("inspections:accident_create"), payload(world.b, [{"full_name": "X"}])
    )
    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert not Accident.objects.exists()


def test_editing_removes_a_victim_and_records_field_history(client, world):
    client.force_login(world.inspector_a)
    post_form(
        client,
        reverse("inspections:accident_create"),
        payload(world.a, [{"full_name": "Arman"}, {"full_name": "Bota"}]),
    )
    accident = Accident.objects.get()
    first, second = accident.victims.all()
    data = payload(world.a, [], place="Shaft 5", union="no")
    data.pop("enterprise")
    data.update({"victims-TOTAL_FORMS": "2", "victims-INITIAL_FORMS": "2"})
    data.update(victim(0, id=first.pk, full_name="Arman", outcome="severe"))
    data.update(victim(1, id=second.pk, full_name="Bota", DELETE="on"))
    response = post_form(client, reverse("inspections:accident_edit", args=[accident.pk]), data)
    assert response.status_code == 302
    accident.refresh_from_db()
    assert accident.place == "Shaft 5"
    assert accident.union_present is False
    assert list(accident.victims.values_list("full_name", "outcome")) == [("Arman", "severe")]

    page = client.get(accident.get_absolute_url())
    fields = {
        (change.field, str(change.old), str(change.new)) for change in page.context["history"]
    }
    assert ("place", "Shaft 4", "Shaft 5") in fields
    assert ("outcome", "Light injury", "Severe injury") in fields
    assert all(change.user == world.inspector_a for change in page.context["history"])


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n" + b"0" * 32


@pytest.fixture
def draft(world):
    from inspections.models import Victim
    from inspections.services.accidents import accident_save

    return accident_save(
        user=world.inspector_a,
        accident=Accident(enterprise=world.a, date=DAY),
        victims=[Victim(outcome=Outcome.LIGHT)],
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"), [("act.pdf", PDF, "act"), ("photo.png", PNG, "photo")]
)
def test_attachment_of_an_accepted_type_is_stored_under_a_random_name(
    client, world, draft, name, content, kind
):
    client.force_login(world.inspector_a)
    client.post(
        reverse("inspections:attachment_upload", args=[draft.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )
    attachment = Attachment.objects.get()
    assert attachment.original_name == name
    assert name not in attachment.file.name
    assert attachment.content_type in {"application/pdf", "image/png"}


def test_attachment_type_is_checked_by_content_not_by_name(client, world, draft):
    client.force_login(world.inspector_a)
    response = client.post(
        reverse("inspections:attachment_upload", args=[draft.pk]),
        {"kind": "photo", "file": SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image")},
        follow=True,
    )
    assert not Attachment.objects.exists()
    assert "not an accepted type" in response.content.decode()


def test_attachment_over_10_mb_is_refused(client, world, draft):
    client.force_login(world.inspector_a)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = client.post(
        reverse("inspections:attachment_upload", args=[draft.pk]),
        {"kind": "act", "file": big},
        follow=True,
    )
    assert not Attachment.objects.exists()
    assert "the limit is 10.0" in response.content.decode()

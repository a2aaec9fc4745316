"""draft → submitted → verified, or returned (with a comment) → submitted again; every move
recorded with who and when; illegal moves refused; fatal reports notify."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from inspections.models import Accident, AccidentStatus, Outcome, Victim
from inspections.services.accidents import (
    accident_duplicates,
    accident_return,
    accident_save,
    accident_submit,
    accident_verify,
)
from kzsafety.accounts.models import Notification
from kzsafety.accounts.tasks import send_notification_emails
from tests.factories import UserFactory

DAY = datetime.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def draft(world, victims=None, enterprise=None, user=None):
    return accident_save(
        user=user or world.inspector_a,
        accident=Accident(enterprise=enterprise or world.a, date=DAY),
        victims=victims
        or [Victim(full_name="Aibek Nurov", iin="081140000436", outcome=Outcome.LIGHT)],
    )


def statuses(accident):
    return list(accident.status_changes.values_list("from_status", "to_status", "by__username"))


def test_submit_then_verify_is_recorded_with_who(world):
    accident = draft(world)
    accident_submit(user=world.inspector_a, accident=accident)
    accident_verify(user=world.regional, accident=accident)
    accident.refresh_from_db()
    assert accident.status == AccidentStatus.VERIFIED
    assert statuses(accident) == [
        ("", "draft", "insp_a"),
        ("draft", "submitted", "insp_a"),
        ("submitted", "verified", "regional"),
    ]
    assert all(change.at for change in accident.status_changes.all())


def test_return_needs_a_comment_and_then_resubmission_works(world):
    accident = draft(world)
    accident_submit(user=world.inspector_a, accident=accident)
    with pytest.raises(ValidationError) as error:
        accident_return(user=world.regional, accident=accident, comment="  ")
    assert "Say what needs to be corrected" in " ".join(error.value.messages)
    accident_return(user=world.regional, accident=accident, comment="Add the act number")
    accident.refresh_from_db()
    assert accident.status == AccidentStatus.RETURNED
    assert accident.status_changes.last().comment == "Add the act number"

    accident.act_number = "N-1/17"
    accident_save(user=world.inspector_a, accident=accident, victims=list(accident.victims.all()))
    accident_submit(user=world.inspector_a, accident=accident)
    accident_verify(user=world.federation, accident=accident)
    assert [s[1] for s in statuses(accident)] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "verified",
    ]


def test_a_draft_cannot_be_verified(world):
    accident = draft(world)
    with pytest.raises(ValidationError) as error:
        accident_verify(user=world.federation, accident=accident)
    assert "cannot become" in " ".join(error.value.messages)
    assert Accident.objects.get(pk=accident.pk).status == AccidentStatus.DRAFT


def test_a_verified_report_cannot_be_returned_or_edited(world):
    accident = draft(world)
    accident_submit(user=world.inspector_a, accident=accident)
    accident_verify(user=world.regional, accident=accident)
    with pytest.raises(ValidationError):
        accident_return(user=world.regional, accident=accident, comment="late remark")
    with pytest.raises(PermissionDenied):
        accident_save(user=world.inspector_a, accident=accident, victims=[])
    assert Accident.objects.get(pk=accident.pk).status == AccidentStatus.VERIFIED


def test_submitted_report_cannot_be_submitted_again(world):
    accident = draft(world)
    accident_submit(user=world.inspector_a, accident=accident)
    with pytest.raises(PermissionDenied):
        accident_submit(user=world.inspector_a, accident=accident)


def test_inspector_cannot_verify_their_own_report(world):
    accident = draft(world)
    accident_submit(user=world.inspector_a, accident=accident)
    with pytest.raises(PermissionDenied):
        accident_verify(user=world.inspector_a, accident=accident)


def test_regional_staff_of_another_region_cannot_verify(world):
    accident = draft(world, enterprise=world.b, user=world.inspector_b)
    accident_submit(user=world.inspector_b, accident=accident)
    with pytest.raises(PermissionDenied):
        accident_verify(user=world.regional, accident=accident)
    assert Accident.objects.get(pk=accident.pk).status == AccidentStatus.SUBMITTED


def test_report_without_victims_cannot_be_submitted(world):
    accident = draft(world)
    accident.victims.all().delete()
    with pytest.raises(ValidationError) as error:
        accident_submit(user=world.inspector_a, accident=accident)
    assert "at least one victim" in " ".join(error.value.messages)


def test_same_enterprise_date_and_victim_iin_is_a_duplicate_that_needs_a_reason(world):
    first = draft(world)
    accident_submit(user=world.inspector_a, accident=first)
    second = draft(
        world, victims=[Victim(full_name="Other name", iin="081140000436", outcome=Outcome.LIGHT)]
    )
    assert list(accident_duplicates(second)) == [first]
    with pytest.raises(ValidationError) as error:
        accident_submit(user=world.inspector_a, accident=second)
    assert error.value.code == "duplicate"
    assert Accident.objects.get(pk=second.pk).status == AccidentStatus.DRAFT

    accident_submit(
        user=world.inspector_a, accident=second, duplicate_reason="Second fall the same day"
    )
    second.refresh_from_db()
    assert second.status == AccidentStatus.SUBMITTED
    assert second.duplicate_reason == "Second fall the same day"


def test_same_victim_name_in_other_case_is_a_duplicate_too(world):
    draft(world, victims=[Victim(full_name="Aibek Nurov", outcome=Outcome.LIGHT)])
    second = draft(world, victims=[Victim(full_name="  aibek nurov ", outcome=Outcome.LIGHT)])
    assert accident_duplicates(second).count() == 1


def test_different_date_is_not_a_duplicate(world):
    draft(world)
    other = accident_save(
        user=world.inspector_a,
        accident=Accident(enterprise=world.a, date=DAY - datetime.timedelta(days=1)),
        victims=[Victim(full_name="Aibek Nurov", iin="081140000436", outcome=Outcome.LIGHT)],
    )
    assert not accident_duplicates(other).exists()


def test_submitting_a_fatal_report_notifies_regional_and_federation_staff(
    world, django_capture_on_commit_callbacks
):
    world.regional.email = "regional@example.kz"
    world.regional.language = "ru"
    world.regional.save()
    other_region = UserFactory(role="regional_staff", region=world.b.region, email="o@example.kz")
    accident = draft(world, victims=[Victim(full_name="A", outcome=Outcome.FATAL, died_on=DAY)])
    with django_capture_on_commit_callbacks(execute=True):
        accident_submit(user=world.inspector_a, accident=accident)
    recipients = set(Notification.objects.values_list("user__username", flat=True))
    assert recipients == {"regional", "federation"}
    assert not Notification.objects.filter(user=other_region).exists()
    russian = Notification.objects.get(user=world.regional)
    with translation.override("ru"):  # the reader's language, at reading time
        assert russian.text.startswith("Смертельный несчастный случай")
    assert russian.url == accident.get_absolute_url()
    # The e-mail task ran (in-process in tests); only users with an address get one.
    assert [message.to for message in mail.outbox] == [["regional@example.kz"]]
    assert mail.outbox[0].subject.startswith("Смертельный несчастный случай")


def test_notification_emails_are_sent_once_even_if_the_task_runs_twice(world):
    world.federation.email = "fed@example.kz"
    world.federation.save()
    notification = Notification.objects.create(user=world.federation, message="Fatal", url="/x/")
    assert send_notification_emails([notification.pk]) == 1
    assert send_notification_emails([notification.pk]) == 0
    assert len(mail.outbox) == 1


def test_non_fatal_report_notifies_nobody(world):
    accident = draft(world)
    accident_submit(user=world.inspector_a, accident=accident)
    assert not Notification.objects.exists()

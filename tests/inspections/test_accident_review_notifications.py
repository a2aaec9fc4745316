"""The inspector hears when their report is returned (with the reviewer's comment) and when
it is verified; a fatal report is announced once, however often it is returned and
submitted again; every notice names the report's reference."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from inspections.models import Accident, Outcome, Victim
from inspections.notifications import ACCIDENT_RETURNED, ACCIDENT_VERIFIED, FATAL_ACCIDENT
from inspections.services.accidents import (
    accident_return,
    accident_save,
    accident_submit,
    accident_verify,
)
from kzsafety.accounts.models import Notification

DAY = datetime.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def submitted(world, *, fatal=False, reference="KRG-2025-017"):
    outcome = Outcome.FATAL if fatal else Outcome.LIGHT
    accident = accident_save(
        user=world.inspector_a,
        accident=Accident(enterprise=world.a, date=DAY, reference=reference),
        victims=[Victim(full_name="Aibek Nurov", outcome=outcome, died_on=DAY if fatal else None)],
    )
    return accident_submit(user=world.inspector_a, accident=accident)


def test_a_returned_report_notifies_the_inspector_who_filed_it_with_the_comment(world):
    accident = submitted(world)
    accident_return(user=world.regional, accident=accident, comment="Add the act number")
    notification = Notification.objects.get(kind=ACCIDENT_RETURNED)
    assert notification.user == world.inspector_a
    assert "KRG-2025-017" in notification.text
    assert "Add the act number" in notification.text
    assert notification.url == accident.get_absolute_url()
    assert not Notification.objects.exclude(user=world.inspector_a).exists()


def test_a_report_without_a_reference_is_named_by_its_number(world):
    accident = submitted(world, reference="")
    accident_return(user=world.regional, accident=accident, comment="Add the act number")
    assert f"No. {accident.pk}" in Notification.objects.get(kind=ACCIDENT_RETURNED).text


def test_a_verified_report_notifies_the_inspector_once(world):
    accident = submitted(world)
    accident_verify(user=world.regional, accident=accident)
    notification = Notification.objects.get(kind=ACCIDENT_VERIFIED)
    assert notification.user == world.inspector_a
    assert notification.text == (
        "Your accident report KRG-2025-017 (A Mining Karaganda, 14.03.2025) was verified."
    )
    with translation.override("ru"):  # the date follows the reader's language
        assert "14.03.2025" in notification.text


def test_a_report_returned_twice_tells_the_inspector_twice(world):
    accident = submitted(world)
    accident_return(user=world.regional, accident=accident, comment="First")
    accident_submit(user=world.inspector_a, accident=accident)
    accident_return(user=world.regional, accident=accident, comment="Second")
    texts = [n.text for n in Notification.objects.filter(kind=ACCIDENT_RETURNED)]
    assert sorted(text.rsplit(": ", 1)[-1] for text in texts) == ["First", "Second"]


def test_a_reviewer_who_filed_the_report_is_not_told_of_their_own_review(world):
    accident = accident_save(
        user=world.regional,
        accident=Accident(enterprise=world.a, date=DAY),
        victims=[Victim(full_name="Aibek Nurov", outcome=Outcome.LIGHT)],
    )
    accident_submit(user=world.regional, accident=accident)
    accident_verify(user=world.regional, accident=accident)
    assert not Notification.objects.exists()


def test_a_fatal_report_returned_and_submitted_again_is_announced_once_per_recipient(world):
    accident = submitted(world, fatal=True)
    accident_return(user=world.regional, accident=accident, comment="Add the victim's age")
    accident_submit(user=world.inspector_a, accident=accident)
    fatal = Notification.objects.filter(kind=FATAL_ACCIDENT)
    assert sorted(fatal.values_list("user__username", flat=True)) == ["federation", "regional"]
    assert "Report KRG-2025-017." in fatal.first().text


def test_the_returned_notice_is_e_mailed_to_the_inspector(
    world, django_capture_on_commit_callbacks
):
    world.inspector_a.email = "insp@example.kz"
    world.inspector_a.language = "en"
    world.inspector_a.save()
    accident = submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        accident_return(user=world.regional, accident=accident, comment="Add the act number")
    assert [m.to for m in mail.outbox] == [["insp@example.kz"]]
    assert "Add the act number" in mail.outbox[0].body

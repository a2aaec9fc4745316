"""The weekly digest: what is due and overdue in the reader's scope with counts and links,
the notifications they chose to read only there, the national picture by region for
federation staff; sent once per user per ISO week, in the user's language."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from councils.models import DecisionStatus
from inspections.models import AccidentStatus
from inspections.notifications import FATAL_ACCIDENT
from kzsafety.accounts.digest import digest_compose, digests_send, iso_week
from kzsafety.accounts.models import Delivery, DigestSubscription, Notification
from kzsafety.accounts.models import NotificationPreference as Preference
from kzsafety.accounts.notify import notify
from tests.councils.factories import CouncilFactory, DecisionFactory, MeetingFactory
from tests.factories import InspectionFactory, ViolationFactory
from tests.inspections.accident_factories import AccidentFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 6, 16)
FATAL = {"enterprise": "Qarmet", "date": "2025-03-07", "deaths": 2}


def days(n: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=n)


@pytest.fixture
def scene(world):
    """At A (Karaganda): one violation overdue, one due in 3 days, one due in a month, one
    overdue decision, a returned and a submitted report. At B (Pavlodar): two violations
    overdue, a submitted report."""
    for enterprise, overdue in ((world.a, 1), (world.b, 2)):
        inspection = InspectionFactory(
            enterprise=enterprise, inspector=enterprise.inspectors.first(), date=days(-40)
        )
        for _ in range(overdue):
            ViolationFactory(inspection=inspection, deadline=days(-3))
        AccidentFactory(enterprise=enterprise, status=AccidentStatus.SUBMITTED)
    inspection_a = world.a.inspections.first()
    ViolationFactory(inspection=inspection_a, deadline=days(3))
    ViolationFactory(inspection=inspection_a, deadline=days(30))
    AccidentFactory(enterprise=world.a, status=AccidentStatus.RETURNED)
    meeting = MeetingFactory(council=CouncilFactory(enterprise=world.a), date=days(-60))
    DecisionFactory(meeting=meeting, deadline=days(-1), status=DecisionStatus.OPEN)
    for user in (world.inspector_a, world.regional, world.federation):
        user.email = f"{user.username}@example.kz"
        user.language = "en"
        user.save()
        DigestSubscription.objects.create(user=user, wanted=True)
    return world


def counts(digest) -> dict[str, int]:
    return {line.label: line.count for section in digest.sections for line in section.lines}


def test_an_inspectors_digest_counts_their_enterprise(scene, english):
    digest = digest_compose(scene.inspector_a, MONDAY)
    assert counts(digest) == {
        "Reports returned for correction": 1,
        "Overdue violations": 1,
        "Violations due within 7 days": 1,
        "Overdue council decisions": 1,
    }
    assert digest.region_columns == []


def test_regional_staff_get_their_region_and_the_reports_awaiting_them(scene, english):
    digest = digest_compose(scene.regional, MONDAY)
    assert counts(digest)["Overdue violations"] == 1  # A only: B is in Pavlodar
    assert counts(digest)["Reports awaiting verification"] == 1
    assert digest.region_columns == []


def test_federation_staff_get_the_country_and_a_table_by_region(scene, english):
    digest = digest_compose(scene.federation, MONDAY)
    assert counts(digest)["Overdue violations"] == 3
    assert counts(digest)["Reports awaiting verification"] == 2
    rows = {name: dict(cells) for name, cells in digest.region_rows}
    karaganda = rows[scene.a.region.name_en]
    pavlodar = rows[scene.b.region.name_en]
    assert karaganda["Overdue violations"] == 1
    assert karaganda["Violations due within 7 days"] == 1
    assert karaganda["Overdue council decisions"] == 1
    assert pavlodar["Overdue violations"] == 2
    assert pavlodar["Overdue council decisions"] == 0
    assert len(rows) == 20  # every region, zeros included


def test_the_digest_e_mail_has_counts_links_and_the_settings_link(scene):
    assert digests_send(MONDAY) == 3
    message = next(m for m in mail.outbox if m.to == ["insp_a@example.kz"])
    site = settings.SITE_URL.rstrip("/")
    overdue = f"{site}{reverse('inspections:violation_list')}?overdue=yes"
    assert "Overdue violations: 1" in message.body
    assert overdue in message.body
    assert f"{site}{reverse('accounts:notification_settings')}" in message.body
    html = message.alternatives[0][0]
    assert f'href="{overdue}"' in html
    federation = next(m for m in mail.outbox if m.to == ["federation@example.kz"])
    assert "Pavlodar Region: " in federation.body
    assert "Abai Region" not in federation.body  # nothing there: left out of the text
    assert "<td>Abai Region</td>" in federation.alternatives[0][0]  # the full table


def test_the_digest_is_written_in_the_users_language(scene):
    scene.inspector_a.language = "ru"
    scene.inspector_a.save()
    digests_send(MONDAY)
    message = next(m for m in mail.outbox if m.to == ["insp_a@example.kz"])
    # Section titles already in the catalogue; the new lines follow when it is updated.
    assert "Нарушения" in message.body
    assert "\nViolations\n" not in message.body


def test_running_twice_in_a_week_sends_one_digest_and_next_week_another(scene):
    assert digests_send(MONDAY) == 3
    assert digests_send(days(2)) == 0  # Wednesday of the same ISO week
    assert len(mail.outbox) == 3
    assert digests_send(days(7)) == 3
    assert DigestSubscription.objects.get(user=scene.regional).last_week == iso_week(days(7))


def test_digest_only_notifications_go_into_the_next_digest_once(scene, english):
    Preference.objects.create(user=scene.regional, kind=FATAL_ACCIDENT, delivery=Delivery.DIGEST)
    DigestSubscription.objects.filter(user=scene.regional).update(wanted=False)
    notify([scene.regional], kind=FATAL_ACCIDENT, params=FATAL, url="/accidents/9/")
    assert mail.outbox == []  # not e-mailed on its own
    digests_send(MONDAY)
    message = next(m for m in mail.outbox if m.to == ["regional@example.kz"])
    assert "Fatal accident reported: Qarmet" in message.body
    assert Notification.objects.get(user=scene.regional).emailed_at is not None
    mail.outbox.clear()
    digests_send(days(7))
    message = next(m for m in mail.outbox if m.to == ["regional@example.kz"])
    assert "Qarmet" not in message.body


def test_users_who_did_not_ask_get_no_digest(scene):
    DigestSubscription.objects.filter(user=scene.inspector_a).update(wanted=False)
    digests_send(MONDAY)
    assert ["insp_a@example.kz"] not in [m.to for m in mail.outbox]


def test_the_digest_is_scheduled_on_monday_morning_in_almaty():
    entry = settings.CELERY_BEAT_SCHEDULE["send-weekly-digests"]
    assert entry["task"] == "kzsafety.accounts.send_weekly_digests"
    assert entry["schedule"].day_of_week == {1}
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({8}, {0})
    assert settings.CELERY_TIMEZONE == "Asia/Almaty"

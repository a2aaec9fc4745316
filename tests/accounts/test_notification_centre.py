"""The notification centre: unread first, then the newest; opening one marks it read and
follows its link (only within the site); mark all read; filter by kind; the counter in the
navigation, one query; pages of 25; an empty state. Another user's notification is 404."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.notifications import EXPORT_READY, FATAL_ACCIDENT
from kzsafety.accounts.context_processors import navigation
from kzsafety.accounts.models import Delivery, Notification
from kzsafety.accounts.notify import notify

pytestmark = pytest.mark.django_db

FATAL = {"enterprise": "Qarmet", "date": "2025-03-07", "deaths": 2}
READY = {"export": "violations", "file": "violations.xlsx", "days": 7}
CENTRE = reverse("accounts:notifications")


def fatal(user, enterprise="Qarmet", url="/accidents/1/"):
    notify([user], kind=FATAL_ACCIDENT, params={**FATAL, "enterprise": enterprise}, url=url)
    return Notification.objects.filter(user=user).latest("pk")


def shown(response) -> list[str]:
    return [item.text for item in response.context["page"].object_list]


@pytest.fixture
def signed_in(client, world, english):
    client.force_login(world.federation)
    return client


def test_unread_notifications_come_first_then_the_newest(signed_in, world):
    old_unread = fatal(world.federation, "Old unread")
    new_read = fatal(world.federation, "New read")
    newest_unread = fatal(world.federation, "Newest unread")
    Notification.objects.filter(pk=new_read.pk).update(read_at=timezone.now())
    texts = shown(signed_in.get(CENTRE))
    assert texts == [newest_unread.text, old_unread.text, new_read.text]


def test_opening_a_notification_marks_it_read_and_follows_its_link(signed_in, world):
    notification = fatal(world.federation, url="/inspections/accidents/7/")
    response = signed_in.get(reverse("accounts:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/inspections/accidents/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x", ""]
)
def test_a_link_off_the_site_leads_back_to_the_centre(signed_in, world, url):
    notification = fatal(world.federation, url=url)
    response = signed_in.get(reverse("accounts:notification_open", args=[notification.pk]))
    assert response["Location"] == CENTRE


def test_another_users_notification_is_not_found_and_stays_unread(signed_in, world):
    theirs = fatal(world.regional)
    response = signed_in.get(reverse("accounts:notification_open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_is_sent_to_log_in(client, world):
    notification = fatal(world.federation)
    for url in (
        CENTRE,
        reverse("accounts:notification_open", args=[notification.pk]),
        reverse("accounts:notification_settings"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_mark_all_read_marks_only_the_users_own(signed_in, world):
    fatal(world.federation)
    fatal(world.federation)
    theirs = fatal(world.regional)
    response = signed_in.post(reverse("accounts:notifications_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=world.federation, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_kind_filter_offers_the_users_kinds_and_filters_by_one(signed_in, world):
    fatal(world.federation)
    notify([world.federation], kind=EXPORT_READY, params=READY, url="/x/")
    page = signed_in.get(CENTRE)
    choices = dict(page.context["form"].fields["kind"].choices)
    assert set(choices) == {"", FATAL_ACCIDENT, EXPORT_READY}
    assert choices[FATAL_ACCIDENT] == "Fatal accidents"
    filtered = shown(signed_in.get(CENTRE, {"kind": EXPORT_READY}))
    assert len(filtered) == 1 and filtered[0].startswith("Your download is ready")


def test_a_kind_the_user_does_not_have_filters_to_nothing_with_a_message(signed_in, world):
    fatal(world.federation)
    response = signed_in.get(CENTRE, {"kind": "no_such_kind"})
    assert response.status_code == 200
    assert shown(response) == []
    assert response.context["form"].errors


def test_the_counter_counts_unread_ones_but_not_digest_only_ones_in_one_query(
    world, django_assert_num_queries
):
    fatal(world.federation)
    fatal(world.federation)
    digest = fatal(world.federation)
    Notification.objects.filter(pk=digest.pk).update(delivery=Delivery.DIGEST)
    Notification.objects.filter(pk=fatal(world.federation).pk).update(read_at=timezone.now())
    request = RequestFactory().get("/")
    request.user = world.federation
    with django_assert_num_queries(1):
        assert navigation(request)["unread_notifications"] == 2


def test_a_digest_only_notification_is_listed_but_not_as_unread(signed_in, world):
    digest = fatal(world.federation, "Digest only")
    Notification.objects.filter(pk=digest.pk).update(delivery=Delivery.DIGEST)
    fatal(world.federation, "Plain")
    response = signed_in.get(CENTRE)
    items = list(response.context["page"].object_list)
    assert [item.is_unread for item in items] == [True, False]
    assert response.context["unread_notifications"] == 1


def test_the_centre_shows_pages_of_25(signed_in, world):
    for number in range(27):
        fatal(world.federation, f"E{number}")
    first = signed_in.get(CENTRE)
    assert len(shown(first)) == 25
    assert len(shown(signed_in.get(CENTRE, {"page": 2}))) == 2


def test_an_empty_centre_says_so(signed_in):
    response = signed_in.get(CENTRE)
    assert "No notifications" in response.content.decode()


def test_a_notification_from_before_kinds_still_shows_its_message(signed_in, world):
    Notification.objects.create(user=world.federation, message="Old text", url="/x/")
    assert shown(signed_in.get(CENTRE)) == ["Old text"]
    assert "Old text" in signed_in.get(CENTRE).content.decode()


def test_the_centre_reads_the_same_number_of_queries_for_3_or_25_notifications(signed_in, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(CENTRE).status_code == 200
        return len(captured)

    for number in range(3):
        fatal(world.federation, f"E{number}")
    few = queries()
    for number in range(22):
        fatal(world.federation, f"F{number}")
    assert queries() == few

"""Each user chooses per kind how they hear about it; notify_many honours the choice as it
writes (one query per batch for the choices): in the app only -> a row, no e-mail; e-mail
too -> a row and an e-mail (to users with an address); weekly digest only -> a row that is
neither unread nor e-mailed. The e-mail is in the reader's language, with a link to the
record and one to the settings page."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.notifications import ACCIDENT_RETURNED, ACCIDENT_VERIFIED, FATAL_ACCIDENT
from kzsafety.accounts.models import Delivery, DigestSubscription, Notification
from kzsafety.accounts.models import NotificationPreference as Preference
from kzsafety.accounts.notify import KINDS, Note, notify, notify_many, register_kind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FATAL = {"enterprise": "Qarmet", "date": "2025-03-07", "deaths": 2, "id": 5, "reference": ""}
SETTINGS = reverse("accounts:notification_settings")


def with_address(language="en", **more):
    return UserFactory(
        email=f"u{UserFactory._meta.model.objects.count()}@example.kz", language=language, **more
    )


def choose(user, kind, delivery):
    Preference.objects.create(user=user, kind=kind, delivery=delivery)


def test_each_choice_is_honoured_when_written(django_capture_on_commit_callbacks):
    in_app, email, digest, default = (with_address() for _ in range(4))
    choose(in_app, FATAL_ACCIDENT, Delivery.IN_APP)
    choose(email, FATAL_ACCIDENT, Delivery.EMAIL)
    choose(digest, FATAL_ACCIDENT, Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([in_app, email, digest, default], kind=FATAL_ACCIDENT, params=FATAL) == 4
    deliveries = dict(Notification.objects.values_list("user_id", "delivery"))
    assert deliveries == {
        in_app.pk: Delivery.IN_APP,
        email.pk: Delivery.EMAIL,
        digest.pk: Delivery.DIGEST,
        default.pk: Delivery.EMAIL,  # the kind's default
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([email.email, default.email])
    assert digest.notifications.unread().count() == 0
    assert in_app.notifications.unread().count() == 1


def test_a_kind_may_default_to_the_app_only(django_capture_on_commit_callbacks):
    user = with_address()
    params = {**FATAL, "date": "2025-03-07"}
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], kind=ACCIDENT_VERIFIED, params=params)
    assert Notification.objects.get().delivery == Delivery.IN_APP
    assert mail.outbox == []


def test_a_user_without_an_address_gets_the_row_and_no_e_mail(django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], kind=FATAL_ACCIDENT, params=FATAL)
    assert Notification.objects.filter(user=user).count() == 1
    assert mail.outbox == []


def test_the_choices_of_a_batch_are_read_in_one_query_whatever_its_size():
    def queries(count: int) -> int:
        users = [UserFactory() for _ in range(count)]
        for user in users[::2]:
            choose(user, FATAL_ACCIDENT, Delivery.IN_APP)
        notes = [Note(user.pk, FATAL_ACCIDENT, FATAL, key=f"k{user.pk}") for user in users]
        with CaptureQueriesContext(connection) as captured:
            notify_many(notes)
        return len(captured)

    assert queries(2) == queries(30)


def test_the_e_mail_is_in_the_readers_language_with_the_record_and_settings_links(
    django_capture_on_commit_callbacks,
):
    russian, english = with_address("ru"), with_address("en")
    with django_capture_on_commit_callbacks(execute=True):
        notify([russian, english], kind=FATAL_ACCIDENT, params=FATAL, url="/accidents/5/")
    by_address = {message.to[0]: message for message in mail.outbox}
    site = settings.SITE_URL.rstrip("/")
    for user, opening in ((russian, "Смертельный"), (english, "Fatal accident")):
        message = by_address[user.email]
        assert message.subject.startswith(opening)
        assert message.body.startswith(opening)
        assert f"{site}/accidents/5/" in message.body
        assert f"{site}{SETTINGS}" in message.body
    assert "07.03.2025" in by_address[russian.email].body  # the date in Russian form


def test_a_user_without_a_language_gets_the_sites_language(django_capture_on_commit_callbacks):
    user = with_address(language="")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], kind=FATAL_ACCIDENT, params=FATAL)
    assert settings.LANGUAGE_CODE == "kk"
    assert not mail.outbox[0].subject.startswith(("Fatal", "Смертельный"))


# --- the settings page ----------------------------------------------------------------------


def test_the_settings_page_shows_only_the_kinds_of_the_users_role(client, world, english):
    client.force_login(world.inspector_a)
    fields = client.get(SETTINGS).context["form"].fields
    assert f"kind_{ACCIDENT_RETURNED}" in fields
    assert f"kind_{FATAL_ACCIDENT}" not in fields  # for regional and federation staff
    client.force_login(world.regional)
    assert f"kind_{FATAL_ACCIDENT}" in client.get(SETTINGS).context["form"].fields


def test_choices_are_saved_and_a_default_keeps_no_row(client, world, english):
    client.force_login(world.regional)
    form = client.get(SETTINGS).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if name != "weekly_digest"}
    data[f"kind_{FATAL_ACCIDENT}"] = Delivery.DIGEST
    data["weekly_digest"] = "on"
    response = client.post(SETTINGS, data)
    assert response.status_code == 302
    assert list(world.regional.notification_preferences.values_list("kind", "delivery")) == [
        (FATAL_ACCIDENT, Delivery.DIGEST)
    ]
    assert DigestSubscription.objects.get(user=world.regional).wanted is True
    # Back to the default: the row goes.
    data[f"kind_{FATAL_ACCIDENT}"] = KINDS[FATAL_ACCIDENT].default_delivery
    client.post(SETTINGS, data)
    assert not world.regional.notification_preferences.exists()


def test_a_bad_choice_is_refused_with_a_message(client, world, english):
    client.force_login(world.regional)
    response = client.post(SETTINGS, {f"kind_{FATAL_ACCIDENT}": "carrier_pigeon"})
    assert response.status_code == 200
    assert response.context["form"].errors[f"kind_{FATAL_ACCIDENT}"]
    assert not world.regional.notification_preferences.exists()


def test_register_kind_refuses_an_unknown_default_delivery():
    with pytest.raises(ValueError):
        register_kind("test_kind", label="x", render=str, default_delivery="fax")
    assert "test_kind" not in KINDS

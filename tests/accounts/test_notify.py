"""Notifications are stored as facts and written in the reader's language when read."""

import pytest
from django.core import mail
from django.utils import translation

from inspections.notifications import FATAL_ACCIDENT
from kzsafety.accounts.models import Notification
from kzsafety.accounts.notify import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FACT = {"enterprise": "Qarmet", "date": "2025-03-07", "deaths": 2}


def test_a_notification_reads_in_the_language_of_the_moment_not_of_its_writing():
    user = UserFactory(language="ru")
    notify([user], kind=FATAL_ACCIDENT, params=FACT, url="/a/1/")
    notification = Notification.objects.get(user=user)
    with translation.override("ru"):
        russian = notification.text
    with translation.override("kk"):
        kazakh = notification.text
    assert "Qarmet" in russian and "Qarmet" in kazakh
    assert russian.startswith("Смертельный")
    assert russian != kazakh


def test_a_key_makes_a_notification_once_only_per_user(django_capture_on_commit_callbacks):
    first, second = UserFactory(email="a@example.kz"), UserFactory(email="b@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([first], kind=FATAL_ACCIDENT, params=FACT, key="accident:1") == 1
        assert notify([first, second], kind=FATAL_ACCIDENT, params=FACT, key="accident:1") == 1
        assert notify([first, second], kind=FATAL_ACCIDENT, params=FACT, key="accident:1") == 0
    assert Notification.objects.filter(key="accident:1").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.kz", "b@example.kz"]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        notify([UserFactory()], kind="no_such_kind", params={})
    assert not Notification.objects.exists()

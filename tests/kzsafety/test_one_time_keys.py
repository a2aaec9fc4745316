"""kzsafety.idempotency.create_once, as the offline app and the API will call it with a key
the client made: the first call creates, a repeat answers with the first record, a refused
create leaves the key free."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils.models import Council
from councils.services.registry import council_create
from kzsafety.idempotency import create_once, first_result, new_key
from kzsafety.idempotency.models import OnceKey

KEY = "3f2b8c1e-7a4d-4e0b-9c55-1d2e3f4a5b6c"  # a device-made UUID


def _create(world, day=datetime.date(2024, 2, 1)):
    return lambda: council_create(user=world.federation, enterprise=world.a, established_on=day)


def test_the_first_call_creates_and_a_repeat_answers_with_the_first_record(world):
    first, created = create_once(user=world.federation, key=KEY, create=_create(world))
    again, created_again = create_once(user=world.federation, key=KEY, create=_create(world))

    assert (created, created_again) == (True, False)
    assert again == first and Council.objects.count() == 1
    assert first_result(world.federation, KEY) == first


def test_a_refused_create_leaves_the_key_free_for_the_corrected_one(world):
    with pytest.raises(ValidationError):
        create_once(
            user=world.federation, key=KEY, create=_create(world, datetime.date(2999, 1, 1))
        )
    assert not OnceKey.objects.exists()

    council, created = create_once(user=world.federation, key=KEY, create=_create(world))

    assert created and Council.objects.get() == council


def test_the_same_key_of_two_people_makes_two_records(world):
    create_once(user=world.federation, key=KEY, create=_create(world))
    other = lambda: council_create(  # noqa: E731
        user=world.regional, enterprise=world.c, established_on=datetime.date(2024, 2, 1)
    )
    _council, created = create_once(user=world.regional, key=KEY, create=other)
    assert created and Council.objects.count() == 2


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "has spaces in it, 1234567"])
def test_a_key_that_is_not_a_key_is_refused(world, key):
    with pytest.raises(ValueError):
        create_once(user=world.federation, key=key, create=_create(world))
    assert first_result(world.federation, key) is None


def test_keys_made_for_forms_are_keys():
    from kzsafety.idempotency import KEY_PATTERN

    assert KEY_PATTERN.match(new_key())


def test_a_key_whose_record_was_deleted_since_is_refused_not_used_again(world):
    council, _created = create_once(user=world.federation, key=KEY, create=_create(world))
    council.delete()

    with pytest.raises(ValidationError) as refusal:
        create_once(user=world.federation, key=KEY, create=_create(world))

    assert refusal.value.code == "used_key"
    assert not Council.objects.exists()


def test_keys_older_than_the_kept_days_are_forgotten_and_newer_ones_kept(world, settings):
    from kzsafety.idempotency.tasks import forget_old_keys

    settings.ONCE_KEY_DAYS = 30
    old, _ = create_once(user=world.federation, key=KEY, create=_create(world))
    recent_key = new_key()
    create_once(
        user=world.federation,
        key=recent_key,
        create=lambda: council_create(
            user=world.federation, enterprise=world.c, established_on=datetime.date(2025, 3, 1)
        ),
    )
    now = timezone.now()
    OnceKey.objects.filter(key=KEY).update(created_at=now - datetime.timedelta(days=31))
    OnceKey.objects.filter(key=recent_key).update(created_at=now - datetime.timedelta(days=29))

    assert forget_old_keys() == 1  # the nightly task, run in this process

    assert list(OnceKey.objects.values_list("key", flat=True)) == [recent_key]
    assert first_result(world.federation, KEY) is None
    assert Council.objects.filter(pk=old.pk).exists()  # the record itself stays


def test_beat_forgets_old_keys_every_night():
    from kzsafety.celery import app

    entry = app.conf.beat_schedule["forget-old-one-time-keys"]
    assert entry["task"] == "kzsafety.idempotency.forget_old_keys"
    assert entry["task"] in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {30})


def test_a_repeat_with_the_same_fingerprint_answers_with_the_first_record(world):
    first, _created = create_once(
        user=world.federation, key=KEY, create=_create(world), fingerprint="a" * 64
    )
    again, created = create_once(
        user=world.federation, key=KEY, create=_create(world), fingerprint="a" * 64
    )
    assert not created and again == first and Council.objects.count() == 1


def test_a_repeat_of_the_key_with_another_request_is_refused_as_reused(world):
    create_once(user=world.federation, key=KEY, create=_create(world), fingerprint="a" * 64)

    with pytest.raises(ValidationError) as refusal:
        create_once(user=world.federation, key=KEY, create=_create(world), fingerprint="b" * 64)
    with pytest.raises(ValidationError):
        first_result(world.federation, KEY, "b" * 64)

    assert refusal.value.code == "key_reused"
    assert Council.objects.count() == 1

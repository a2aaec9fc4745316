"""One-time keys: a create sent twice with the same key makes one record, and the second
request is answered with the first one's record.

The key row is inserted first, in the same transaction as the record. On PostgreSQL a
second transaction inserting the same (user, key) waits on the unique index until the
first one ends: if it committed, the second gets an IntegrityError and reads the first's
record; if it rolled back (the write was refused), the second goes ahead. Forms use it
through kzsafety.formtools (OnceKeyMixin, create_once, answers_repeats); the offline app
and the API can call create_once() with the key the client made.

A client-made key may be sent again by mistake with another request. The API passes a
fingerprint of the request (method, path, body) with the key: a repeat whose fingerprint
differs is refused with the code "key_reused" instead of being answered with a record it
did not ask for."""

import datetime
import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

# What a client may send: the form's token_urlsafe, a UUID, a device-made key.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

R = TypeVar("R", bound=Model)

KEY_REUSED = "key_reused"


def new_key() -> str:
    return secrets.token_urlsafe(24)


def first_result(user, key: str, fingerprint: str | None = None) -> Model | None:
    """The record an earlier, committed request with this key created, or None. With a
    `fingerprint`, an earlier request that was a different one is refused (KEY_REUSED)."""
    from kzsafety.idempotency.models import OnceKey

    if not user.is_authenticated or not KEY_PATTERN.match(key or ""):
        return None
    found = (
        OnceKey.objects.filter(user=user, key=key, object_id__isnull=False)
        .select_related("content_type")
        .first()
    )
    if found is None:
        return None
    if fingerprint is not None and found.fingerprint != fingerprint:
        raise ValidationError(
            _(
                "This Idempotency-Key was already used for a different request. Make a new "
                "key for each new record."
            ),
            code=KEY_REUSED,
        )
    return found.record


def forget_old_keys(*, now: datetime.datetime | None = None) -> int:
    """Delete the keys older than ONCE_KEY_DAYS; returns how many. A repeat of one after
    that is a new create, as for a key never seen."""
    from kzsafety.idempotency.models import OnceKey

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ONCE_KEY_DAYS)
    deleted, _by_model = OnceKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def create_once(
    *, user, key: str, create: Callable[[], R], fingerprint: str | None = None
) -> tuple[R, bool]:
    """Run `create` (a write function that returns the new record) unless a request with
    this key already did: returns (record, True) the first time and (the first request's
    record, False) after. A refusal (ValidationError) inside `create` rolls the key back
    with the record, so the corrected form can be sent again with the same key. A
    `fingerprint` (see the module's docstring) is kept with the key and compared on a
    repeat."""
    from django.contrib.contenttypes.models import ContentType

    from kzsafety.idempotency.models import OnceKey

    if not KEY_PATTERN.match(key or ""):
        raise ValueError("not a one-time key")
    try:
        with transaction.atomic():
            claim = OnceKey.objects.create(user=user, key=key, fingerprint=fingerprint or "")
            record = create()
            claim.content_type = ContentType.objects.get_for_model(record)
            claim.object_id = record.pk
            claim.save(update_fields=["content_type", "object_id"])
    except IntegrityError:
        if not OnceKey.objects.filter(user=user, key=key).exists():
            raise  # not the key: a constraint of the record itself
        first = first_result(user, key, fingerprint)
        if first is None:
            # The first request's record has been deleted since; do not make it again.
            raise ValidationError(
                _("This form was already sent; reload the page to send a new one."),
                code="used_key",
            ) from None
        return first, False
    return record, True

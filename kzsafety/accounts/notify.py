"""Notifications as facts, rendered in the reader's language.

An app registers each kind of notification once (`register_kind`) with a label and a
function that turns the stored `params` into a sentence; the sentence is built when the
notification is read or e-mailed, under the reader's language, so switching language
changes old notifications too. `notify` writes one row per recipient; a `key` makes it
once-only per (user, key), so a job that runs twice writes nothing twice.

Each user chooses per kind how they hear about it (NotificationPreference: in the app only,
by e-mail too, or only in the weekly digest); a kind declares the default and the roles it
concerns. `notify_many` applies the choices as it writes, one query per batch, and stores
the outcome on each row (`delivery`).

This module sits on the lower floor: it never imports inspections or councils; they
register their kinds from their AppConfig.ready().
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kzsafety.accounts.models import (
    Delivery,
    DigestSubscription,
    Notification,
    NotificationPreference,
    User,
)


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise | str
    render: Callable[[dict], str]
    default_delivery: str = Delivery.EMAIL
    # The roles the kind concerns, for the settings page; None: everyone.
    roles: frozenset[str] | None = None


KINDS: dict[str, Kind] = {}


def register_kind(
    code: str,
    *,
    label: Promise | str,
    render: Callable[[dict], str],
    default_delivery: str = Delivery.EMAIL,
    roles: Iterable[str] | None = None,
) -> Kind:
    """Register a kind of notification; `render(params)` runs under the reader's language.
    `default_delivery` holds for users who have not chosen; `roles` limits the kinds shown
    on a user's settings page to those of their role (None: all roles)."""
    if default_delivery not in Delivery.values:
        raise ValueError(f"unknown delivery {default_delivery!r}")
    kind = Kind(
        code=code,
        label=label,
        render=render,
        default_delivery=default_delivery,
        roles=frozenset(roles) if roles is not None else None,
    )
    KINDS[code] = kind
    return kind


def kinds_for(user: User) -> list[Kind]:
    """The kinds a user can choose a delivery for: those of their role (all for a
    superuser), in the order they were registered."""
    return [
        kind
        for kind in KINDS.values()
        if kind.roles is None or user.is_superuser or user.role in kind.roles
    ]


def deliveries_of(user: User) -> dict[str, str]:
    """The delivery of every registered kind for this user: their choice or the default."""
    chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
    return {code: chosen.get(code, kind.default_delivery) for code, kind in KINDS.items()}


def render(notification: Notification) -> str:
    kind = KINDS.get(notification.kind)
    if kind is None:
        return notification.message
    try:
        return str(kind.render(notification.params or {}))
    except (KeyError, TypeError, ValueError):
        # A stored fact from an older version of the kind: show what we still can.
        return notification.message or str(kind.label)


@dataclass(frozen=True)
class Note:
    """One notification to write: to `user_id`, of `kind`, once per (user, key) if keyed."""

    user_id: int
    kind: str
    params: dict
    url: str = ""
    key: str = ""


BATCH = 5000


def notify(
    recipients: Iterable[User | int],
    *,
    kind: str,
    params: dict | None = None,
    url: str = "",
    key: str = "",
) -> int:
    """Write one notification of `kind` to each recipient and queue its e-mail after the
    transaction commits. With a `key`, a recipient who already has a notification with
    that key gets nothing new. Returns how many were written."""
    user_ids = sorted({r.pk if isinstance(r, User) else int(r) for r in recipients})
    return notify_many(Note(pk, kind, params or {}, url, key) for pk in user_ids)


def notify_many(notes: Iterable[Note]) -> int:
    """Write many notifications in batches (a few queries per batch, whatever its size),
    skipping keyed ones a user already has, and queue their e-mails. Returns how many were
    written. Safe to run twice with the same keyed notes: the second run writes nothing."""
    written = 0
    batch: list[Note] = []
    for note in notes:
        if note.kind not in KINDS:
            raise ValueError(f"unknown notification kind {note.kind!r}")
        batch.append(note)
        if len(batch) >= BATCH:
            written += _write(batch)
            batch = []
    if batch:
        written += _write(batch)
    return written


def _preferences(notes: list[Note]) -> dict[tuple[int, str], str]:
    """The chosen deliveries of the batch's users for the batch's kinds, in one query."""
    chosen = NotificationPreference.objects.filter(
        user_id__in={n.user_id for n in notes}, kind__in={n.kind for n in notes}
    ).values_list("user_id", "kind", "delivery")
    return {(user_id, kind): delivery for user_id, kind, delivery in chosen}


def _write(notes: list[Note]) -> int:
    chosen = _preferences(notes)

    def row(note: Note, marker: str = "") -> Notification:
        delivery = chosen.get((note.user_id, note.kind), KINDS[note.kind].default_delivery)
        return Notification(
            user_id=note.user_id,
            kind=note.kind,
            params=note.params,
            url=note.url,
            key=note.key,
            batch=marker,
            delivery=delivery,
        )

    keyed = [n for n in notes if n.key]
    plain = [n for n in notes if not n.key]
    rows = Notification.objects.bulk_create([row(n) for n in plain], batch_size=BATCH)
    written = len(rows)
    to_mail = [r.pk for r in rows if r.delivery == Delivery.EMAIL]
    if keyed:
        # A row that already exists is skipped by the unique (user, key) constraint; the
        # new ones are found again by their creation marker, a value unique to this call.
        marker = uuid.uuid4().hex
        rows = [row(n, marker) for n in keyed]
        Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        new = list(Notification.objects.filter(batch=marker).values_list("pk", "delivery"))
        written += len(new)
        to_mail += [pk for pk, delivery in new if delivery == Delivery.EMAIL]
    if to_mail:
        from kzsafety.accounts.tasks import send_notification_emails
        from kzsafety.jobs.queue import enqueue

        enqueue(send_notification_emails, to_mail)
    return written


@transaction.atomic
def preferences_save(*, user: User, deliveries: dict[str, str], weekly_digest: bool) -> None:
    """Keep the user's choice per kind (a kind left at its default keeps no row, so a
    changed default reaches them) and whether they want the weekly digest."""
    for code, delivery in deliveries.items():
        kind = KINDS.get(code)
        if kind is None:
            raise ValidationError(_("Unknown kind of notification."), code="unknown_kind")
        if delivery not in Delivery.values:
            raise ValidationError(_("Choose how to be told."), code="unknown_delivery")
        if delivery == kind.default_delivery:
            NotificationPreference.objects.filter(user=user, kind=code).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, kind=code, defaults={"delivery": delivery}
            )
    DigestSubscription.objects.update_or_create(user=user, defaults={"wanted": weekly_digest})

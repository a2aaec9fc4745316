"""Notifications as facts, rendered in the reader's language.

An app registers each kind of notification once (`register_kind`) with a label and a
function that turns the stored `params` into a sentence; the sentence is built when the
notification is read or e-mailed, under the reader's language, so switching language
changes old notifications too. `notify` writes one row per recipient; a `key` makes it
once-only per (user, key), so a job that runs twice writes nothing twice.

This module sits on the lower floor: it never imports inspections or councils; they
register their kinds from their AppConfig.ready().
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from kzsafety.accounts.models import Notification, User


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise | str
    render: Callable[[dict], str]


KINDS: dict[str, Kind] = {}


def register_kind(code: str, *, label: Promise | str, render: Callable[[dict], str]) -> Kind:
    """Register a kind of notification; `render(params)` runs under the reader's language."""
    kind = Kind(code=code, label=label, render=render)
    KINDS[code] = kind
    return kind


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


def _write(notes: list[Note]) -> int:
    keyed = [n for n in notes if n.key]
    plain = [n for n in notes if not n.key]
    ids = [
        n.pk for n in Notification.objects.bulk_create([_row(n) for n in plain], batch_size=BATCH)
    ]
    if keyed:
        # A row that already exists is skipped by the unique (user, key) constraint; the
        # new ones are found again by their creation marker, a value unique to this call.
        marker = uuid.uuid4().hex
        rows = [_row(n, marker) for n in keyed]
        Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        new = Notification.objects.filter(batch=marker)
        ids += list(new.values_list("pk", flat=True))
    if ids:
        from kzsafety.accounts.tasks import send_notification_emails
        from kzsafety.jobs.queue import enqueue

        enqueue(send_notification_emails, ids)
    return len(ids)


def _row(note: Note, marker: str = "") -> Notification:
    return Notification(
        user_id=note.user_id,
        kind=note.kind,
        params=note.params,
        url=note.url,
        key=note.key,
        batch=marker,
    )

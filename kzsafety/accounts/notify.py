"""Notifications as facts, rendered in the reader's language.

An app registers each kind of notification once (`register_kind`) with a label and a
function that turns the stored `params` into a sentence; the sentence is built when the
notification is read or e-mailed, under the reader's language, so switching language
changes old notifications too. `notify` writes one row per recipient; a `key` makes it
once-only per (user, key), so a job that runs twice writes nothing twice.

This module sits on the lower floor: it never imports inspections or councils; they
register their kinds from their AppConfig.ready().
"""

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
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    user_ids = sorted({r.pk if isinstance(r, User) else int(r) for r in recipients})
    if not user_ids:
        return 0
    rows = [
        Notification(user_id=pk, kind=kind, params=params or {}, url=url, key=key)
        for pk in user_ids
    ]
    if key:
        before = set(
            Notification.objects.filter(user_id__in=user_ids, key=key).values_list(
                "user_id", flat=True
            )
        )
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = Notification.objects.filter(user_id__in=user_ids, key=key).exclude(
            user_id__in=before
        )
        ids = list(created.values_list("pk", flat=True))
    else:
        ids = [n.pk for n in Notification.objects.bulk_create(rows)]
    if ids:
        from kzsafety.accounts.tasks import send_notification_emails
        from kzsafety.jobs.queue import enqueue

        enqueue(send_notification_emails, ids)
    return len(ids)

"""The weekly digest: for each user who wants one, what is due and overdue in their scope,
with counts and links, and the notifications they chose to receive only in the digest.

The sections come from apps further up (inspections, councils), named in settings
(DIGEST_SECTIONS) like the home panels, so this module never imports them. A section is a
function `(user, today) -> Section | None`, called under the reader's language; it reads
the same scoped query as the home panel of the same facts. Federation staff also get the
national picture by region: each section may give its counts per region.

Sending is idempotent per user and ISO week: DigestSubscription.last_week records the week
a digest went out, in the same transaction as the sending."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kzsafety.accounts.models import Delivery, DigestSubscription, Notification, User
from kzsafety.directories.models import Region

# At most this many digest-only notifications are listed in one digest; the rest are
# counted, and all of them are marked as sent.
NOTIFICATIONS_SHOWN = 50


@dataclass
class Line:
    label: str
    count: int
    url: str  # a local path; the digest makes it absolute


@dataclass
class Section:
    title: str
    lines: list[Line]
    # For federation staff: region pk -> {column label: count}.
    by_region: dict[int, dict[str, int]] = field(default_factory=dict)


@dataclass
class Digest:
    user: User
    week: str
    sections: list[Section]
    notifications: list[Notification]
    more_notifications: int
    region_columns: list[str]
    # (region name, [(column label, count), ...]) for every region, in KATO code order
    region_rows: list[tuple[str, list[tuple[str, int]]]]

    @property
    def busy_regions(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The regions with anything to count (the plain-text e-mail lists only these)."""
        return [(name, cells) for name, cells in self.region_rows if any(v for _l, v in cells)]

    @property
    def is_empty(self) -> bool:
        counted = any(line.count for section in self.sections for line in section.lines)
        return not counted and not self.notifications


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""


def pending_digest_notifications(user: User) -> QuerySet[Notification]:
    """Digest-only notifications not yet sent in a digest, oldest first."""
    return user.notifications.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True).order_by(
        "created_at", "pk"
    )


def _region_table(sections: list[Section]) -> tuple[list[str], list]:
    columns: list[str] = []
    for section in sections:
        for counts in section.by_region.values():
            columns += [label for label in counts if label not in columns]
    if not columns:
        return [], []
    rows = []
    for region in Region.objects.order_by("code"):
        values = [
            sum(section.by_region.get(region.pk, {}).get(label, 0) for section in sections)
            for label in columns
        ]
        rows.append((region.name, list(zip(columns, values, strict=True))))
    return columns, rows


def digest_compose(user: User, today: datetime.date) -> Digest:
    """The digest of one user, in the active language."""
    sections = []
    for path in settings.DIGEST_SECTIONS:
        section = import_string(path)(user, today)
        if section is not None:
            sections.append(section)
    pending = pending_digest_notifications(user)
    shown = list(pending[:NOTIFICATIONS_SHOWN])
    more = pending.count() - len(shown) if len(shown) == NOTIFICATIONS_SHOWN else 0
    columns, rows = _region_table(sections)
    return Digest(
        user=user,
        week=iso_week(today),
        sections=sections,
        notifications=shown,
        more_notifications=more,
        region_columns=columns,
        region_rows=rows,
    )


def digest_recipients(week: str) -> QuerySet[User]:
    """Active users with an address who want a digest (asked for it, chose it for a kind,
    or have digest-only notifications waiting) and have not had this week's."""
    wants = (
        Q(digest__wanted=True)
        | Q(notification_preferences__delivery=Delivery.DIGEST)
        | Q(notifications__delivery=Delivery.DIGEST, notifications__emailed_at__isnull=True)
    )
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(wants)
        .exclude(digest__last_week=week)
        .distinct()
        .order_by("pk")
    )


def _message(digest: Digest) -> EmailMultiAlternatives:
    context = {
        "digest": digest,
        "site_url": settings.SITE_URL.rstrip("/"),
        "settings_link": absolute(reverse("accounts:notification_settings")),
        "centre_link": absolute(reverse("accounts:notifications")),
    }
    message = EmailMultiAlternatives(
        subject=_("Weekly digest, week %(week)s") % {"week": digest.week},
        body=render_to_string("accounts/email/digest.txt", context),
        to=[digest.user.email],
    )
    message.attach_alternative(render_to_string("accounts/email/digest.html", context), "text/html")
    return message


def digest_send(*, user_id: int, today: datetime.date) -> bool:
    """Send one user this week's digest unless it went out already; True if sent. A digest
    with nothing due, overdue or waiting is not sent, but the week counts as done."""
    week = iso_week(today)
    with transaction.atomic():
        DigestSubscription.objects.get_or_create(user_id=user_id)
        subscription = (
            DigestSubscription.objects.select_for_update().select_related("user").get(pk=user_id)
        )
        user = subscription.user
        if subscription.last_week == week or not user.is_active or not user.email:
            return False
        with translation.override(user.language or settings.LANGUAGE_CODE):
            digest = digest_compose(user, today)
            sent = not digest.is_empty
            if sent:
                _message(digest).send()
        pending_digest_notifications(user).update(emailed_at=timezone.now())
        subscription.last_week = week
        subscription.save(update_fields=["last_week"])
    return sent


def digests_send(today: datetime.date | None = None) -> int:
    """Send this week's digest to everyone who wants one; safe to run twice."""
    today = today or timezone.localdate()
    user_ids = list(digest_recipients(iso_week(today)).values_list("pk", flat=True))
    return sum(digest_send(user_id=pk, today=today) for pk in user_ids)

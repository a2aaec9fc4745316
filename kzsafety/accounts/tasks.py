from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from kzsafety.accounts.models import Delivery, Notification


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""


@shared_task(time_limit=120, soft_time_limit=100, ignore_result=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the given notifications to users who have an address, in each user's
    language, with a link to the record and one to the notification settings. Only
    notifications whose delivery is e-mail go out; each at most once (marked when sent),
    so running the task twice sends nothing twice."""
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=pk, emailed_at__isnull=True, delivery=Delivery.EMAIL)
                .first()
            )
            if notification is None or not notification.user.email:
                continue
            with translation.override(notification.user.language or settings.LANGUAGE_CODE):
                text = notification.text
                body = render_to_string(
                    "accounts/email/notification.txt",
                    {
                        "text": text,
                        "link": _absolute(notification.url),
                        "settings_link": _absolute(reverse("accounts:notification_settings")),
                    },
                )
            send_mail(
                subject=Truncator(" ".join(text.split())).chars(120),
                message=body,
                from_email=None,
                recipient_list=[notification.user.email],
            )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


@shared_task(
    name="kzsafety.accounts.send_weekly_digests",
    time_limit=3 * 3600,
    soft_time_limit=3 * 3600 - 60,
    ignore_result=True,
)
def send_weekly_digests() -> int:
    """The weekly digest to everyone who wants one (kzsafety/accounts/digest.py); a second
    run in the same ISO week sends nothing."""
    from kzsafety.accounts.digest import digests_send

    return digests_send()

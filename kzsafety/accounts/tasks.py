from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from kzsafety.accounts.models import Notification


@shared_task(time_limit=120, soft_time_limit=100, ignore_result=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the given notifications to users who have an address. Each is sent at most
    once (marked when sent), so running the task twice sends nothing twice."""
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notification is None or not notification.user.email:
                continue
            link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
            with translation.override(notification.user.language or settings.LANGUAGE_CODE):
                text = notification.text
            send_mail(
                subject=text[:120],
                message=f"{text}\n\n{link}".strip(),
                from_email=None,
                recipient_list=[notification.user.email],
            )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent

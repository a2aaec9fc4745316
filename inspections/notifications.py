"""Who hears about what. In-app notifications are written at once; e-mails go out from a
Celery task after the transaction commits (later, if the queue is down: kzsafety/jobs)."""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from inspections.models import Accident, Outcome
from kzsafety.accounts.models import Notification, Role, User
from kzsafety.accounts.tasks import send_notification_emails
from kzsafety.jobs.queue import enqueue


def notify_fatal_accident(accident: Accident) -> list[Notification]:
    """Tell regional staff of the accident's region and federation staff."""
    recipients = User.objects.filter(is_active=True).filter(
        Q(role=Role.FEDERATION_STAFF)
        | Q(role=Role.REGIONAL_STAFF, region_id=accident.enterprise.region_id)
    )
    deaths = accident.victims.filter(outcome=Outcome.FATAL).count()
    notifications = []
    for user in recipients:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            message = _("Fatal accident reported: %(enterprise)s, %(date)s, %(deaths)s dead.") % {
                "enterprise": accident.enterprise.name,
                "date": date_format(accident.date, "SHORT_DATE_FORMAT"),
                "deaths": deaths,
            }
        notifications.append(
            Notification(user=user, message=message, url=accident.get_absolute_url())
        )
    created = Notification.objects.bulk_create(notifications)
    ids = [notification.pk for notification in created]
    if ids:
        enqueue(send_notification_emails, ids)
    return created

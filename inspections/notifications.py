"""Who hears about what, in inspections. Each kind is registered once with a sentence
that is written in the reader's language when read (kzsafety/accounts/notify.py); e-mails
go out from a Celery task after the transaction commits (later, if the queue is down)."""

import datetime

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.models import Accident, Outcome
from kzsafety.accounts.models import Role, User
from kzsafety.accounts.notify import notify, register_kind

FATAL_ACCIDENT = "fatal_accident"
EXPORT_READY = "export_ready"


def _date(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


register_kind(
    FATAL_ACCIDENT,
    label=gettext_lazy("Fatal accidents"),
    render=lambda p: (
        _("Fatal accident reported: %(enterprise)s, %(date)s, %(deaths)s dead.")
        % {"enterprise": p["enterprise"], "date": _date(p["date"]), "deaths": p["deaths"]}
    ),
)


def _export_ready(p: dict) -> str:
    from inspections.services.public_control_exports import EXPORT_TITLES

    return _("Your download is ready: %(title)s (%(file)s). The link works for %(days)s days.") % {
        "title": EXPORT_TITLES[p["export"]],
        "file": p["file"],
        "days": p["days"],
    }


register_kind(EXPORT_READY, label=gettext_lazy("Downloads ready"), render=_export_ready)


def notify_fatal_accident(accident: Accident) -> int:
    """Tell regional staff of the accident's region and federation staff."""
    recipients = User.objects.filter(is_active=True).filter(
        Q(role=Role.FEDERATION_STAFF)
        | Q(role=Role.REGIONAL_STAFF, region_id=accident.enterprise.region_id)
    )
    deaths = accident.victims.filter(outcome=Outcome.FATAL).count()
    return notify(
        recipients,
        kind=FATAL_ACCIDENT,
        params={
            "enterprise": accident.enterprise.name,
            "date": accident.date.isoformat(),
            "deaths": deaths,
        },
        url=accident.get_absolute_url(),
    )

"""Who hears about what, in inspections. Each kind is registered once with a sentence
that is written in the reader's language when read (kzsafety/accounts/notify.py); e-mails
go out from a Celery task after the transaction commits (later, if the queue is down)."""

import datetime

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.models import Accident, AccidentStatusChange, Outcome
from kzsafety.accounts.models import Delivery, Role, User
from kzsafety.accounts.notify import notify, register_kind

FATAL_ACCIDENT = "fatal_accident"
EXPORT_READY = "export_ready"
ACCIDENT_RETURNED = "accident_returned"
ACCIDENT_VERIFIED = "accident_verified"

FILERS = (Role.INSPECTOR, Role.REGIONAL_STAFF, Role.FEDERATION_STAFF)
REVIEWERS = (Role.REGIONAL_STAFF, Role.FEDERATION_STAFF)


def _date(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _reference(p: dict) -> str:
    """The report's reference; reports without one are named by their number here."""
    return p.get("reference") or _("No. %(number)s") % {"number": p["id"]}


def _fatal_accident(p: dict) -> str:
    text = _("Fatal accident reported: %(enterprise)s, %(date)s, %(deaths)s dead.") % {
        "enterprise": p["enterprise"],
        "date": _date(p["date"]),
        "deaths": formats.localize(p["deaths"]),
    }
    if "id" not in p:  # written before reports were named in it
        return text
    return f"{text} " + _("Report %(reference)s.") % {"reference": _reference(p)}


register_kind(
    FATAL_ACCIDENT,
    label=gettext_lazy("Fatal accidents"),
    render=_fatal_accident,
    roles=REVIEWERS,
)
register_kind(
    ACCIDENT_RETURNED,
    label=gettext_lazy("My accident reports returned for correction"),
    render=lambda p: (
        _(
            "Your accident report %(reference)s (%(enterprise)s, %(date)s) was returned for "
            "correction: %(comment)s"
        )
        % {
            "reference": _reference(p),
            "enterprise": p["enterprise"],
            "date": _date(p["date"]),
            "comment": p["comment"],
        }
    ),
    roles=FILERS,
)
register_kind(
    ACCIDENT_VERIFIED,
    label=gettext_lazy("My accident reports verified"),
    render=lambda p: (
        _("Your accident report %(reference)s (%(enterprise)s, %(date)s) was verified.")
        % {"reference": _reference(p), "enterprise": p["enterprise"], "date": _date(p["date"])}
    ),
    default_delivery=Delivery.IN_APP,
    roles=FILERS,
)


def _export_ready(p: dict) -> str:
    from inspections.services.public_control_exports import EXPORT_TITLES

    return _("Your download is ready: %(title)s (%(file)s). The link works for %(days)s days.") % {
        "title": EXPORT_TITLES[p["export"]],
        "file": p["file"],
        "days": p["days"],
    }


register_kind(EXPORT_READY, label=gettext_lazy("Downloads ready"), render=_export_ready)


def _facts(accident: Accident) -> dict:
    return {
        "id": accident.pk,
        "reference": accident.reference,
        "enterprise": accident.enterprise.name,
        "date": accident.date.isoformat(),
    }


def notify_fatal_accident(accident: Accident) -> int:
    """Tell regional staff of the accident's region and federation staff, once per report:
    a report returned and submitted again tells nobody twice."""
    recipients = User.objects.filter(is_active=True).filter(
        Q(role=Role.FEDERATION_STAFF)
        | Q(role=Role.REGIONAL_STAFF, region_id=accident.enterprise.region_id)
    )
    deaths = accident.victims.filter(outcome=Outcome.FATAL).count()
    return notify(
        recipients,
        kind=FATAL_ACCIDENT,
        params={**_facts(accident), "deaths": deaths},
        url=accident.get_absolute_url(),
        key=f"{FATAL_ACCIDENT}:{accident.pk}",
    )


def _filer(accident: Accident, reviewer: User) -> list[User]:
    """Who filed the report, unless they are the reviewer themselves or gone."""
    filer = accident.created_by
    if filer is None or filer.pk == reviewer.pk or not filer.is_active:
        return []
    return [filer]


def notify_accident_returned(accident: Accident, change: AccidentStatusChange) -> int:
    """Tell the filer their report came back, with the reviewer's comment; once per
    return (a report returned twice tells them twice)."""
    return notify(
        _filer(accident, change.by),
        kind=ACCIDENT_RETURNED,
        params={**_facts(accident), "comment": change.comment},
        url=accident.get_absolute_url(),
        key=f"{ACCIDENT_RETURNED}:{change.pk}",
    )


def notify_accident_verified(accident: Accident, change: AccidentStatusChange) -> int:
    return notify(
        _filer(accident, change.by),
        kind=ACCIDENT_VERIFIED,
        params=_facts(accident),
        url=accident.get_absolute_url(),
        key=f"{ACCIDENT_VERIFIED}:{accident.pk}",
    )

"""The kinds of notification the reminders write, and their sentences. A sentence is
built when the notification is read or e-mailed, in the reader's language
(kzsafety/accounts/notify.py); `params` hold only facts: ids, dates, counts, names."""

import datetime

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from inspections.notifications import FILERS
from kzsafety.accounts.models import Role
from kzsafety.accounts.notify import register_kind

VIOLATION_DEADLINE = "violation_deadline"
VIOLATIONS_ESCALATION = "violations_escalation"
DECISION_OVERDUE = "decision_overdue"
ACCIDENT_REVIEW_WAITING = "accident_review_waiting"
ACCIDENT_RETURNED_WAITING = "accident_returned_waiting"
INSPECTORS_UNTRAINED = "inspectors_untrained"

# Reasons of the violation-deadline reminder; they are part of its key.
WEEK, TOMORROW, PASSED = "7d", "1d", "passed"


def _date(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _localized(names: dict) -> str:
    """A name stored in the three languages, in the reader's."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return names.get(language) or names.get("kk") or ""


def _violation(p: dict) -> str:
    facts = {
        "position": p["position"],
        "enterprise": p["enterprise"],
        "inspected": _date(p["inspected"]),
        "deadline": _date(p["deadline"]),
        "days": p["days"],
    }
    if p["reason"] == PASSED:
        return (
            _(
                "Violation No. %(position)s found at %(enterprise)s on %(inspected)s was due on "
                "%(deadline)s and is not eliminated."
            )
            % facts
        )
    if p["days"] == 0:
        return (
            _("Violation No. %(position)s found at %(enterprise)s on %(inspected)s is due today.")
            % facts
        )
    if p["days"] == 1:
        return (
            _(
                "Violation No. %(position)s found at %(enterprise)s on %(inspected)s is due "
                "tomorrow, %(deadline)s."
            )
            % facts
        )
    return (
        ngettext(
            "Violation No. %(position)s found at %(enterprise)s on %(inspected)s is due on "
            "%(deadline)s, in %(days)s day.",
            "Violation No. %(position)s found at %(enterprise)s on %(inspected)s is due on "
            "%(deadline)s, in %(days)s days.",
            p["days"],
        )
        % facts
    )


def _escalation(p: dict) -> str:
    return ngettext(
        "%(region)s: %(count)s violation is more than %(days)s days overdue.",
        "%(region)s: %(count)s violations are more than %(days)s days overdue.",
        p["count"],
    ) % {"region": _localized(p["region"]), "count": p["count"], "days": p["days"]}


def _decision(p: dict) -> str:
    return _(
        "Decision No. %(position)s of the %(meeting)s meeting of the council at %(enterprise)s "
        "was due on %(deadline)s and is not done."
    ) % {
        "position": p["position"],
        "meeting": _date(p["meeting"]),
        "enterprise": p["enterprise"],
        "deadline": _date(p["deadline"]),
    }


def _review(p: dict) -> str:
    return _(
        "The accident report of %(enterprise)s (accident of %(date)s), submitted on "
        "%(submitted)s, has waited for review more than %(days)s working days."
    ) % {
        "enterprise": p["enterprise"],
        "date": _date(p["date"]),
        "submitted": _date(p["submitted"]),
        "days": p["days"],
    }


def _returned(p: dict) -> str:
    return _(
        "The accident report of %(enterprise)s (accident of %(date)s) was returned for "
        "correction on %(returned)s and has not been submitted again in %(days)s days."
    ) % {
        "enterprise": p["enterprise"],
        "date": _date(p["date"]),
        "returned": _date(p["returned"]),
        "days": p["days"],
    }


def _untrained(p: dict) -> str:
    return ngettext(
        "%(region)s: %(count)s active technical inspector has had no training in the "
        "last 12 months.",
        "%(region)s: %(count)s active technical inspectors have had no training in the "
        "last 12 months.",
        p["count"],
    ) % {"region": _localized(p["region"]), "count": p["count"]}


# `roles`: whose notification settings list the kind (members of a council may hold the
# inspector's role too).
FIELD = [Role.INSPECTOR, Role.COUNCIL_MEMBER]
REGION = [Role.REGIONAL_STAFF]

register_kind(
    VIOLATION_DEADLINE, label=gettext_lazy("Violation deadlines"), render=_violation, roles=FIELD
)
register_kind(
    VIOLATIONS_ESCALATION,
    label=gettext_lazy("Long-overdue violations in the region (weekly)"),
    render=_escalation,
    roles=REGION,
)
register_kind(
    DECISION_OVERDUE, label=gettext_lazy("Overdue council decisions"), render=_decision, roles=FIELD
)
register_kind(
    ACCIDENT_REVIEW_WAITING,
    label=gettext_lazy("Accident reports waiting for review"),
    render=_review,
    roles=REGION,
)
register_kind(
    ACCIDENT_RETURNED_WAITING,
    label=gettext_lazy("Returned accident reports not submitted again"),
    render=_returned,
    roles=FILERS,
)
register_kind(
    INSPECTORS_UNTRAINED,
    label=gettext_lazy("Technical inspectors without training (monthly)"),
    render=_untrained,
    roles=REGION,
)

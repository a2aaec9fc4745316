"""The rules of public-control records that do not depend on who is acting: dates, the
deadline, the description, elimination. The write functions of the phone flow
(`public_control_recording.py`, `public_control_lifecycle.py`) and the spreadsheet import
(`inspections/imports/`) both call these, so a form and an import can never disagree
on a rule. Each raises ValidationError keyed by the model field it is about."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import InspectionKind

EARLIEST_DATE = datetime.date(2000, 1, 1)


def check_date(day: datetime.date, field: str = "date", today: datetime.date | None = None) -> None:
    """Not in the future, not before 2000. (`today` saves asking the clock per row.)"""
    if day > (today or timezone.localdate()):
        raise ValidationError({field: _("The date cannot be in the future.")})
    if day < EARLIEST_DATE:
        raise ValidationError({field: _("The date is too far in the past.")})


def check_joint(kind: str, state_inspector_name: str) -> None:
    if kind == InspectionKind.JOINT and not state_inspector_name.strip():
        raise ValidationError(
            {
                "state_inspector_name": _(
                    "For a joint inspection, enter the name of the state labour inspector."
                )
            }
        )


def check_description(description: str) -> str:
    """The description as stored (stripped); a blank one is refused."""
    if not description.strip():
        raise ValidationError({"description": _("Describe the violation.")})
    return description.strip()


def check_deadline(deadline: datetime.date | None, inspected_on: datetime.date) -> None:
    if deadline is not None and deadline < inspected_on:
        raise ValidationError(
            {"deadline": _("The deadline cannot be before the day of the inspection.")}
        )


def check_eliminated_on(
    eliminated_on: datetime.date,
    inspected_on: datetime.date,
    today: datetime.date | None = None,
) -> None:
    check_date(eliminated_on, "eliminated_on", today)
    if eliminated_on < inspected_on:
        raise ValidationError(
            {"eliminated_on": _("A violation cannot be eliminated before it was found.")}
        )


def check_stoppage_start(started_on: datetime.date, inspected_on: datetime.date) -> None:
    check_date(started_on, "started_on")
    if started_on < inspected_on:
        raise ValidationError(
            {"started_on": _("Work cannot be stopped before the day of the inspection.")}
        )


def check_date_keeps_deadlines(
    day: datetime.date, earliest: tuple[int, datetime.date] | None
) -> None:
    """A new inspection date cannot pass a deadline already set: `earliest` is the
    (position, deadline) of the violation with the earliest deadline, if any."""
    if earliest is not None and earliest[1] < day:
        raise ValidationError(
            {
                "date": _(
                    "Violation %(number)s has a deadline before this date; change its "
                    "deadline first."
                )
                % {"number": earliest[0]}
            }
        )

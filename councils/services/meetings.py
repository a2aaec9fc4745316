"""Writes of council meetings and their binding decisions."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from councils.models import Council, CouncilMember, Decision, DecisionStatus, Meeting
from councils.services.common import check_past, next_position, require_text
from councils.services.rights import require_not_dissolved, require_worker
from kzsafety.accounts.models import User
from kzsafety.records import locked, next_version, with_history_user


def _check_meeting_date(council: Council, date: datetime.date | None) -> None:
    if date is None:
        raise ValidationError({"date": _("Enter the date of the meeting.")})
    check_past(date, "date")
    if date < council.established_on:
        raise ValidationError(
            {
                "date": _("The council was established later, on %(date)s.")
                % {"date": date_format(council.established_on, "SHORT_DATE_FORMAT")}
            }
        )
    if council.dissolved_on is not None and date >= council.dissolved_on:
        raise ValidationError({"date": _("The council was already dissolved by then.")})


@transaction.atomic
def meeting_save(
    *,
    user: User,
    meeting: Meeting,
    attendees: Iterable[CouncilMember] | None = None,
    version: int | None = None,
) -> Meeting:
    """Record a meeting of the council (numbered in order) or correct one; `attendees`
    replaces the members marked present when given. `version`: the version the editor
    started from (kzsafety.records.next_version); None overwrites."""
    is_new = meeting.pk is None
    if not is_new:
        current = locked(Meeting, meeting.pk)
        meeting.council_id = current.council_id
        meeting.version = next_version(current, version)
    council = locked(Council, meeting.council_id)  # serializes the numbering
    require_worker(user, council)
    require_not_dissolved(council)
    _check_meeting_date(council, meeting.date)
    meeting.agenda = require_text(meeting.agenda, "agenda", _("Write the agenda."))
    attendees = None if attendees is None else list(attendees)
    if attendees is not None and any(member.council_id != council.pk for member in attendees):
        raise ValidationError(
            {"attendees": _("Only members of this council can be marked present.")}
        )
    if is_new:
        meeting.number = next_position(council.meetings, "number")
        meeting.created_by = user
    meeting.full_clean(exclude=["created_by"])
    with_history_user(meeting, user).save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def decision_save(*, user: User, decision: Decision, version: int | None = None) -> Decision:
    """Add a decision to a meeting (numbered in order) or correct its text, responsible
    person or deadline. The status changes through decision_set_status only. `version`:
    the version the editor started from (kzsafety.records.next_version); None overwrites."""
    if decision.pk is None:
        meeting = locked(Meeting, decision.meeting_id)
        target = Decision(meeting=meeting, status=DecisionStatus.OPEN)
    else:
        target = locked(Decision, decision.pk)
        target.version = next_version(target, version)
        meeting = target.meeting
    council = meeting.council
    require_worker(user, council)
    require_not_dissolved(council)
    target.text = require_text(decision.text, "text", _("Write the decision."))
    target.responsible = require_text(
        decision.responsible, "responsible", _("Name the person responsible.")
    )
    if decision.deadline is None:
        raise ValidationError({"deadline": _("Set the deadline.")})
    if decision.deadline < meeting.date:
        raise ValidationError({"deadline": _("The deadline cannot be before the meeting.")})
    target.deadline = decision.deadline
    if target.pk is None:
        target.position = next_position(meeting.decisions)
    target.full_clean()
    with_history_user(target, user).save()
    decision.pk, decision.position = target.pk, target.position
    return target


@transaction.atomic
def decision_set_status(
    *,
    user: User,
    decision: Decision,
    status: str,
    done_on: datetime.date | None = None,
    note: str | None = None,
) -> Decision:
    """Move a decision to not started, in progress or done (with the day it was done,
    today unless given). A note, when given, replaces the progress note."""
    decision = locked(Decision, decision.pk)
    meeting = decision.meeting
    require_worker(user, meeting.council)
    if status not in DecisionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if status == DecisionStatus.DONE:
        done_on = done_on or timezone.localdate()
        check_past(done_on, "done_on")
        if done_on < meeting.date:
            raise ValidationError(
                {"done_on": _("A decision cannot be done before the meeting that took it.")}
            )
    else:
        done_on = None
    decision.status = status
    decision.done_on = done_on
    if note is not None:
        decision.note = note.strip()
    decision.full_clean()
    with_history_user(decision, user).save()
    return decision

"""Field-level change history (django-simple-history) shaped for a detail page."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _


@dataclass
class FieldChange:
    at: datetime
    user: object
    subject: str
    field: str
    old: object
    new: object


def readable(field, value):
    """Show a choice by its label and a related record by its name, not by its key."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return field.related_model._default_manager.filter(pk=value).first() or value
    return value


def versions_by_record(records) -> list[list]:
    """The historical records grouped by the record they are versions of (its id), each
    group oldest first. Several records' histories may arrive mixed (all victims of one
    accident): a version is only ever compared with an earlier version of the same record,
    never with its neighbour in time, which may be another victim."""
    groups = defaultdict(list)
    for record in records:
        groups[record.id].append(record)
    return [
        sorted(group, key=lambda record: (record.history_date, record.history_id))
        for group in groups.values()
    ]


def first_edit(records) -> datetime | None:
    """When the record was first saved again after its creation (None if never): children
    created after it were added to an existing record, not filed with it."""
    return min((r.history_date for r in records if r.history_type == "~"), default=None)


def changes(records, subject, *, added_after: datetime | None = None) -> list[FieldChange]:
    """Field changes between consecutive versions of each record (any order given). With
    `added_after` the records are children of one parent (the victims of a report): a child
    created after that moment is listed as added, and a deleted child as removed."""
    result = []
    for versions in versions_by_record(records):
        if added_after is not None:
            result += _added_or_removed(versions, subject, added_after)
        for previous, current in zip(versions, versions[1:], strict=False):
            if current.history_type != "~":
                continue
            delta = current.diff_against(previous)
            for change in delta.changes:
                if change.field == "version":  # bookkeeping of kzsafety.records.Versioned
                    continue
                field = current.instance_type._meta.get_field(change.field)
                result.append(
                    FieldChange(
                        at=current.history_date,
                        user=current.history_user,
                        subject=subject(current),
                        field=str(field.verbose_name),
                        old=readable(field, change.old),
                        new=readable(field, change.new),
                    )
                )
    return result


def _added_or_removed(versions, subject, added_after: datetime) -> list[FieldChange]:
    found = []
    for record in versions:
        if record.history_type == "+" and record.history_date > added_after:
            label = _("added")
        elif record.history_type == "-":
            label = _("removed")
        else:
            continue
        found.append(
            FieldChange(
                at=record.history_date,
                user=record.history_user,
                subject=subject(record),
                field=label,
                old="—",
                new="—",
            )
        )
    return found

"""Field-level change history (django-simple-history) shaped for a detail page."""

from dataclasses import dataclass
from datetime import datetime


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


def changes(records, subject) -> list[FieldChange]:
    """Field changes between consecutive historical records (any order given)."""
    records = sorted(records, key=lambda record: (record.history_date, record.history_id))
    result = []
    for previous, current in zip(records, records[1:], strict=False):
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

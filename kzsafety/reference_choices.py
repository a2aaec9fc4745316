"""Choice fields over the reference lists (regions, sectors, causes, event types, violation
categories) whose options are read from the database at most once a minute per process,
instead of on every page that shows a filter form.

Issue 16: the filter form of a list read its regions and sectors (and categories or causes
and event types) on every request, about a tenth of the list page's CPU. These lists change
only when an administrator edits them: a save or delete of a listed model forgets the
options at once in the process that made it; other processes read them again within
`REFERENCE_CHOICES_SECONDS` (default 60; 0 reads them every time, as the tests do). Only
the options are kept; the labels are made per request, in the page's language, and a
submitted value is still checked against the database (`ModelChoiceField.to_python`)."""

import time

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIterator

# (database, SQL, parameters) of a field's queryset → (read at, the records)
_kept: dict[tuple, tuple[float, list]] = {}
_models: set[type] = set()


def _records(queryset) -> list:
    seconds = getattr(settings, "REFERENCE_CHOICES_SECONDS", 60)
    if seconds <= 0:
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    key = (queryset.db, sql, params)
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    records = list(queryset)
    _kept[key] = (now, records)
    return records


def records_of(queryset) -> list:
    """The records of a reference list, kept as the options are (for its names elsewhere:
    the statistics page's labels)."""
    _models.add(queryset.model)
    return _records(queryset)


def forget() -> None:
    """Forget the options, and the rendered filter forms that show them (the "fragments"
    cache of this process, templates/includes/filter_form.html)."""
    _kept.clear()
    caches["fragments"].clear()


def _on_change(sender, **kwargs) -> None:
    if sender in _models:
        forget()


post_save.connect(_on_change, dispatch_uid="reference_choices_saved")
post_delete.connect(_on_change, dispatch_uid="reference_choices_deleted")


class _Iterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in _records(self.queryset):
            yield self.choice(record)

    def __len__(self):
        return len(_records(self.queryset)) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(_records(self.queryset))


class ReferenceChoiceField(forms.ModelChoiceField):
    """`ModelChoiceField` for a reference list: the same field, its options kept a minute."""

    iterator = _Iterator

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, **kwargs)
        _models.add(queryset.model)

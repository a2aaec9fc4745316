"""Form helpers every app's pages share: a refusal of a write function shown on the form,
the one-time key of create forms (a double submit makes one record) and the version of
edit forms (a stale form cannot revert someone else's changes)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils import formats
from django.utils.translation import gettext as _

from kzsafety.idempotency import KEY_PATTERN, create_once, first_result, new_key
from kzsafety.querystrings import id_from
from kzsafety.records import is_stale

ONCE_FIELD = "once_key"
VERSION_FIELD = "version"
STARTED_FIELD = "started_from"
KEEPING_FIELDS = (ONCE_FIELD, VERSION_FIELD, STARTED_FIELD)
_SNAPSHOT_SALT = "kzsafety.formtools.started_from"

# The largest PostgreSQL integer. A plain form's number field that ends up in an integer
# column stops here, so a bigger number is a message on the form, not a database error.
# (Model forms need not: their fields take the range from the model field.)
INTEGER_MAX = 2**31 - 1


def attempt(form, action: Callable[[], Any]) -> Any:
    """Run a write function; a refusal (ValidationError) becomes an error on the form, at
    its field when the form has it, else on the whole form. A refusal because the form is
    stale (see kzsafety.records.next_version) also shows what changed, when the form
    carries a version. Returns the result, or None."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
            if is_stale(error) and isinstance(form, VersionedFormMixin):
                form.show_changes()
        return None


def _errors_of_hidden_fields_on_the_form(form) -> None:
    """A hidden field has no place to show its error; show it above the form."""
    for name in KEEPING_FIELDS:
        errors = form._errors.pop(name, None) if form._errors else None
        if errors:
            form._errors.setdefault(
                forms.forms.NON_FIELD_ERRORS, form.error_class(error_class="nonfield")
            ).extend(errors)


# --- One-time key of a create form --------------------------------------------------------


class OnceKeyMixin:
    """A create form carries a one-time key, made when the form is rendered. A model form
    carries it only while its instance is new (an edit carries a version instead)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            self.fields[ONCE_FIELD] = forms.RegexField(
                regex=KEY_PATTERN,
                widget=forms.HiddenInput,
                initial=new_key,
                error_messages={
                    "required": _("This form is out of date; reload the page and send it again."),
                    "invalid": _("This form is out of date; reload the page and send it again."),
                },
            )

    def full_clean(self):
        super().full_clean()
        _errors_of_hidden_fields_on_the_form(self)

    @property
    def once_key(self) -> str | None:
        return self.cleaned_data.get(ONCE_FIELD) if ONCE_FIELD in self.fields else None


class AlreadyCreated(Exception):
    """The form's one-time key was used before: `record` is what that request created."""

    def __init__(self, record: models.Model):
        super().__init__(record)
        self.record = record


def create_once_from(request, form, create: Callable[[], Any]) -> Any:
    """Run the create write function once per one-time key of the form: a second post with
    the same key (one after the other or at the same moment) raises AlreadyCreated, which
    @answers_repeats turns into the first result. A form without a key (an edit) just runs
    `create`."""
    key = getattr(form, "once_key", None)
    if key is None:
        return create()
    record, created = create_once(user=request.user, key=key, create=create)
    if not created:
        raise AlreadyCreated(record)
    return record


def answers_repeats(view):
    """A page with a create form answers a repeated post of its one-time key with the
    record the first post created (redirect to it), before it validates anything, and also
    when two posts race (AlreadyCreated from create_once_from)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            record = first_result(request.user, request.POST.get(ONCE_FIELD, ""))
            if record is not None:
                return _first_result(request, record)
        try:
            return view(request, *args, **kwargs)
        except AlreadyCreated as repeat:
            return _first_result(request, repeat.record)

    return wrapper


def _first_result(request, record):
    messages.info(request, _("This form was already sent; here is what it created."))
    return redirect(record)


# --- Version of an edit form -------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    started: str
    saved: str


def _raw(value) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [_raw(item) for item in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _text(field: forms.Field, raw) -> str:
    if raw in ("", None, []):
        return "—"
    if isinstance(raw, list):
        return ", ".join(_text(field, item) for item in raw)
    if isinstance(field, forms.BooleanField):
        return _("yes") if raw == "True" else _("no")
    if isinstance(field, forms.ModelChoiceField):
        found = field.queryset.model._default_manager.filter(pk=raw).first()
        return field.label_from_instance(found) if found else str(raw)
    if isinstance(field, forms.ChoiceField):
        return str(dict((str(key), label) for key, label in field.choices).get(raw, raw))
    try:
        if isinstance(field, forms.DateField):
            return formats.date_format(datetime.date.fromisoformat(raw), "SHORT_DATE_FORMAT")
        if isinstance(field, forms.TimeField):
            return formats.time_format(datetime.time.fromisoformat(raw))
        if isinstance(field, forms.DecimalField | forms.FloatField):
            return formats.number_format(Decimal(raw))
    except (ValueError, ArithmeticError):
        pass  # what was typed, shown as typed
    return str(raw)


def shown(form: forms.BaseForm, label_prefix: str = "") -> dict[str, list[str]]:
    """What an unbound form shows, field by field: {name: [label, raw value, text]}."""
    result = {}
    for name, field in form.fields.items():
        if name in KEEPING_FIELDS or isinstance(field.widget, forms.HiddenInput):
            continue
        raw = _raw(form[name].value())
        result[name] = [f"{label_prefix}{field.label or name}", raw, _text(field, raw)]
    return result


class VersionedFormMixin:
    """An edit form of a Versioned record carries the version it was opened from and what
    it showed then (signed, so it cannot be forged). When the write function refuses it as
    stale, `changes` lists each field someone else changed meanwhile (the value this person
    started from, the value now saved), the input stays in the form, and the form now
    carries the current version, so sending it again replaces their values deliberately."""

    changes: list[Change] = []
    # The keyword arguments a form of the current record needs (e.g. the enterprises in scope).
    fresh_kwargs: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput,
                initial=self.instance.version,
                error_messages={
                    "required": _("This form is out of date; reload the page and send it again.")
                },
            )
            self.fields[STARTED_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)

    def full_clean(self):
        super().full_clean()
        _errors_of_hidden_fields_on_the_form(self)

    def get_initial_for_field(self, field, field_name):
        if field_name == STARTED_FIELD:
            # Made when the form is rendered, after every subclass has shaped its fields.
            return signing.dumps(self.snapshot(), salt=_SNAPSHOT_SALT, compress=True)
        return super().get_initial_for_field(field, field_name)

    def snapshot(self) -> dict[str, list[str]]:
        """What this (unbound) form shows; a form with parts (the victims of an accident)
        adds theirs under keys of their own."""
        return shown(self)

    @property
    def started_version(self) -> int | None:
        """The version the editor started from, for the write function; None when new."""
        return self.cleaned_data.get(VERSION_FIELD) if VERSION_FIELD in self.fields else None

    def show_changes(self) -> None:
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        fresh = type(self)(instance=current, **self.fresh_kwargs)
        now = fresh.snapshot()
        try:
            started = signing.loads(
                self.data.get(self.add_prefix(STARTED_FIELD), ""), salt=_SNAPSHOT_SALT
            )
        except signing.BadSignature:
            started = {}
        self.changes = [
            Change(
                field=(now.get(key) or started[key])[0],
                started=started[key][2] if key in started else "—",
                saved=now[key][2] if key in now else "—",
            )
            for key in dict.fromkeys([*started, *now])
            if (started.get(key) or [None, None])[1] != (now.get(key) or [None, None])[1]
        ]
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = str(current.version)
        data[self.add_prefix(STARTED_FIELD)] = signing.dumps(
            now, salt=_SNAPSHOT_SALT, compress=True
        )
        self.data = data


class RecordsField(forms.ModelMultipleChoiceField):
    """`ModelMultipleChoiceField` that refuses an id no record can have (not digits, or
    beyond the widest primary key) as it refuses any other id not among the choices,
    before asking the database: SQLite cannot even be asked for a number past 2**63 - 1
    (an OverflowError, a 500)."""

    def _check_values(self, value):
        for pk in value:
            if id_from(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)

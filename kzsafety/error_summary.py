"""The error summary every form page shows after a failed submit: a box at the top of the page
listing each problem as a link to its field, so a phone user who lands at the top after the
reload sees what went wrong and gets to it in one tap (static/js/error_summary.js focuses
the box and, on a link, the field).

One place for every form: the base layout includes templates/includes/error_summary.html,
whose `{% error_summary %}` tag finds the bound forms and formsets of the page's context by
itself, so a new form page gets the summary without doing anything. Only a POST answered
with its form again shows it (a list's filter form is GET and keeps its errors beside it)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField
from django.utils.functional import LazyObject
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    target: str  # the id of the element the link leads to ("" for no link)


def _visible_id(field: BoundField) -> str:
    if field.is_hidden or not field.auto_id:
        return ""
    # A group of radios or checkboxes has no id of its own; its first input has.
    return field.id_for_label or f"{field.auto_id}_0"


def _first_visible_id(form: BaseForm) -> str:
    return next((_visible_id(field) for field in form.visible_fields() if field.auto_id), "")


def _form_problems(form: BaseForm, errors, row: str = "") -> Iterator[Problem]:
    """`errors` is the form's error dict (a formset gives each row's, which is empty for a
    row marked for removal); `row` names the row of a formset ("Victim 2")."""
    prefix = f"{row}: " if row else ""
    for message in errors.get("__all__", []):
        yield Problem(f"{prefix}{message}", _first_visible_id(form))
    for name in form.fields:
        if name not in errors:
            continue
        field = form[name]
        target = _visible_id(field)
        label = f"{capfirst(field.label)}: " if field.label and target else ""
        for message in errors[name]:
            yield Problem(f"{prefix}{label}{message}", target or _first_visible_id(form))


def _formset_problems(formset: BaseFormSet) -> Iterator[Problem]:
    model = getattr(formset, "model", None)
    noun = capfirst(model._meta.verbose_name) if model is not None else _("Row")
    first = formset.forms[0] if formset.forms else None
    for message in formset.non_form_errors():
        yield Problem(str(message), _first_visible_id(first) if first else "")
    rows = zip(formset.forms, formset.errors, strict=True)
    for number, (form, errors) in enumerate(rows, start=1):
        yield from _form_problems(form, errors, row=f"{noun} {number}")


def problems_of(candidates: Iterable[object]) -> list[Problem]:
    """The problems of the bound forms and formsets among `candidates`, in their order,
    each form once however many names it has."""
    problems: list[Problem] = []
    seen: set[int] = set()
    for value in candidates:
        if isinstance(value, LazyObject) or id(value) in seen:
            continue  # (a lazy object, e.g. the CSRF token, is never a form; do not wake it)
        seen.add(id(value))
        if isinstance(value, BaseFormSet) and value.is_bound:
            problems.extend(_formset_problems(value))
            seen.update(id(form) for form in value.forms)
        elif isinstance(value, BaseForm) and value.is_bound:
            problems.extend(_form_problems(value, value.errors))
    return problems


@register.inclusion_tag("includes/error_summary_box.html", takes_context=True)
def error_summary(context) -> dict:
    request = context.get("request")
    if request is None or request.method != "POST":
        return {"problems": []}
    return {"problems": problems_of(context.flatten().values())}

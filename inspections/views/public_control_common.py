"""Helpers the public-control pages share. Every read goes through the scoping functions of
inspections/access.py (a record outside the scope answers 404); every write goes through the
public_control_* modules of inspections/services (a role that may not act answers 403)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from inspections.access import inspections_visible_to, violations_visible_to
from inspections.models import Inspection, Violation
from inspections.services import public_control_lifecycle as lifecycle
from inspections.services import public_control_rights as rights
from kzsafety.access import visible_or_404
from kzsafety.accounts.models import User
from kzsafety.formtools import attempt, create_once_from

TEMPLATES = "inspections/public_control"


@dataclass(frozen=True)
class Step:
    """A remediation step as the pages offer it (the violation page here and the council's
    remediation board): the write function fed from the step's form, and the message
    shown after it."""

    run: Callable[[User, Violation, dict], Violation]
    done: Any


REMEDIATION_STEPS = {
    "report_fixed": Step(
        lambda user, violation, data: lifecycle.violation_report_fixed(
            user=user,
            violation=violation,
            comment=data["comment"],
            photo=data.get("photo") or None,
        ),
        gettext_lazy("Reported fixed. The technical inspector will confirm it."),
    ),
    "eliminate": Step(
        lambda user, violation, data: lifecycle.violation_eliminate(
            user=user,
            violation=violation,
            eliminated_on=data["eliminated_on"],
            comment=data["comment"],
        ),
        gettext_lazy("The violation is eliminated."),
    ),
    "reopen": Step(
        lambda user, violation, data: lifecycle.violation_reopen(
            user=user, violation=violation, comment=data["comment"]
        ),
        gettext_lazy("The violation is open again."),
    ),
}


def inspection_or_404(request: HttpRequest, pk: int) -> Inspection:
    return visible_or_404(
        inspections_visible_to(request.user),
        pk,
        Inspection.objects.select_related(
            "enterprise__region", "enterprise__sector", "inspector", "notice"
        ),
    )


def violation_or_404(request: HttpRequest, pk: int) -> Violation:
    return visible_or_404(
        violations_visible_to(request.user),
        pk,
        Violation.objects.with_overdue().select_related(
            "inspection__enterprise", "inspection__notice", "category"
        ),
    )


def draft_form_page(
    request, inspection, form, template, action, success_message, allowed=rights.may_edit_inspection
):
    """A form page adding to an inspection; `allowed(user, inspection)` says who may use it
    (by default: the inspectors of a draft)."""
    if not allowed(request.user, inspection):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        result = attempt(
            form, lambda: create_once_from(request, form, lambda: action(form.cleaned_data))
        )
        if result is not None:
            messages.success(request, success_message(result))
            if "add_another" in request.POST:
                return redirect(request.path)
            return redirect(inspection)
    return render(request, f"{TEMPLATES}/{template}", {"form": form, "inspection": inspection})

"""Helpers the public-control pages share. Every read goes through the scoping functions of
inspections/access.py (a record outside the scope answers 404); every write goes through the
public_control_* modules of inspections/services (a role that may not act answers 403)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render

from inspections.access import inspections_visible_to, violations_visible_to
from inspections.models import Inspection, Violation
from inspections.services import public_control_rights as rights

TEMPLATES = "inspections/public_control"


def attempt(form, action: Callable[[], Any]) -> Any:
    """Run a service call; a refusal becomes an error on the form (field or whole form)."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def inspection_or_404(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        inspections_visible_to(request.user).select_related(
            "enterprise__region", "enterprise__sector", "inspector", "notice"
        ),
        pk=pk,
    )


def violation_or_404(request: HttpRequest, pk: int) -> Violation:
    return get_object_or_404(
        violations_visible_to(request.user)
        .with_overdue()
        .select_related("inspection__enterprise", "inspection__notice", "category"),
        pk=pk,
    )


def draft_form_page(request, inspection, form, template, action, success_message):
    if not rights.may_edit_inspection(request.user, inspection):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        result = attempt(form, lambda: action(form.cleaned_data))
        if result is not None:
            messages.success(request, success_message(result))
            if "add_another" in request.POST:
                return redirect(request.path)
            return redirect(inspection)
    return render(request, f"{TEMPLATES}/{template}", {"form": form, "inspection": inspection})

"""An inspection with its violations (and a photo for each, optional), started as a draft
the inspector reviews and finalizes online, like one started on the pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from inspections.forms.public_control import InspectionForm, ViolationForm
from inspections.models import Inspection
from inspections.services import public_control_recording as recording
from inspections.services import public_control_rights as rights
from kzsafety.access import enterprises_visible_to
from kzsafety.directories.models import ViolationCategory
from kzsafety.field.sending import (
    by_key,
    fields,
    form_errors,
    items,
    not_allowed,
    prefixed,
    receive,
)
from kzsafety.formtools import ONCE_FIELD

INSPECTION_FIELDS = ("enterprise", "date", "kind", "state_inspector_name", "notes")
VIOLATION_FIELDS = ("description", "category", "legal_reference", "deadline")


@never_cache
@login_required
@require_POST
def inspection_send(request: HttpRequest) -> JsonResponse:
    user = request.user
    if not rights.may_record_inspections(user):
        return not_allowed(_("Only technical inspectors record inspections."))
    try:
        rights.registry_record_of(user)
    except ValidationError as refusal:
        return not_allowed(" ".join(refusal.messages))

    def check(payload: dict, key: str):
        form = InspectionForm(
            {ONCE_FIELD: key, **fields(payload, INSPECTION_FIELDS)},
            enterprises=enterprises_visible_to(user),
        )
        errors = form_errors(form)
        violation_forms = []
        for index, violation in enumerate(items(payload, "violations", errors)):
            photo = request.FILES.get(f"photo-{index}")
            values = fields(violation, VIOLATION_FIELDS)
            values["category"] = by_key(ViolationCategory, values["category"])
            violation_form = ViolationForm(
                {ONCE_FIELD: key, **values},
                {"photo": photo} if photo else {},
            )
            errors.update(form_errors(violation_form, f"violations.{index}."))
            violation_forms.append(violation_form)

        def write() -> Inspection:
            data = form.cleaned_data
            inspection = recording.inspection_start(
                user=user,
                enterprise=data["enterprise"],
                date=data["date"],
                kind=data["kind"],
                state_inspector_name=data["state_inspector_name"],
                notes=data["notes"],
            )
            for index, violation_form in enumerate(violation_forms):
                found = violation_form.cleaned_data
                prefixed(
                    f"violations.{index}.",
                    lambda found=found: recording.violation_add(
                        user=user,
                        inspection=inspection,
                        description=found["description"],
                        deadline=found["deadline"],
                        category=found["category"],
                        legal_reference=found["legal_reference"],
                        photo=found.get("photo"),
                    ),
                )
            return inspection

        return errors, write

    return receive(request, kind=Inspection, check=check)

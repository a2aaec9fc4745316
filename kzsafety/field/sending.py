"""What the outbox sends: one entry per request, multipart (a JSON `payload`, the device's
one-time `key` and the photos as `photo-N`), with the page's CSRF token. The answer is JSON:
201 with the new record's address, 200 with the first record's when the key was used
before (an answer lost on the way back), 400 with the errors at the entry's fields
(`date`, `violations.1.deadline`, …) so the outbox can show them where they belong, 403
when the user may not record at all.

Nothing from the device is trusted: the values go through the online forms (the enterprise
picker is the user's scope) and the write functions, inside kzsafety.idempotency's
create_once so that the key and the record are committed together or not at all."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from inspections.forms.public_control import InspectionForm, ViolationForm
from inspections.models import Inspection
from inspections.services import public_control_recording as recording
from inspections.services import public_control_rights as rights
from kzsafety.access import enterprises_visible_to
from kzsafety.formtools import ONCE_FIELD
from kzsafety.idempotency import KEY_PATTERN, create_once, first_result

GENERAL = "__all__"
MAX_VIOLATIONS = 100


def _refused(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"state": "refused", "errors": errors}, status=status)


def _sent(record, created: bool) -> JsonResponse:
    return JsonResponse(
        {"state": "sent", "created": created, "url": record.get_absolute_url()},
        status=201 if created else 200,
    )


def _errors_of(error: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {f"{prefix}{field}": messages for field, messages in error.message_dict.items()}
    return {f"{prefix}{GENERAL}": error.messages}


def _form_errors(form, prefix: str = "") -> dict[str, list[str]]:
    return {
        f"{prefix}{GENERAL if field == ONCE_FIELD else field}": list(messages)
        for field, messages in form.errors.items()
    }


def _payload(request: HttpRequest) -> dict:
    try:
        payload = json.loads(request.POST.get("payload", ""))
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise ValidationError(_("The entry could not be read; save it again and send it."))
    return payload


def _text(value) -> str:
    """A value of the payload as the forms take it: anything not text or a number is
    blank, so a crafted payload is a message on the form, never an exception."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | str):
        return str(value)
    return ""


@never_cache
@login_required
@require_POST
def inspection_send(request: HttpRequest) -> JsonResponse:
    """An inspection with its violations (and a photo for each, optional), started as a
    draft the inspector reviews and finalizes online, like one started on the pages."""
    user = request.user
    if not rights.may_record_inspections(user):
        return _refused({GENERAL: [_("Only technical inspectors record inspections.")]}, 403)
    try:
        rights.registry_record_of(user)
    except ValidationError as refusal:
        return _refused({GENERAL: refusal.messages}, 403)
    key = request.POST.get("key", "")
    if not KEY_PATTERN.match(key):
        return _refused({GENERAL: [_("The entry has no valid key; save it again.")]})
    earlier = first_result(user, key)
    if isinstance(earlier, Inspection):
        return _sent(earlier, created=False)
    try:
        payload = _payload(request)
    except ValidationError as error:
        return _refused(_errors_of(error))

    errors: dict[str, list[str]] = {}
    form = InspectionForm(
        {
            ONCE_FIELD: key,
            **{
                name: _text(payload.get(name))
                for name in ("enterprise", "date", "kind", "state_inspector_name", "notes")
            },
        },
        enterprises=enterprises_visible_to(user),
    )
    errors.update(_form_errors(form))
    violations = payload.get("violations") or []
    if not isinstance(violations, list) or len(violations) > MAX_VIOLATIONS:
        violations = []
        errors[f"violations.{GENERAL}"] = [_("The violations could not be read.")]
    violation_forms = []
    for index, entry in enumerate(violations):
        entry = entry if isinstance(entry, dict) else {}
        photo = request.FILES.get(f"photo-{index}")
        violation_form = ViolationForm(
            {
                ONCE_FIELD: key,
                **{
                    name: _text(entry.get(name))
                    for name in ("description", "category", "legal_reference", "deadline")
                },
            },
            {"photo": photo} if photo else {},
        )
        errors.update(_form_errors(violation_form, f"violations.{index}."))
        violation_forms.append(violation_form)
    if errors:
        return _refused(errors)

    def create() -> Inspection:
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
            try:
                recording.violation_add(
                    user=user,
                    inspection=inspection,
                    description=found["description"],
                    deadline=found["deadline"],
                    category=found["category"],
                    legal_reference=found["legal_reference"],
                    photo=found.get("photo"),
                )
            except ValidationError as error:
                raise ValidationError(_errors_of(error, f"violations.{index}.")) from error
        return inspection

    try:
        inspection, created = create_once(user=user, key=key, create=create)
    except ValidationError as error:
        return _refused(_errors_of(error))
    except PermissionDenied as refusal:
        return _refused({GENERAL: [str(refusal) or _("You may not record this.")]}, 403)
    return _sent(inspection, created)

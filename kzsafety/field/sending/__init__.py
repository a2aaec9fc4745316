"""What the outbox sends: one entry per request, multipart (a JSON `payload`, the device's
one-time `key` and the photos: `photo` for the entry, `photo-N` for its N-th item), with the
page's CSRF token. The answer is JSON: 201 with the new record's address, 200 with the
first record's when the key was used before (an answer lost on the way back), 400 with the
errors at the entry's fields (`date`, `violations.1.deadline`, …) so the outbox can show
them where they belong, 403 when the user may not make such an entry at all.

Nothing from the device is trusted: the values go through the online forms (whose pickers
are the user's scope) and the write functions, inside kzsafety.idempotency's create_once
so that the key and the record are committed together or not at all. One module per kind
of entry; `receive` is the steps they share."""

import json
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from kzsafety.formtools import ONCE_FIELD
from kzsafety.idempotency import KEY_PATTERN, create_once, first_result

GENERAL = "__all__"
MAX_ITEMS = 100

Errors = dict[str, list[str]]
# From the payload: the errors at the entry's fields, and the write to run when there are none.
Check = Callable[[dict, str], tuple[Errors, Callable[[], Model]]]


def refused(errors: Errors, status: int = 400) -> JsonResponse:
    return JsonResponse({"state": "refused", "errors": errors}, status=status)


def not_allowed(message: str) -> JsonResponse:
    return refused({GENERAL: [message]}, 403)


def _sent(record: Model, created: bool) -> JsonResponse:
    return JsonResponse(
        {"state": "sent", "created": created, "url": record.get_absolute_url()},
        status=201 if created else 200,
    )


def errors_of(error: ValidationError, prefix: str = "") -> Errors:
    if hasattr(error, "error_dict"):
        return {f"{prefix}{field}": messages for field, messages in error.message_dict.items()}
    return {f"{prefix}{GENERAL}": error.messages}


def form_errors(form, prefix: str = "") -> Errors:
    return {
        f"{prefix}{GENERAL if field == ONCE_FIELD else field}": list(messages)
        for field, messages in form.errors.items()
    }


def text(value) -> str:
    """A value of the payload as the forms take it: anything not text or a number is
    blank, so a crafted payload is a message on the form, never an exception."""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, int | float | str):
        return str(value)
    return ""


def by_key(model: type[Model], value: str) -> str:
    """A reference picker's value as the online forms take it (the id): the device sends
    the entry's key (as the API does); an id is taken as it is. An unknown key stays as
    sent, so the form says the choice is not valid."""
    if value and not value.isdigit():
        pk = model.objects.filter(key=value).values_list("pk", flat=True).first()
        return str(pk) if pk else value
    return value


def fields(source: dict, names) -> dict[str, str]:
    return {name: text(source.get(name)) for name in names}


def items(payload: dict, name: str, errors: Errors) -> list[dict]:
    """The entry's repeated parts (violations, victims), each a dict."""
    found = payload.get(name) or []
    if not isinstance(found, list) or len(found) > MAX_ITEMS:
        errors[f"{name}.{GENERAL}"] = [_("This part of the entry could not be read.")]
        return []
    return [entry if isinstance(entry, dict) else {} for entry in found]


def prefixed(prefix: str, write: Callable[[], Model]) -> Model:
    """Run a write of one item, its refusal named at that item's fields."""
    try:
        return write()
    except ValidationError as error:
        raise ValidationError(errors_of(error, prefix)) from error


def receive(request: HttpRequest, *, kind: type[Model], check: Check) -> JsonResponse:
    """The steps every kind of entry shares, after the view checked who may send it."""
    user = request.user
    key = request.POST.get("key", "")
    if not KEY_PATTERN.match(key):
        return refused({GENERAL: [_("The entry has no valid key; save it again.")]})
    earlier = first_result(user, key)
    if isinstance(earlier, kind):
        return _sent(earlier, created=False)
    try:
        payload = json.loads(request.POST.get("payload", ""))
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return refused({GENERAL: [_("The entry could not be read; save it again and send it.")]})
    errors, write = check(payload, key)
    if errors:
        return refused(errors)
    try:
        record, created = create_once(user=user, key=key, create=write)
    except ValidationError as error:
        return refused(errors_of(error))
    except PermissionDenied as refusal:
        return not_allowed(str(refusal) or _("You may not record this."))
    return _sent(record, created)

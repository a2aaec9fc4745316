"""What every write endpoint shares: running a write function and turning its refusal into
the API's JSON error (a stale version of an update into 409), and the Idempotency-Key of a
create.

The write endpoints are the third face of the write functions (after the forms and the
imports): they parse JSON, call the same function the form calls and answer with what it
said. A refusal (ValidationError) keeps its fields and its code; a stale version answers
409; a role that may not act answers 403."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from kzsafety.access import enterprises_visible_to
from kzsafety.api.errors import NON_FIELD, django_validation_error
from kzsafety.directories.models import Enterprise
from kzsafety.idempotency import KEY_PATTERN, KEY_REUSED, create_once, first_result
from kzsafety.records import is_stale


class ReferenceKey(serializers.SlugRelatedField):
    """An entry of a reference list by its key. A value no key can be (not text, longer
    than a key, a NUL character the database refuses) is refused at its field like any
    other invalid value, before it reaches a query (found by schemathesis: a NUL in
    `event_type` was a 500)."""

    LONGEST = 64  # the keys' max_length

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data or len(data) > self.LONGEST:
            self.fail("invalid")
        return super().to_internal_value(data)


IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


class Conflict(exceptions.APIException):
    """The record changed since the client read it (its version moved on)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"
    default_detail = gettext_lazy("The record was changed by someone else.")


class KeyReused(exceptions.APIException):
    """An Idempotency-Key sent again with a different request."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = KEY_REUSED
    default_detail = gettext_lazy("This Idempotency-Key was already used for another request.")


def refusal(error: ValidationError, nest: Callable[[dict], dict] | None = None) -> Exception:
    """The API exception for a write function's ValidationError. `nest` may move field
    errors to where the request had them (a violation's field under violations[n])."""
    if is_stale(error):
        return Conflict(
            _(
                "Someone else saved this record after you read it (it is now version "
                "%(version)s). Read it again, apply your change and send the new version."
            )
            % {"version": (error.params or {}).get("version")}
        )
    if getattr(error, "code", None) == KEY_REUSED:
        return KeyReused(error.messages[0])
    if getattr(error, "code", None) == "used_key":
        # The record the key made has been deleted since: the key stays used.
        used = KeyReused(
            _(
                "This Idempotency-Key was used for a record that no longer exists. Make a "
                "new key to create the record again."
            )
        )
        used.code = "key_used"
        return used
    converted = django_validation_error(error)
    if nest is not None:
        detail = converted.detail
        if not isinstance(detail, dict):
            detail = {NON_FIELD: detail}
        converted = exceptions.ValidationError(nest(detail))
    return converted


def attempt(action: Callable[[], Any], nest: Callable[[dict], dict] | None = None) -> Any:
    """Run a write function; its refusal becomes the API's error, and a role that may not
    act gets 403 with the write function's own words."""
    try:
        return action()
    except ValidationError as error:
        raise refusal(error, nest) from error
    except PermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


def enterprises_in_scope(context: dict) -> QuerySet[Enterprise]:
    """The enterprises a serializer may name: the requesting user's (none when the schema
    is being generated, without a request)."""
    request = context.get("request")
    if request is None:
        return Enterprise.objects.none()
    return enterprises_visible_to(request.user)


def fingerprint(request: Request) -> str:
    """What makes two requests the same request: method, path and the parsed body (key
    order and spacing do not matter)."""
    body = json.dumps(request.data, sort_keys=True, default=str, ensure_ascii=False)
    text = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    if not KEY_PATTERN.match(key):
        raise exceptions.ValidationError(
            {
                IDEMPOTENCY_HEADER: [
                    exceptions.ErrorDetail(
                        _(
                            "An Idempotency-Key is 16 to 64 letters, digits, '-' or '_' "
                            "(a UUID will do)."
                        ),
                        code="invalid_idempotency_key",
                    )
                ]
            }
        )
    return key


def replayed(request: Request, answer: Callable[[Model], Response]) -> Response | None:
    """The answer to a create whose Idempotency-Key an earlier request already used: the
    first request's record, as the first answer gave it; None for a new key. Called before
    the body is validated, as the forms do (kzsafety.formtools.answers_repeats)."""
    key = idempotency_key(request)
    if key is None:
        return None
    record = attempt(lambda: first_result(request.user, key, fingerprint(request)))
    if record is None:
        return None
    response = answer(record)
    response[REPLAYED_HEADER] = "true"
    return response


def created_once(
    request: Request, create: Callable[[], Model], answer: Callable[[Model], Response]
) -> Response:
    """Run a create once per Idempotency-Key (when the request has one): two requests with
    the same key, even at the same moment, make one record and get the same answer."""
    key = idempotency_key(request)
    if key is None:
        return answer(create())
    record, created = attempt(
        lambda: create_once(
            user=request.user, key=key, create=create, fingerprint=fingerprint(request)
        )
    )
    response = answer(record)
    if not created:
        response[REPLAYED_HEADER] = "true"
    return response


class ScopedEnterprise(serializers.Serializer):
    """The enterprise of a record sent in: by its id or its BIN, within the sender's scope
    (`self.enterprises`)."""

    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=gettext_lazy("The enterprise's id; or give enterprise_bin instead."),
        error_messages={
            "does_not_exist": gettext_lazy("No enterprise with this id in your scope.")
        },
    )
    enterprise_bin = serializers.CharField(
        required=False,
        max_length=12,
        write_only=True,
        help_text=gettext_lazy("12 digits; the enterprise must be in your scope."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises_in_scope(self.context)
        self.fields["enterprise"].queryset = self.enterprises

    def validate_enterprise_bin(self, value: str) -> Enterprise:
        enterprise = self.enterprises.filter(bin=value.strip()).first()
        if enterprise is None:
            raise serializers.ValidationError(
                _("No enterprise with BIN %(bin)s in your scope.") % {"bin": value.strip()}
            )
        return enterprise

"""Every error of the API as JSON: {"code": "...", "detail": "..."} and, for a 400 on
input, "errors": {field: [{"message": ..., "code": ...}]} (non-field errors under
"non_field_errors"). Codes are stable; messages follow the request's language."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from kzsafety.records import STALE

logger = logging.getLogger("kzsafety.api")

NON_FIELD = "non_field_errors"


def _field_errors(detail) -> dict:
    """DRF's nested error details as {field: [{"message", "code"}]}."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    return {NON_FIELD: _flatten(detail)}


def _flatten(value) -> list | dict:
    if isinstance(value, dict):
        return {key: _flatten(item) for key, item in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return [_flatten(item) for item in value]
        flat = []
        for item in value:
            flat.extend(_flatten(item) if isinstance(item, list) else [_one(item)])
        return flat
    return [_one(value)]


def _one(item) -> dict:
    return {"message": str(item), "code": getattr(item, "code", "invalid")}


def django_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A write function's ValidationError as DRF's, field by field."""
    if hasattr(error, "error_dict"):
        detail = {
            (NON_FIELD if field == "__all__" else field): [
                exceptions.ErrorDetail(message, code=item.code or "invalid")
                for item in items
                for message in item
            ]
            for field, items in error.error_dict.items()
        }
    else:
        detail = [
            exceptions.ErrorDetail(message, code=item.code or "invalid")
            for item in error.error_list
            for message in item
        ]
    return exceptions.ValidationError(detail)


def _django_codes(error: DjangoValidationError) -> set:
    if hasattr(error, "error_dict"):
        return {item.code for items in error.error_dict.values() for item in items}
    return {item.code for item in error.error_list}


def json_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if STALE in _django_codes(exc):
            # An update from an older version than the record's (kzsafety/records.py).
            return Response(
                {"code": "stale", "detail": " ".join(exc.messages)},
                status=status.HTTP_409_CONFLICT,
            )
        exc = django_validation_error(exc)
    elif isinstance(exc, RequestDataTooBig):
        return Response(
            {"code": "request_too_large", "detail": _("The request body is too large.")},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        # Anything else is our bug: logged with its traceback, answered as JSON.
        logger.error("API error", exc_info=exc)
        return Response(
            {"code": "server_error", "detail": _("A server error occurred.")},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": _("The request has invalid fields."),
            "errors": _field_errors(exc.detail),
        }
        return response
    code = getattr(exc, "code", None) or exc.get_codes()
    if not isinstance(code, str):
        code = exc.default_code
    response.data = {"code": code, "detail": str(exc.detail)}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response.data["retry_after"] = int(exc.wait) + 1 if exc.wait % 1 else int(exc.wait)
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/: JSON, not the site's HTML 404 page (nor, for a POST, the
    HTML page of a failed CSRF check: there is nothing here to protect)."""
    return JsonResponse(
        {"code": "not_found", "detail": _("No API endpoint at this address.")}, status=404
    )


# --- Errors raised before a view (middleware, URL resolving) or outside DRF -----------------
# Django's handlers answer with the site's HTML pages; under /api/ they answer JSON too.

API_PREFIX = "/api/"


def _json_or(page, request, status_code: int, code: str, detail: str, *args):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"code": code, "detail": detail}, status=status_code)
    return page(request, *args)


def bad_request(request, exception):
    detail = str(exception) if str(exception) else _("The request is not valid.")
    return _json_or(defaults.bad_request, request, 400, "bad_request", detail, exception)


def permission_denied(request, exception):
    detail = _("You do not have permission to perform this action.")
    return _json_or(
        defaults.permission_denied, request, 403, "permission_denied", detail, exception
    )


def page_not_found(request, exception):
    detail = _("No API endpoint at this address.")
    return _json_or(defaults.page_not_found, request, 404, "not_found", detail, exception)


def server_error(request):
    return _json_or(
        defaults.server_error, request, 500, "server_error", _("A server error occurred.")
    )

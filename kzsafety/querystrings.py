"""What pages read from a query string, parsed once for every app: a record id, and the
refusal of a NUL byte anywhere in the query."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LARGEST_ID = 2**63 - 1  # a PostgreSQL bigint, the widest primary key we have


def id_from(value: object) -> int | None:
    """A record id written in ASCII digits, or None for anything else. str.isdigit()
    accepts "²" and int() accepts "٣"; neither is an id a link of ours carries."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    if len(value) > len(str(LARGEST_ID)) or not 0 < int(value) <= LARGEST_ID:
        return None
    return int(value)


def refuse_nul_bytes(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: 400 for a query string with a NUL byte in a name or a value. PostgreSQL
    can neither store nor compare text holding one (a DataError, so a 500, in any search
    or filter), and no link or form of ours sends one. Posted forms are left to their
    fields, which refuse it with a message."""

    def middleware(request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequest(_("The address holds a character that is not allowed."))
        return get_response(request)

    return middleware

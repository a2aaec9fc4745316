"""The API's rows of the URL × role matrix (tests/kzsafety/test_url_role_matrix.py). A JSON
endpoint has no log-in page: anonymous gets 401; a role outside a record's scope gets 404.
Write endpoints (kzsafety/api/writes) add their rows here too."""

from tests.kzsafety.url_role_cases import SIGNED_IN, STAFF, Entry

ANONYMOUS_401 = (401, 401)


def api_list(readers=SIGNED_IN, **more) -> Entry:
    """A read-only list: GET answers 200 (the role's scope, maybe empty), POST 405."""
    return Entry(read=readers, write=readers, post=405, anonymous=ANONYMOUS_401, **more)


def api_detail(record: str, **more) -> Entry:
    """A read-only record: 200 in scope, 404 outside it, POST 405 (or 404 outside)."""
    return Entry(
        read=SIGNED_IN,
        write=SIGNED_IN,
        record=record,
        post=405,
        anonymous=ANONYMOUS_401,
        **more,
    )


# URL name prefix (the router's basename) -> the matrix's record kind of its detail
READ_FAMILIES = {
    "enterprise": "enterprise",
    "inspector": "inspector",
    "accident": "accident",
    "inspection": "finalized_inspection",
    "violation": "open_violation",
    "notice": "notice",
    "stoppage": "stoppage",
    "council": "council",
    "decision": "decision",
}

API_TABLE: dict[str, Entry] = {
    "api:me": api_list(),
    "api:annual_report": Entry(
        read=STAFF,
        write=STAFF,
        record="report_year",
        seen=(SIGNED_IN, SIGNED_IN),
        post=405,
        anonymous=ANONYMOUS_401,
        note="the report of the user's basis; refused to roles without statistics",
    ),
    **{f"api:{name}-list": api_list() for name in READ_FAMILIES},
    **{f"api:{name}-detail": api_detail(kind) for name, kind in READ_FAMILIES.items()},
}

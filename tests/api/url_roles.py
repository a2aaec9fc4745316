"""The API's rows of the URL × role matrix (tests/kzsafety/test_url_role_matrix.py). A JSON
endpoint has no log-in page: anonymous gets 401; a role outside a record's scope gets 404.
Write endpoints (kzsafety/api/writes) add their rows here too."""

from tests.kzsafety.url_role_cases import (
    COUNCIL_PEOPLE,
    FEDERATION,
    FILERS,
    INSPECTORS,
    SIGNED_IN,
    STAFF,
    Entry,
    form,
)

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

# A token is its owner's: A's is inspector_a's, B's inspector_b's; federation staff see all.
OWN_TOKENS = (frozenset({"inspector_a"}) | FEDERATION, frozenset({"inspector_b"}) | FEDERATION)

API_TABLE: dict[str, Entry] = {
    # the token pages (HTML, under /accounts/tokens/)
    "api_tokens:list": form(SIGNED_IN),
    "api_tokens:all": Entry(read=FEDERATION, write=FEDERATION, post=200),
    "api_tokens:revoke": Entry(
        read=SIGNED_IN,
        write=SIGNED_IN,
        record="api_token",
        seen=OWN_TOKENS,
        note="GET asks to confirm, POST revokes; others' tokens are 404 but to federation",
    ),
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


# Write endpoints (kzsafety/api/writes). The matrix posts a form-encoded body: a role that may
# write passes the role check and is refused the body (415, JSON only), the others get 403
# (404 outside the record's scope); nothing changes either way. Their JSON bodies are
# tested in tests/api/test_*_writes.py and by schemathesis.
API_TABLE.update(
    {
        "api:accident-list": Entry(read=SIGNED_IN, write=FILERS, post=415, anonymous=ANONYMOUS_401),
        "api:inspection-list": Entry(
            read=SIGNED_IN, write=INSPECTORS, post=415, anonymous=ANONYMOUS_401
        ),
        "api:accident-submit": Entry(
            write=frozenset(),  # the matrix's accident is submitted: nobody submits it again
            record="accident",
            get=405,
            post=403,
            anonymous=ANONYMOUS_401,
        ),
        "api:violation-remediation": Entry(
            write=COUNCIL_PEOPLE,
            record="open_violation",
            get=405,
            post=415,
            anonymous=ANONYMOUS_401,
        ),
    }
)

"""The machinery of the URL × role matrix (tests/kzsafety/test_url_role_matrix.py): role
sets, the table's entry and its shorthands, the cases walked from the URLconf, and the
statuses an entry allows for a case."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.kzsafety.url_role_records import ROLES

Roles = frozenset[str]

SIGNED_IN: Roles = frozenset(ROLES) - {"anonymous"}
NOBODY: Roles = frozenset()
SCOPE_A: Roles = frozenset(
    {"inspector_a", "council_a", "regional", "sector", "federation", "superuser"}
)
SCOPE_B: Roles = frozenset({"inspector_b", "federation", "superuser"})
INSPECTORS: Roles = frozenset({"inspector_a", "inspector_b"})
COUNCIL_PEOPLE: Roles = INSPECTORS | {"council_a"}
FEDERATION: Roles = frozenset({"federation", "superuser"})
REGIONAL_AND_FEDERATION: Roles = FEDERATION | {"regional"}
STAFF: Roles = REGIONAL_AND_FEDERATION | {"sector"}
FILERS: Roles = INSPECTORS | REGIONAL_AND_FEDERATION

LOGIN = "login"  # 302 to the log-in page
REFUSED = frozenset({403, 404})  # a role that may not act, outside its scope: either


@dataclass(frozen=True)
class Entry:
    """What one URL name answers each role; see the module docstring of the test."""

    read: Roles = NOBODY  # roles whose GET is answered `get`
    write: Roles = NOBODY  # roles whose POST is answered `post`
    record: str | None = None  # the kind of record the URL's argument names
    get: int = 200  # 405: the view takes POST only
    post: int | str = 302  # 200: the form again with its errors; 405: GET only
    refused: int = 403  # what a role in scope but not in read/write gets
    # who sees the record of A and of B (default: the scope of each enterprise)
    seen: tuple[Roles, Roles] = (SCOPE_A, SCOPE_B)
    # what anonymous gets on GET and on POST
    anonymous: tuple[int | str, int | str] = (LOGIN, LOGIN)
    # the POST's body, from the module's records (a Matrix)
    data: Callable[[object], dict] | None = None
    # roles whose POST the body answers otherwise than `post` (e.g. a create that succeeds)
    post_by: tuple[tuple[str, int], ...] = ()
    # roles for whom the body names a record outside their scope: their POST changes nothing
    outsiders: Roles = NOBODY
    note: str = ""


def page(readers: Roles = SIGNED_IN, record: str | None = None, **more) -> Entry:
    """A page with no POST handling of its own: a POST renders it like a GET."""
    return Entry(read=readers, write=readers, record=record, post=200, **more)


def post_only(writers: Roles, record: str | None = None, post: int = 302, **more) -> Entry:
    return Entry(write=writers, record=record, get=405, post=post, **more)


def form(writers: Roles, record: str | None = None, post: int = 200, **more) -> Entry:
    """A form page: GET shows it, an empty POST shows it again with its errors."""
    return Entry(read=writers, write=writers, record=record, post=post, **more)


def body(**fields) -> Callable[[object], dict]:
    return lambda matrix: dict(fields)


# --- the cases, from the URLconf ------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str
    has_argument: bool


def url_patterns(patterns=None, namespace: str = "", arguments: bool = False) -> list[Pattern]:
    """Every named pattern of the URLconf, with its namespace, walked recursively."""
    found = []
    for item in get_resolver().url_patterns if patterns is None else patterns:
        takes = arguments or bool(item.pattern.regex.groups)
        if isinstance(item, URLResolver):
            inner = f"{namespace}{item.namespace}:" if item.namespace else namespace
            found += url_patterns(item.url_patterns, inner, takes)
        elif isinstance(item, URLPattern):
            found.append(Pattern(f"{namespace}{item.name}", takes))
    return found


@dataclass(frozen=True)
class Case:
    name: str
    role: str
    method: str
    side: str | None = None

    @property
    def id(self) -> str:
        where = f"[{self.side}]" if self.side else ""
        return f"{self.name}{where}-{self.role}-{self.method}"


def cases(patterns: list[Pattern]) -> list[Case]:
    found = []
    for pattern in patterns:
        for role in ROLES:
            for method in ("GET", "POST"):
                if not pattern.has_argument:
                    found.append(Case(pattern.name, role, method))
                    continue
                for side in ("A",) if role in ONE_SIDE else ("A", "B"):
                    found.append(Case(pattern.name, role, method, side))
    return found


# Roles for whom A and B are alike: anonymous is sent to log in, federation staff and the
# superuser see both, a user without a role neither. One side is enough for them.
ONE_SIDE = {"anonymous", "federation", "superuser", "no_role"}


def expected(entry: Entry, case: Case) -> frozenset:
    """The statuses the table allows for this case."""
    if case.role == "anonymous":
        return frozenset({entry.anonymous[case.method == "POST"]})
    status = entry.get if case.method == "GET" else dict(entry.post_by).get(case.role, entry.post)
    allowed = entry.read if case.method == "GET" else entry.write
    if status == 405:
        return frozenset({405})
    if entry.record is not None:
        seen = entry.seen[case.side == "B"]
        if case.role not in seen:
            return frozenset({404}) if case.role in allowed else REFUSED
    return frozenset({status if case.role in allowed else entry.refused})


def client_for(matrix, role: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[role]
    return client


def request(client: Client, method: str, url: str, data: dict | None):
    if method == "GET":
        return client.get(url)
    return client.post(url, data or {})

"""An optional read replica of the database, for the reads that are heavy and can be a
moment old: the statistics page, exports, and the counts of list pages.

Set DATABASE_REPLICA_URL and the database alias "replica" points at a streaming replica of
the primary (docs/operations.md). Reads go there only where the code opts in with
`replica_reads` (a decorator or a context manager); everything else reads and writes the
primary, as without a replica. Even inside `replica_reads` a read goes to the primary:

- inside a transaction (a read that is part of a write must see the write's own rows);
- after any write in the same request (it may not have reached the replica);
- for a user who wrote in the last DATABASE_REPLICA_PIN_SECONDS: any request other than
  GET/HEAD/OPTIONS/TRACE sets a cookie that pins the browser to the primary for that
  long, so a user who just saved a report sees it in the statistics at once, however far
  the replica lags. Choose the time above the replica's usual lag (measured by
  bench/bench_replica.py).

A forged or stale cookie can only send reads to the primary, never show other data.

A background export reads the replica too: it starts after the request that asked for it
has committed, and the replica is normally well under a second behind; a task's own
bookkeeping writes (claiming the job, its heartbeat) do not pin it."""

import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property, wraps
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "kz_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

# Per request or task (a context variable: threads and async tasks each have their own).
_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_pinned: ContextVar[bool] = ContextVar("replica_pinned", default=False)
_in_request: ContextVar[bool] = ContextVar("replica_in_request", default=False)


def replica_alias() -> str | None:
    """The replica's alias when one is configured (settings.DATABASE_REPLICA)."""
    alias = getattr(settings, "DATABASE_REPLICA", None)
    return alias if alias and alias in settings.DATABASES else None


@contextmanager
def replica_reads():
    """Reads in this block may go to the replica (see the module's rules)."""
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def replica_view(view: Callable) -> Callable:
    """A view whose reads may go to the replica."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


def pin_to_primary() -> None:
    """Send the rest of this request's or task's reads to the primary."""
    _pinned.set(True)


def reading_replica() -> bool:
    """Whether a read now would go to the replica."""
    return (
        replica_alias() is not None
        and _allowed.get()
        and not _pinned.get()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads to the replica where allowed, the rest to the
    primary; the replica is never written to nor migrated."""

    def db_for_read(self, model, **hints) -> str:
        alias = replica_alias()
        return alias if alias is not None and reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        if _in_request.get():
            pin_to_primary()  # what follows this write in the request reads the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaPaginator(Paginator):
    """A paginator whose count (the heavy part of a long list) may come from the replica;
    the page's rows come from wherever the view reads.

    With `user`, the count is shared by the user's scope through the scope cache
    (kzsafety/scope_cache.py: staff scopes, until a write in the scope commits), keyed by
    the query itself, so every combination of filters has its own."""

    def __init__(self, object_list, per_page, *, user=None, rows=None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.user = user
        self.rows = rows  # ids -> the rows with what the page shows; see page()

    def page(self, number):
        """The page's rows in two queries: the ids of the page, in the list's order, with
        none of the joins and counts (an index scan); then those rows with them. On the
        national data one query for both took PostgreSQL 5–8 ms to plan and 16–20 ms to
        run for 25 inspections (it joined hundreds of rows before the limit); the two
        take 0.3 + 3–7 ms (docs/performance.md, "Lists, third round"). With `rows` (a
        function of the ids), the second query is that function's, without the list's
        filters and scope: the ids already come from them."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.rows(ids) if self.rows else self.object_list.order_by().filter(pk__in=ids)
        found = {row.pk: row for row in rows}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)

    @cached_property
    def count(self) -> int:
        from kzsafety import scope_cache

        with replica_reads():
            counted = self.object_list.order_by()
            if self.user is None:
                return counted.count()
            return scope_cache.cached_for_query(self.user, "list-count", counted, counted.count)


def pin_seconds() -> int:
    return int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 30))


class ReplicaPinMiddleware:
    """Pins a browser that wrote recently to the primary (the cookie), and starts each
    request unpinned otherwise. Without a replica it does nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if replica_alias() is None:
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        token = _pinned.set(writes or _recently_pinned(request))
        scope = _in_request.set(True)
        try:
            response = self.get_response(request)
        finally:
            _in_request.reset(scope)
            _pinned.reset(token)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + pin_seconds()),
                max_age=pin_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _recently_pinned(request: HttpRequest) -> bool:
    try:
        until = int(request.COOKIES.get(PIN_COOKIE, "0"))
    except ValueError:
        return False
    return until > time.time()

"""Who may see what. Every list, page, export, chart and import reads through these
functions; no view filters by role itself. One function per model family.

This module holds the rule (`scoped`) and the families of the project-wide directories.
Apps higher up keep their families in their own `access.py`, built on `scoped`, so that
nothing here imports upward (e.g. `inspections.access.accidents_visible_to`)."""

from collections.abc import Callable
from contextvars import ContextVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise, TechnicalInspector

# Within a request that only reads (GET, HEAD): the enterprise ids of each user's scope,
# read once (ScopeMemoMiddleware). None elsewhere: writes, tasks, commands, shells.
_memo: ContextVar[dict | None] = ContextVar("scope_memo", default=None)


class ScopeMemoMiddleware:
    """A request that only reads works out an inspector's or council member's enterprises
    once, as a list, instead of building and compiling the UNION below into every query
    of the page (≈ 1.5 ms of CPU each time; docs/performance.md, "Lists, fourth round").
    A request that writes keeps the subquery, so every read in it sees its own writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def enterprise_ids_of(user: User) -> QuerySet | list[int]:
    """Enterprises an inspector or council member works at: the one on the account plus,
    for inspectors, those of their active registry records. A UNION of the two, used as a
    subquery: the same condition written as one query joining enterprises to the registry
    with an OR made the database scan both tables for every list (19–29 ms a page at
    national scale; the UNION: under 1 ms). In a request that only reads, the ids of that
    UNION, read once per request (ScopeMemoMiddleware)."""
    memo = _memo.get()
    if memo is None:
        return _enterprises_of(user)
    key = (user.pk, user.role, user.enterprise_id)
    if key not in memo:
        memo[key] = sorted(row["pk"] for row in _enterprises_of(user))
    return memo[key]


def _enterprises_of(user: User) -> QuerySet:
    own = Enterprise.objects.filter(pk=user.enterprise_id).order_by().values("pk")
    if user.role != Role.INSPECTOR:
        return own
    today = timezone.localdate()
    serving = (
        TechnicalInspector.objects.filter(user=user, enterprise__isnull=False)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .order_by()
        .values("enterprise_id")
    )
    return own.union(serving)


def _scope_filter(user: User, enterprise_path: str) -> Q | None:
    """A filter on `enterprise_path` (the lookup that leads to an Enterprise) for the user's
    scope, Q() for everything, or None for nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return Q()
    prefix = f"{enterprise_path}__" if enterprise_path else ""
    if user.role in (Role.INSPECTOR, Role.COUNCIL_MEMBER) and user.enterprise_id:
        return Q(**{f"{prefix}pk__in": enterprise_ids_of(user)})
    if user.role == Role.REGIONAL_STAFF and user.region_id:
        return Q(**{f"{prefix}region_id": user.region_id})
    if user.role == Role.SECTOR_STAFF and user.sector_id:
        return Q(**{f"{prefix}sector_id": user.sector_id})
    return None


def scoped(queryset: QuerySet, user: User, enterprise_path: str) -> QuerySet:
    """Limit any queryset to the user's scope, given the lookup path to its enterprise."""
    condition = _scope_filter(user, enterprise_path)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def visible_or_404(visible: QuerySet, pk, rows: QuerySet) -> Model:
    """The record `pk`, read from `rows` (its model with what the page joins), when the
    scoped queryset `visible` holds it; 404 otherwise, alike for a record that does not
    exist and one outside the scope. Two queries: the scope decides on the id alone, then
    the record is read by its id. As one query, the scope's subquery of an inspector beside
    five joins took PostgreSQL 6–9 ms to plan on the national data; the two take 0.2 and
    1.2 ms (docs/performance.md, "Lists, fourth round")."""
    if not visible.filter(pk=pk).exists():
        raise Http404(f"No {visible.model._meta.object_name} matches the given query.")
    return get_object_or_404(rows, pk=pk)


def enterprises_visible_to(user: User) -> QuerySet[Enterprise]:
    return scoped(Enterprise.objects.all(), user, "")


def inspectors_visible_to(user: User) -> QuerySet[TechnicalInspector]:
    """Inspectors of enterprises in scope; regional staff also see their region's inspectors
    who have no enterprise yet."""
    queryset = TechnicalInspector.objects.all()
    if user.is_authenticated and user.is_active and user.role == Role.REGIONAL_STAFF:
        return queryset.filter(region_id=user.region_id) if user.region_id else queryset.none()
    return scoped(queryset, user, "enterprise")

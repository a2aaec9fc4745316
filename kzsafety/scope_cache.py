"""Numbers that repeat, cached per scope and dropped by the writes in that scope.

The statistics page and the home panels of regional, sector and federation staff count
hundreds of thousands of rows, and every user of a scope sees the same numbers until a
record in it changes. They are kept in the cache under a key that holds the scope's
*generation*: a counter in the cache that every committed write in the scope moves on, so
the next request computes the numbers again under a new key (the old entries expire on
their own). Three counters cover every scope there is: the whole country, a region and a
sector. A write at an enterprise moves the counters of the country, of the enterprise's
region and of its sector; a region's counter does not move for a write in another region.

Which writes count: every save and delete of the models named in
settings.SCOPE_CACHE_WATCH, with the path from the record to the objects that carry its
`region_id` and `sector_id` (signals, connected when the apps are ready), and writes that
bypass `save()` (the imports' COPY, bulk paths) by calling `changed_everywhere()`. The
counters move when the transaction commits (`transaction.on_commit`), before the writer's
response goes out, so the user who made a write never sees numbers from before it; a
request that read an old counter stores its result under the old key, which nobody reads
again. Keys also hold the day (overdue counts depend on it) and expire after
settings.SCOPE_CACHE_SECONDS as a safety net; 0 turns the cache off. Numbers computed
on a read replica are kept under their own keys for DATABASE_REPLICA_PIN_SECONDS only.

When Redis cannot be reached, pages compute their numbers from the database (slower, never
wrong) and a write's counters cannot move: numbers cached before the outage that such a
write changed would show until they expire, so after an outage that did not empty Redis
(a network partition, not a restart: Redis keeps nothing on disk here) run
`forget_all()`. docs/operations.md says so.

With a cache each process keeps for itself (LocMemCache, when REDIS_URL is not set) the
counters are not shared between processes: that is the single-process development server,
where it is exact; several processes need Redis, as production has."""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from redis.exceptions import RedisError

from kzsafety.accounts.models import Role, User
from kzsafety.replica import pin_seconds, reading_replica

# What the cache raises when Redis cannot be reached (django's Redis backend passes on
# redis-py's errors; sockets raise OSError).
UNREACHABLE = (RedisError, OSError)
logger = logging.getLogger(__name__)

EVERYWHERE = "all"
EPOCH = "epoch"
PREFIX = "scope-cache"


def scope_of(user: User) -> str | None:
    """The cache scope of a user whose numbers are shared with the rest of the scope, or
    None for a user whose scope is their own (inspectors, council members): those are not
    cached."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return EVERYWHERE
    if user.role == Role.REGIONAL_STAFF and user.region_id:
        return f"region:{user.region_id}"
    if user.role == Role.SECTOR_STAFF and user.sector_id:
        return f"sector:{user.sector_id}"
    return None


def _counter(scope: str) -> str:
    return f"{PREFIX}:gen:{scope}"


def _generations(scope: str) -> tuple[int, int]:
    """The scope's counter and the counter every scope shares, in one round trip; a counter
    the cache has lost starts again from the clock, so it never repeats an old value."""
    keys = [_counter(scope), _counter(EPOCH)]
    found = cache.get_many(keys)
    values = []
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns())
            found[key] = cache.get(key, 0)
        values.append(found[key])
    return values[0], values[1]


def cached(user: User, name: str, compute: Callable[[], Any], *parts: Any) -> Any:
    """`compute()` for the user's scope, from the cache when no write in the scope has
    committed since it was stored. `parts` (year, window, …) complete the key; the result
    must be picklable and must not depend on the language (labels are added after)."""
    scope = scope_of(user)
    seconds = settings.SCOPE_CACHE_SECONDS
    if scope is None or seconds <= 0:
        return compute()
    # Numbers read from a replica may miss a write it has not replayed yet, though the
    # counter has moved: they are kept apart and only as long as a writer is pinned to
    # the primary (kzsafety/replica.py), so the writer never sees them and nobody sees
    # them for longer than that.
    source = "replica" if reading_replica() else "primary"
    if source == "replica":
        seconds = min(seconds, pin_seconds())
    try:
        generation, epoch = _generations(scope)
        day = timezone.localdate()
        key = ":".join(
            str(part) for part in (PREFIX, name, scope, source, generation, epoch, day, *parts)
        )
        value = cache.get(key)
    except UNREACHABLE:
        _unreachable(name)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except UNREACHABLE:
            _unreachable(name)
    return value


def _unreachable(what: str) -> None:
    logger.warning("scope cache: Redis unreachable (%s); numbers from the database", what)


def cached_for_query(user: User, name: str, queryset: QuerySet, compute: Callable[[], Any]) -> Any:
    """cached() for numbers computed from `queryset` (a list's count, its totals): the key
    holds a digest of the query's SQL and parameters, so every combination of filters has
    its own entry. An empty query (`none()`, an empty `IN`) is not asked at all."""
    try:  # the rows' ids are enough to tell one filter from another, and cheaper to write
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return compute()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    return cached(user, name, compute, digest)


def _bump(scopes: Iterable[str]) -> None:
    """Move the scopes' counters. A cache that cannot be reached is logged, never raised:
    the write has committed, and its request must not fail for the cache."""
    for scope in scopes:
        key = _counter(scope)
        try:
            try:
                cache.incr(key)
            except ValueError:  # not in the cache (never set, or evicted)
                cache.add(key, time.time_ns())
                cache.incr(key)
        except UNREACHABLE:
            logger.error("scope cache: could not move the counter %s (Redis unreachable)", key)


def changed(regions: Iterable[int | None] = (), sectors: Iterable[int | None] = ()) -> None:
    """A write at enterprises of these regions and sectors: their numbers, and the
    country's, are computed again once the transaction commits."""
    scopes = {EVERYWHERE}
    scopes.update(f"region:{region}" for region in regions if region)
    scopes.update(f"sector:{sector}" for sector in sectors if sector)
    transaction.on_commit(lambda: _bump(scopes))


def changed_everywhere() -> None:
    """A write that did not say where (an import, a bulk path): every scope computes its
    numbers again once the transaction commits."""
    transaction.on_commit(lambda: _bump([EPOCH]))


def forget_all() -> None:
    """Every scope computes its numbers again from now on (not waiting for a commit): for
    operators after a change made outside the application, and for tests."""
    _bump([EPOCH])


def _resolve(instance: Any, path: str) -> Any:
    for attribute in filter(None, path.split("__")):
        instance = getattr(instance, attribute, None)
        if instance is None:
            return None
    return instance


def _written(sender, instance, paths: tuple[str, ...], **kwargs) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    if not paths:
        changed_everywhere()
        return
    regions, sectors = set(), set()
    for path in paths:
        holder = _resolve(instance, path)
        if holder is not None:
            regions.add(getattr(holder, "region_id", None))
            sectors.add(getattr(holder, "sector_id", None))
    changed(regions, sectors)


def connect() -> None:
    """Watch the models of settings.SCOPE_CACHE_WATCH (called by the apps' ready())."""
    for label, paths in settings.SCOPE_CACHE_WATCH.items():
        model = apps.get_model(label)

        def receiver(sender, instance, paths=tuple(paths), **kwargs):
            _written(sender, instance, paths, **kwargs)

        uid = f"scope-cache:{label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)

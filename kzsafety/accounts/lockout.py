"""Log-in throttling on top of django-axes, with two separate locks.

* Per username: after AXES_FAILURE_LIMIT failures the account waits LOCKOUT_FIRST_COOLOFF
  after the last failure, and the wait doubles with every further failure, up to
  LOCKOUT_LONGEST_COOLOFF. A stranger can hold an account only about as long as they keep
  trying, while guessing stays at a few passwords a day. Failures count since the last
  successful log-in or unlock, forgotten after a day without any.
* Per client address: LOCKOUT_ADDRESS_FAILURE_LIMIT failures (any usernames) within
  LOCKOUT_ADDRESS_COOLOFF lock the address, so one client cannot sweep many accounts.

Failures during a lock are neither recorded nor extend it
(AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off). Axes stores the attempts
(AccessAttempt rows per username, address and browser); this module decides from them."""

import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.conf import settings  # Django's settings, with axes' defaults filled in
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince


def username_wait(failures: int) -> timedelta | None:
    """How long an account waits after its `failures`-th failure; None below the limit."""
    limit = settings.AXES_FAILURE_LIMIT
    if failures < limit:
        return None
    doublings = min(failures - limit, 32)  # the cap is reached long before; keeps numbers small
    return min(settings.LOCKOUT_FIRST_COOLOFF * 2**doublings, settings.LOCKOUT_LONGEST_COOLOFF)


def _totals(attempts) -> tuple[int, datetime | None]:
    totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return totals["failures"] or 0, totals["last"]


def username_locked_until(username: str, now: datetime | None = None) -> datetime | None:
    if not username:
        return None
    now = now or timezone.now()
    failures, last = _totals(
        AccessAttempt.objects.filter(
            username=username, attempt_time__gte=now - settings.LOCKOUT_LONGEST_COOLOFF
        )
    )
    wait = username_wait(failures)
    if wait is None or last + wait <= now:
        return None
    return last + wait


def address_locked_until(address: str | None, now: datetime | None = None) -> datetime | None:
    if not address:
        return None
    now = now or timezone.now()
    window = settings.LOCKOUT_ADDRESS_COOLOFF
    failures, last = _totals(
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=now - window)
    )
    if failures < settings.LOCKOUT_ADDRESS_FAILURE_LIMIT:
        return None
    return last + window  # at the latest: older failures leave the window before


def _now(request: HttpRequest | None) -> datetime:
    return getattr(request, "axes_attempt_time", None) or timezone.now()


def locked_until(request: HttpRequest, credentials: dict | None = None) -> datetime | None:
    now = _now(request)
    ends = [
        username_locked_until(get_client_username(request, credentials), now),
        address_locked_until(getattr(request, "axes_ip_address", None), now),
    ]
    return max((end for end in ends if end is not None), default=None)


@dataclass(frozen=True)
class Allowance:
    """What a client may still try: after `left` more failed log-ins (the last of them
    starts it) log-in is paused for `pause`."""

    left: int
    pause: timedelta

    @property
    def pause_text(self) -> str:
        return duration_text(self.pause)


def duration_text(span: timedelta) -> str:
    """A wait in words in the active language ("1 minute", "2 hours, 8 minutes"); a part of
    a minute counts as a whole one, so nobody is told to wait 0 minutes."""
    start = timezone.now()
    minutes = max(math.ceil(span.total_seconds() / 60), 1)
    return timesince(start, start + timedelta(minutes=minutes))


def allowance(request: HttpRequest, credentials: dict | None = None) -> Allowance:
    """How many more failures the submitted username and this address allow before a pause,
    the fewer of the two, and how long that pause would be. Counted per submitted username
    whether or not an account has it (axes records both alike), so the answer tells nobody
    which usernames exist."""
    now = _now(request)
    username = get_client_username(request, credentials)
    username_failures, _ = _totals(
        AccessAttempt.objects.filter(
            username=username, attempt_time__gte=now - settings.LOCKOUT_LONGEST_COOLOFF
        )
    )
    address_failures, _ = _totals(
        AccessAttempt.objects.filter(
            ip_address=getattr(request, "axes_ip_address", None) or client_address(request),
            attempt_time__gte=now - settings.LOCKOUT_ADDRESS_COOLOFF,
        )
    )
    username_left = max(settings.AXES_FAILURE_LIMIT - username_failures, 0)
    address_left = max(settings.LOCKOUT_ADDRESS_FAILURE_LIMIT - address_failures, 0)
    left = min(username_left, address_left)
    pauses = []
    if username_left == left:
        pauses.append(username_wait(username_failures + max(left, 1)) or timedelta())
    if address_left == left:
        pauses.append(settings.LOCKOUT_ADDRESS_COOLOFF)
    # Zero left happens once a pause has passed: the very next failure starts another.
    return Allowance(left=max(left, 1), pause=max(pauses))


def unlock(usernames: Iterable[str]) -> int:
    """Forget the failures of these accounts (all addresses): they may log in at once."""
    count, _ = AccessAttempt.objects.filter(username__in=list(usernames)).delete()
    return count


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the two locks above instead of one shared counter."""

    def is_locked(self, request, credentials=None) -> bool:
        return locked_until(request, credentials) is not None

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares this with AXES_FAILURE_LIMIT right after recording a failure to decide
        # whether to answer with the lock-out page; the rules above decide that.
        if self.is_locked(request, credentials):
            return get_failure_limit(request, credentials)
        return 0

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        threshold = _now(request) - settings.LOCKOUT_LONGEST_COOLOFF
        count, _ = AccessAttempt.objects.filter(attempt_time__lt=threshold).delete()
        return count

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful log-in clears its own username only. Axes would clear the address too,
        # letting an attacker reset the address count by logging into their own account.
        return unlock([get_client_username(request, credentials)])


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """AXES_COOLOFF_TIME: how long the person asking still waits."""
    until = locked_until(request, getattr(request, "axes_credentials", None)) if request else None
    return until - _now(request) if until else settings.LOCKOUT_FIRST_COOLOFF


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lock-out page, saying until when, with the way back to
    the log-in form (keeping where the person was going) and whom to ask."""
    until = locked_until(request, credentials)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    context = {
        "locked_until": until,
        "wait_text": duration_text(until - _now(request)) if until else "",
        "next": next_url,
        "support_contact": settings.SUPPORT_CONTACT,
    }
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def client_address(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address. Behind TRUSTED_PROXY_COUNT proxies it
    is the entry the outermost of them appended to X-Forwarded-For; entries further left
    were written by the client and are ignored, so nobody escapes a lock by inventing one."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote

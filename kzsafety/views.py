"""Project-wide pages: the home page of each role and the health check."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kzsafety import scope_cache
from kzsafety.access import enterprises_visible_to, inspectors_visible_to
from kzsafety.celery import app as celery_app
from kzsafety.panels import collect


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    enterprises = enterprises_visible_to(user)

    def counts() -> dict[str, int]:
        return {
            "enterprise_count": enterprises.count(),
            "inspector_count": inspectors_visible_to(user).count(),
            "union_enterprise_count": enterprises.filter(union_member=True).count(),
        }

    context = {
        **scope_cache.cached(user, "home-directory", counts),
        "own_enterprises": enterprises.select_related("region", "sector")[:5],
        "panels": collect("HOME_PANELS", request),
    }
    return render(request, "home.html", context)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:
        return False


def _cache_ok() -> bool:
    try:
        cache.set("health-check", "ok", 10)
        return cache.get("health-check") == "ok"
    except Exception:
        return False


def _broker_state() -> str:
    if celery_app.conf.task_always_eager:
        return "in-process"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "down"


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """State of the parts the app needs: 200 when all are up, 503 otherwise."""
    checks = {
        "database": "ok" if _database_ok() else "down",
        "cache": "ok" if _cache_ok() else "down",
        "broker": _broker_state(),
    }
    healthy = all(state != "down" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503
    )

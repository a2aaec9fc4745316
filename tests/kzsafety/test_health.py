import contextlib
import os

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

REDIS_DOWN = {
    **settings.CACHES,
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    },
}


def test_health_answers_200_when_database_cache_and_broker_are_up(client, db):
    from kzsafety.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = not os.environ.get("REDIS_URL")
    try:
        response = client.get(reverse("health"))
    finally:
        app.conf.task_always_eager = saved
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    expected_broker = "ok" if os.environ.get("REDIS_URL") else "in-process"
    assert body["broker"] == expected_broker


def test_health_answers_503_when_the_cache_is_down(client, db):
    from django.core.cache import caches

    with override_settings(CACHES=REDIS_DOWN):
        caches._settings = None  # rebuild the cache handler from the overridden settings
        with contextlib.suppress(AttributeError):
            del caches._connections.default
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {**response.json(), "status": "down", "cache": "down"}


def test_health_answers_503_when_the_broker_is_down(client, db):
    from kzsafety.celery import app

    saved = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    # The check opens its own connection from broker_url; the shared producer pool stays as
    # it is (closing it would break every later task call in this process).
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    try:
        response = client.get(reverse("health"))
    finally:
        app.conf.update(saved)
    assert response.status_code == 503
    assert response.json()["broker"] == "down"

"""Tasks go through a real Redis broker to a real worker when REDIS_URL is set (CI), and
run in-process otherwise (a laptop with nothing installed)."""

import os

import pytest
from celery.contrib.testing.worker import start_worker

from kzsafety.celery import app, ping


@pytest.fixture
def real_broker():
    """The suite runs tasks eagerly; here, use the configured broker for real."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = not os.environ.get("REDIS_URL")
    yield
    app.conf.task_always_eager = saved


def test_task_runs_and_returns_its_result(real_broker):
    if not os.environ.get("REDIS_URL"):
        assert ping.delay().get(timeout=5) == "pong"
        return
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1):
        assert ping.delay().get(timeout=20) == "pong"


def test_without_redis_url_tasks_run_in_process():
    from django.conf import settings

    if os.environ.get("REDIS_URL"):
        assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
    else:
        assert settings.CELERY_BROKER_URL.startswith("memory://")


def test_tasks_have_time_limits():
    assert app.conf.task_time_limit > 0
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit

"""Tasks run through a real Redis broker and worker when REDIS_URL is set (CI), and
in-process otherwise (a laptop with nothing installed)."""

import os

from celery.contrib.testing.worker import start_worker

from kzsafety.celery import app, ping


def test_task_runs_and_returns_its_result():
    if not os.environ.get("REDIS_URL"):
        assert app.conf.task_always_eager
        assert ping.delay().get(timeout=5) == "pong"
        return
    assert not app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1):
        assert ping.delay().get(timeout=20) == "pong"


def test_tasks_have_time_limits():
    assert app.conf.task_time_limit > 0
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit

"""The Celery application. Without REDIS_URL, settings make every task run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzsafety.settings")

app = Celery("kzsafety")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="kzsafety.ping", time_limit=10, soft_time_limit=5)
def ping() -> str:
    """Answer 'pong'; the health check and tests use it to prove a worker is reachable."""
    return "pong"

"""End to end, with real parts: a Celery worker and a separate beat process on the real
Redis (REDIS_URL), against the committed test database. Nobody moves a clock: an overdue
violation is recorded and, within 30 seconds, beat has fired the daily run (every 2 s here,
REMINDERS_EVERY_SECONDS), the worker has written the notification and the e-mail is in the
file backend's folder."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from kzsafety.accounts.models import Notification
from kzsafety.celery import app
from tests.factories import InspectionFactory, ViolationFactory, link_registry_record
from tests.kzsafety.test_faults import Process, wait_for

REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"  # CI: a missing Redis is a failure

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") and not REQUIRED,
        reason="needs the real broker: runs when REDIS_URL is set (always in CI)",
    ),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the worker shares the test database only on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def reference_lists(transactional_db):
    """A transactional test ends by emptying every table; put the reference lists back."""
    from django.apps import apps

    from kzsafety.directories import reference_data

    reference_data.load(apps)


@pytest.fixture
def celery_env(tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.fail("REQUIRE_BROWSER=1 (CI) but REDIS_URL is not set")
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kzsafety.settings",
        "DEBUG": "0",
        "SECRET_KEY": "reminder-test-secret-key-that-is-long-and-random-enough-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        "REMINDERS_EVERY_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def worker_and_beat(celery_env, tmp_path):
    celery = [sys.executable, "-m", "celery", "-A", "kzsafety"]
    worker = Process(
        [
            *celery,
            "worker",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        celery_env,
    )
    beat = Process([*celery, "beat", "--schedule", str(tmp_path / "beat-schedule")], celery_env)
    yield worker, beat
    beat.kill()
    if worker.process and worker.process.poll() is None:
        # A warm shutdown acknowledges the task in hand, so nothing is redelivered to the
        # next test's worker; then the runs beat queued meanwhile are thrown away.
        os.killpg(worker.process.pid, signal.SIGTERM)
        try:
            worker.process.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
    app.control.purge()


def test_beat_and_a_worker_remind_the_inspector_of_an_overdue_violation_within_30_seconds(
    world, worker_and_beat, tmp_path
):
    world.inspector_a.email = "inspector.a@example.kz"
    world.inspector_a.save()
    record = link_registry_record(world.inspector_a)
    deadline = timezone.localdate() - datetime.timedelta(days=1)
    inspection = InspectionFactory(
        enterprise=world.a, inspector=record, date=deadline - datetime.timedelta(days=30)
    )
    violation = ViolationFactory(inspection=inspection, deadline=deadline)

    for process in worker_and_beat:
        process.start()
    key = f"violation_due:passed:{violation.pk}:{deadline.isoformat()}"
    wait_for(
        lambda: Notification.objects.filter(
            user=world.inspector_a, key=key, emailed_at__isnull=False
        ).exists(),
        30,
        "the reminder to be written and e-mailed",
    )
    mails = [path.read_text() for path in (tmp_path / "mail").iterdir()]
    assert len(mails) == 1
    assert "To: inspector.a@example.kz" in mails[0]
    assert f"/violations/{violation.pk}/" in mails[0]
    # Beat keeps firing every 2 seconds; the key keeps it to one.
    time.sleep(5)
    assert Notification.objects.filter(user=world.inspector_a).count() == 1
    assert len(list((tmp_path / "mail").iterdir())) == 1

"""Faults, with real parts: a second Redis that this test starts and stops (never the shared
one) as the broker, and a real Celery worker process killed with SIGKILL in the middle of an
import. Saving never fails or waits on a queue that is down; a job waits for the queue, then
runs; a job whose worker died is restarted and finishes once; nothing is lost, doubled or
stuck."""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from inspections.models import Accident, Outcome, Victim
from inspections.services.accidents import accident_save
from kzsafety.accounts.models import Notification
from kzsafety.celery import app
from kzsafety.directories.models import Enterprise
from kzsafety.imports.models import ImportRun, RunStatus
from kzsafety.imports.runs import import_run_create
from kzsafety.imports.tasks import run_import
from kzsafety.jobs.models import PendingTask
from kzsafety.jobs.runs import job_state, sweep
from kzsafety.statistics.models import ExportStatus, ReportExport
from tests.forms import carried
from tests.imports.conftest import csv_bytes, new_bin

pytestmark = [
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="redis-server is not installed"
    ),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="real worker processes write beside the test, which needs the production "
        "database (PostgreSQL); runs when DATABASE_URL points at PostgreSQL, as in CI",
    ),
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[2]
FAST_JOBS = {
    "JOBS_HEARTBEAT_SECONDS": 1,
    "JOBS_STALE_SECONDS": 3,
    "JOBS_RESEND_SECONDS": 0,
    "JOBS_MAX_ATTEMPTS": 2,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Process:
    """A child process started and stopped by this test only."""

    def __init__(self, args: list[str], env: dict | None = None):
        self.args, self.env, self.process = args, env, None

    def start(self):
        self.process = subprocess.Popen(
            self.args,
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: this child only
            self.process.wait(10)


class SecondRedis(Process):
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        super().__init__(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ]
        )

    def start(self):
        super().start()
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def answers():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, 10, "the second Redis to answer")


@pytest.fixture(autouse=True)
def reference_lists(transactional_db):
    """A transactional test ends by emptying every table, reference lists included; put
    them back first (as tests/browser/conftest.py does)."""
    from django.apps import apps

    from kzsafety.directories import reference_data

    reference_data.load(apps)


@pytest.fixture
def second_redis():
    server = SecondRedis()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def broker(second_redis):
    """The Celery app of this process sends to the second Redis, for real."""
    conf = app.conf
    saved = conf.broker_url, conf.result_backend, conf.task_always_eager
    conf.broker_url = conf.result_backend = second_redis.url
    conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    with override_settings(**FAST_JOBS):
        yield second_redis
    conf.broker_url, conf.result_backend, conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(broker):
    """A real worker process, with production settings, on the test database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kzsafety.settings",
        "DEBUG": "0",
        "SECRET_KEY": "fault-test-secret-key-that-is-long-and-random-enough-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": broker.url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        **{name: str(value) for name, value in FAST_JOBS.items()},
    }
    celery = [sys.executable, "-m", "celery", "-A", "kzsafety", "worker", "--pool", "solo"]
    process = Process([*celery, "--without-heartbeat", "--without-gossip", "--without-mingle"], env)
    yield process
    process.kill()


def fatal_draft(world) -> Accident:
    return accident_save(
        user=world.inspector_a,
        accident=Accident(enterprise=world.a, date=datetime.date(2025, 3, 14)),
        victims=[Victim(full_name="A", outcome=Outcome.FATAL, died_on=datetime.date(2025, 3, 14))],
    )


def test_saving_while_the_queue_is_down_succeeds_at_once_and_the_jobs_run_when_it_is_back(
    client, world, broker, worker
):
    world.federation.email = "federation@example.kz"
    world.federation.save()
    accident = fatal_draft(world)
    broker.kill()  # Redis down before anything is queued

    client.cookies["django_language"] = "en"
    client.force_login(world.inspector_a)
    started = time.monotonic()
    response = client.post(reverse("inspections:accident_submit", args=[accident.pk]))
    submit_seconds = time.monotonic() - started
    assert response.status_code == 302
    assert submit_seconds < 5
    assert "submitted for verification" in client.get(response["Location"]).content.decode()
    accident.refresh_from_db()
    assert accident.status == "submitted"
    assert Notification.objects.count() == 2  # regional and federation staff

    client.force_login(world.federation)
    keys = carried(client, reverse("statistics:annual"))
    started = time.monotonic()
    response = client.post(reverse("statistics:export_create"), {**keys, "year": 2025, "window": 5})
    assert response.status_code == 302
    assert time.monotonic() - started < 5
    export = ReportExport.objects.get()
    status = client.get(reverse("statistics:export_status", args=[export.pk])).json()
    assert (status["state"], status["state_label"]) == (
        "waiting",
        "Will start when the queue is back",
    )
    assert PendingTask.objects.count() == 2  # the e-mails and the workbook

    broker.start()
    worker.start()
    # The next look at the page sends the workbook; the sweep (beat) sends the rest.
    client.get(reverse("statistics:export_status", args=[export.pk]))
    assert sweep()["sent"] == 1

    def ready():
        export.refresh_from_db()
        return export.status == ExportStatus.READY

    wait_for(ready, 30, "the workbook to be prepared once the queue is back")
    wait_for(
        lambda: Notification.objects.filter(emailed_at__isnull=False).count() == 1,
        10,
        "the fatal-accident e-mail",
    )
    assert not PendingTask.objects.exists()
    assert Accident.objects.count() == 1
    assert Notification.objects.count() == 2
    assert export.attempts == 1


def test_an_import_whose_worker_is_killed_is_restarted_and_applied_once(world, broker, worker):
    rows = 20_000
    header = ["bin", "name", "region", "sector"]
    content = csv_bytes([header, *([new_bin(n), f"E{n}", "35", "coal"] for n in range(rows))])
    with translation.override("en"):
        run = import_run_create(
            user=world.federation,
            kind="enterprises",
            upload=SimpleUploadedFile("big.csv", content),
            language="en",
        )
    ImportRun.objects.filter(pk=run.pk).update(dry_run=False)  # the confirmed import
    before = Enterprise.objects.count()
    worker.start()

    def running():
        run.refresh_from_db()
        return run.status == RunStatus.RUNNING

    wait_for(running, 20, "the worker to take the import")
    claimed_at = run.heartbeat_at
    wait_for(lambda: ImportRun.objects.get(pk=run.pk).heartbeat_at > claimed_at, 5, "a heartbeat")
    worker.kill()  # in the middle of the import, after a heartbeat
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert Enterprise.objects.count() == before  # the killed transaction left nothing

    wait_for(lambda: job_state(ImportRun.objects.get(pk=run.pk)) == "stalled", 10, "deadline")
    assert sweep()["restarted"] == 1
    worker.start()

    def finished():
        run.refresh_from_db()
        return run.is_finished

    wait_for(finished, 40, "the restarted import to finish")
    assert (run.status, run.created, run.attempts) == (RunStatus.SUCCEEDED, rows, 2)
    assert Enterprise.objects.count() == before + rows
    # A second delivery of the same task (acks_late after a lost worker) changes nothing.
    run_import.apply_async([run.pk])
    time.sleep(1)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.SUCCEEDED, 2)
    assert Enterprise.objects.count() == before + rows

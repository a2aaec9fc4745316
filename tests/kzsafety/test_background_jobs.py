"""Background jobs past their deadlines: a job whose worker stopped beating, or that no
worker took in time, is shown as failed with a retry; the sweep restarts a lost job once
and then fails it; only the person who asked may retry; an attempt that lost its job
cannot apply it. (Queue and worker faults with real processes: test_faults.py.)"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kzsafety.celery import app
from kzsafety.directories.models import Enterprise
from kzsafety.imports.models import ImportRun, RunSource, RunStatus
from kzsafety.imports.runs import _perform, import_run_create
from kzsafety.jobs import runs as jobs
from kzsafety.jobs.models import PendingTask
from kzsafety.statistics.models import ExportStatus, ReportExport
from tests.factories import UserFactory
from tests.imports.conftest import csv_bytes, new_bin

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - datetime.timedelta(hours=3)


def an_import(world, rows: int = 2) -> ImportRun:
    content = [["bin", "name", "region", "sector"]]
    content += [[new_bin(n), f"E{n}", "35", "coal"] for n in range(rows)]
    return import_run_create(
        user=world.federation,
        kind="enterprises",
        upload=SimpleUploadedFile("file.csv", csv_bytes(content)),
        language="en",
    )


def set_state(job, **fields):
    type(job).objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def a_workbook(user, **fields) -> ReportExport:
    return ReportExport.objects.create(requested_by=user, year=2025, language="en", **fields)


def test_a_running_job_whose_worker_stopped_beating_is_shown_failed_with_a_retry(
    client, world, english
):
    export = a_workbook(world.regional, status="running", sent_at=LONG_AGO, heartbeat_at=LONG_AGO)
    client.force_login(world.regional)
    status = client.get(reverse("statistics:export_status", args=[export.pk])).json()
    assert status["state"] == "stalled"
    assert status["label"] == "Failed — try again"
    assert status["can_retry"] and status["finished"]
    assert status["retry_url"] == reverse("statistics:export_retry", args=[export.pk])


def test_a_job_still_beating_is_running_and_cannot_be_retried(client, world):
    export = a_workbook(
        world.regional, status="running", sent_at=timezone.now(), heartbeat_at=timezone.now()
    )
    client.force_login(world.regional)
    status = client.get(reverse("statistics:export_status", args=[export.pk])).json()
    assert (status["state"], status["can_retry"], status["finished"]) == ("running", False, False)
    client.post(reverse("statistics:export_retry", args=[export.pk]))
    export.refresh_from_db()
    assert (export.status, export.attempts) == ("running", 0)


def test_a_job_no_worker_took_in_time_is_failed_by_the_sweep(world):
    export = a_workbook(world.regional, status="queued", sent_at=LONG_AGO)
    assert jobs.sweep()["failed"] == 1
    export.refresh_from_db()
    assert (export.status, export.interrupted) == (ExportStatus.FAILED, True)
    assert export.error == str(jobs.UNTAKEN_MESSAGE)
    assert jobs.can_retry(export)


def test_the_sweep_restarts_a_lost_job_once_then_fails_it(world):
    run = set_state(an_import(world), status="running", heartbeat_at=LONG_AGO, attempts=1)
    assert jobs.sweep() == {"sent": 0, "restarted": 1, "failed": 0}
    run.refresh_from_db()
    assert (run.status, run.sent_at, run.attempts) == (RunStatus.QUEUED, None, 1)
    assert PendingTask.objects.filter(job_key=f"imports.importrun:{run.pk}").count() == 2

    set_state(run, status="running", heartbeat_at=LONG_AGO, attempts=2)
    assert jobs.sweep()["failed"] == 1
    run.refresh_from_db()
    assert (run.status, run.interrupted, run.error_count) == (RunStatus.FAILED, True, 0)


def test_a_lost_command_line_import_is_failed_not_restarted_by_a_worker(world):
    run = set_state(
        an_import(world), source=RunSource.COMMAND, status="running", heartbeat_at=LONG_AGO
    )
    assert jobs.sweep()["failed"] == 1
    run.refresh_from_db()
    assert (run.status, run.interrupted) == (RunStatus.FAILED, True)


def test_an_import_attempt_that_lost_its_run_to_a_restart_changes_nothing(world):
    run = jobs.claim(ImportRun, an_import(world).pk)
    ImportRun.objects.filter(pk=run.pk).update(dry_run=False, attempts=2)  # taken over
    run.dry_run = False
    before = Enterprise.objects.count()
    with pytest.raises(jobs.Superseded):
        _perform(run)
    assert Enterprise.objects.count() == before
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.RUNNING, 2)


def test_an_import_is_recorded_as_done_in_the_transaction_of_its_data(world):
    run = jobs.claim(ImportRun, an_import(world).pk)
    ImportRun.objects.filter(pk=run.pk).update(dry_run=False)
    run.dry_run = False
    _perform(run)
    run.refresh_from_db()
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 2)
    assert jobs.claim(ImportRun, run.pk) is None  # a second delivery finds it done


def test_only_the_uploader_retries_an_interrupted_import_with_the_button(
    client, world, english, django_capture_on_commit_callbacks
):
    run = set_state(an_import(world), status="failed", interrupted=True, attempts=2)
    url = reverse("imports:retry", args=[run.pk])

    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.inspector_a)
    assert client.post(url).status_code == 403
    client.force_login(UserFactory(role="federation_staff"))
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Try again" not in page and 'data-testid="interrupted"' in page
    assert client.post(url).status_code == 403

    client.force_login(world.federation)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="retry"' in page and "csrfmiddlewaretoken" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == run.get_absolute_url()
    run.refresh_from_db()  # queued again and, in-process in tests, run at once
    assert (run.status, run.interrupted, run.attempts) == (RunStatus.SUCCEEDED, False, 1)


def test_only_the_requester_retries_a_failed_workbook(
    client, world, django_capture_on_commit_callbacks
):
    export = a_workbook(world.regional, status="failed", interrupted=True)
    url = reverse("statistics:export_retry", args=[export.pk])
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory(role="regional_staff", region=world.b.region))
    assert client.post(url).status_code == 404
    client.force_login(world.federation)  # sees every workbook, retries only their own
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405

    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert f"export={export.pk}" in response["Location"]
    export.refresh_from_db()
    assert (export.status, export.interrupted, export.error) == (ExportStatus.READY, False, "")


def test_beat_runs_the_sweep_every_minute():
    entry = app.conf.beat_schedule["sweep-background-jobs"]
    assert entry["task"] == "kzsafety.jobs.sweep"
    assert entry["schedule"] == 60
    assert app.conf.broker_transport_options["visibility_timeout"] > 3600  # > longest task


def test_a_job_deadline_shorter_than_two_heartbeats_refuses_to_start():
    from tests.kzsafety.test_settings_from_environment import run_manage

    result = run_manage("check", DEBUG="1", JOBS_HEARTBEAT_SECONDS="30", JOBS_STALE_SECONDS="45")
    assert result.returncode != 0
    assert "JOBS_STALE_SECONDS must exceed twice JOBS_HEARTBEAT_SECONDS" in result.stderr


def test_the_statistics_page_lists_a_workbook_waiting_for_the_queue_as_such(client, world, english):
    a_workbook(world.regional)  # never handed to the queue
    a_workbook(world.regional, status="running", sent_at=LONG_AGO, heartbeat_at=LONG_AGO)
    client.force_login(world.regional)
    page = client.get(reverse("statistics:annual")).content.decode()
    assert "Will start when the queue is back" in page
    assert "Failed — try again" in page

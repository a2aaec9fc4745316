"""The Celery task behind the web page: thin, safe to run twice, and honest about
failures."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspections.models import Accident, Victim
from kzsafety.imports.models import ImportRun, RunStatus
from kzsafety.imports.runs import (
    import_run_confirm,
    import_run_create,
    import_run_execute,
    progress_key,
    run_progress,
)
from kzsafety.imports.tasks import run_import
from tests.imports.conftest import csv_bytes, new_bin
from tests.imports.test_accident_import import HEADER as ACCIDENT_HEADER
from tests.imports.test_accident_import import victim_row

HEADER = ["bin", "name", "region", "sector"]


def queued_run(world, content: bytes) -> ImportRun:
    return import_run_create(
        user=world.federation,
        kind="enterprises",
        upload=SimpleUploadedFile("file.csv", content),
        language="en",
    )


@pytest.mark.django_db
def test_running_the_task_twice_imports_once(world):
    run = queued_run(world, csv_bytes([HEADER, [new_bin(1), "E", "35", "coal"]]))
    assert run_import.delay(run.pk).get() == RunStatus.SUCCEEDED
    assert run_import.delay(run.pk).get() == "skipped"
    run.refresh_from_db()
    assert (run.status, run.created, run.progress) == (RunStatus.SUCCEEDED, 1, 100)
    assert run.started_at <= run.finished_at


@pytest.mark.django_db
def test_a_run_lost_with_its_worker_is_taken_up_again(world):
    run = queued_run(world, csv_bytes([HEADER, [new_bin(1), "E", "35", "coal"]]))
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    ImportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago, attempts=1
    )
    assert import_run_execute(run_id=run.pk) == RunStatus.SUCCEEDED


@pytest.mark.django_db
def test_a_run_still_running_elsewhere_is_left_alone(world):
    run = queued_run(world, csv_bytes([HEADER, [new_bin(1), "E", "35", "coal"]]))
    ImportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    assert import_run_execute(run_id=run.pk) == "skipped"


@pytest.mark.django_db
def test_a_failed_run_keeps_its_errors(world):
    run = queued_run(world, csv_bytes([HEADER, [new_bin(1), "E", "Atlantis", "coal"]]))
    ImportRun.objects.filter(pk=run.pk).update(language="ru")
    import_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error_count == 1
    assert run.errors[0][:2] == [2, "region"]


@pytest.mark.django_db
def test_progress_of_a_running_import_comes_from_the_cache(world):
    run = queued_run(world, csv_bytes([HEADER, [new_bin(1), "E", "35", "coal"]]))
    run.status, run.heartbeat_at = RunStatus.RUNNING, timezone.now()
    cache.set(progress_key(run.pk), {"rows": 4000, "percent": 40})
    assert run_progress(run)["percent"] == 40
    assert run_progress(run)["rows"] == 4000
    cache.delete(progress_key(run.pk))


@pytest.mark.django_db
def test_an_accident_import_from_the_web_page_names_the_importer_in_the_history(world):
    content = csv_bytes(
        [
            ACCIDENT_HEADER,
            victim_row("KAR-1", world.a, "Bolat Serikov"),
            victim_row("KAR-1", world.a, "Dana Omarova", victim_sex="f"),
        ]
    )
    run = import_run_create(
        user=world.regional,
        kind="accidents",
        upload=SimpleUploadedFile("accidents.csv", content),
        language="en",
    )
    assert run_import.delay(run.pk).get() == RunStatus.SUCCEEDED  # the preview
    run = import_run_confirm(user=world.regional, run=run)
    assert run_import.delay(run.pk).get() == RunStatus.SUCCEEDED
    accident = Accident.objects.get(reference="KAR-1")
    assert {r.history_user for r in accident.history.all()} == {world.regional}
    victims = Victim.history.filter(accident_id=accident.pk)
    assert victims.count() == 2
    assert {r.history_user for r in victims} == {world.regional}

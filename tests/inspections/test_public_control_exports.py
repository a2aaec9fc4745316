"""Large exports are written in the background: the page answers at once with the export's
own page, the owner gets a notification with a signed link that only they can use, for a
limited time; running the task twice builds and notifies once; an export whose worker was
lost can be tried again by its owner."""

import datetime
import io

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inspections.models import ListExport, ListExportStatus
from inspections.services import public_control_exports as exports
from inspections.tasks_public_control import build_public_control_export
from kzsafety.accounts.models import Notification
from tests.factories import InspectionFactory, ViolationFactory, linked


@pytest.fixture
def pc(world, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_INLINE_LIMIT", 1)
    for enterprise in (world.a, world.c, world.b):
        ViolationFactory(inspection=InspectionFactory(enterprise=enterprise))
    return linked(world)


def request_export(client, user, django_capture_on_commit_callbacks, **params):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("inspections:violation_export"), params)
    return response


def test_a_large_export_is_built_in_the_background_and_notified(
    client, pc, django_capture_on_commit_callbacks
):
    response = request_export(client, pc.regional, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    export = ListExport.objects.get()
    assert response["Location"] == export.get_absolute_url()
    assert export.status == ListExportStatus.READY  # tasks run in-process in tests
    page = client.get(export.get_absolute_url()).content.decode()
    assert 'data-testid="export-download"' in page
    notification = Notification.objects.get(user=pc.regional)
    assert "violations-" in notification.text

    download = client.get(notification.url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert sorted(row[3] for row in rows) == [pc.a.name, pc.c.name]  # Karaganda only


def test_a_small_export_downloads_at_once(client, pc):
    client.force_login(pc.inspector_a)
    response = client.get(reverse("inspections:violation_export"))
    assert response.status_code == 200
    assert not Notification.objects.exists()


def test_the_background_export_keeps_the_filters(client, pc, django_capture_on_commit_callbacks):
    ViolationFactory(inspection=InspectionFactory(enterprise=pc.a), description="Ladder")
    ViolationFactory(inspection=InspectionFactory(enterprise=pc.a), description="Ladder rung")
    ViolationFactory(inspection=InspectionFactory(enterprise=pc.a), description="Ladder top")
    response = request_export(client, pc.federation, django_capture_on_commit_callbacks, q="ladder")
    assert ListExport.objects.get().query == "q=ladder"
    page = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("inspections:violation_list")}?q=ladder"' in page
    notification = Notification.objects.get(user=pc.federation)
    download = client.get(notification.url)
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sorted(row[7] for row in list(sheet.iter_rows(values_only=True))[1:]) == [
        "Ladder",
        "Ladder rung",
        "Ladder top",
    ]


def test_only_the_owner_can_download_the_export(client, pc, django_capture_on_commit_callbacks):
    request_export(client, pc.federation, django_capture_on_commit_callbacks)
    url = Notification.objects.get(user=pc.federation).url
    client.force_login(pc.regional)
    assert client.get(url).status_code == 404


def test_a_tampered_or_expired_link_is_404(client, pc, django_capture_on_commit_callbacks):
    request_export(client, pc.federation, django_capture_on_commit_callbacks)
    url = Notification.objects.get(user=pc.federation).url
    assert client.get(url[:-3] + "xyz/").status_code == 404
    with time_machine.travel(timezone.now() + timezone.timedelta(days=8)):
        client.force_login(pc.federation)
        assert client.get(url).status_code == 404


def test_running_the_task_twice_builds_and_notifies_once(pc):
    name = "exports/test-twice.xlsx"
    for _ in range(2):
        build_public_control_export.delay(pc.federation.pk, "inspections", "", "en", name)
    assert Notification.objects.filter(user=pc.federation).count() == 1
    assert default_storage.exists(name)
    default_storage.delete(name)


def test_files_behind_expired_links_are_removed_by_the_next_export(pc):
    build_public_control_export.delay(pc.federation.pk, "inspections", "", "en", "exports/old.xlsx")
    with time_machine.travel(timezone.now() + timezone.timedelta(days=9)):
        build_public_control_export.delay(
            pc.federation.pk, "inspections", "", "en", "exports/new.xlsx"
        )
    assert not default_storage.exists("exports/old.xlsx")
    assert default_storage.exists("exports/new.xlsx")
    default_storage.delete("exports/new.xlsx")


def test_the_export_page_is_its_owners_only(client, pc, django_capture_on_commit_callbacks):
    request_export(client, pc.federation, django_capture_on_commit_callbacks)
    export = ListExport.objects.get()
    urls = [
        export.get_absolute_url(),
        reverse("inspections:list_export_status", args=[export.pk]),
    ]
    retry = reverse("inspections:list_export_retry", args=[export.pk])
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)
    client.force_login(pc.regional)
    assert all(client.get(url).status_code == 404 for url in urls)
    assert client.post(retry).status_code == 404
    client.force_login(pc.federation)
    assert client.get(urls[1]).json()["state"] == "ready"


def test_an_export_whose_worker_was_lost_is_retried_by_its_owner(
    client, pc, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    export = ListExport.objects.create(
        requested_by=pc.federation,
        kind="inspections",
        language="en",
        name="exports/lost.xlsx",
        status=ListExportStatus.RUNNING,
        sent_at=long_ago,
        heartbeat_at=long_ago,
        attempts=1,
    )
    client.force_login(pc.federation)
    status = client.get(reverse("inspections:list_export_status", args=[export.pk])).json()
    assert (status["state"], status["can_retry"], status["url"]) == ("stalled", True, None)
    page = client.get(export.get_absolute_url()).content.decode()
    assert 'data-testid="retry"' in page and "csrfmiddlewaretoken" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inspections:list_export_retry", args=[export.pk]))
    assert response["Location"] == export.get_absolute_url()
    export.refresh_from_db()
    assert (export.status, export.attempts) == (ListExportStatus.READY, 1)
    assert Notification.objects.filter(user=pc.federation).count() == 1
    assert default_storage.exists("exports/lost.xlsx")
    default_storage.delete("exports/lost.xlsx")

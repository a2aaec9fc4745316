"""A work stoppage follows the danger, not the paperwork: the enterprise's inspector records
one after the notice has been issued, with the same rules as on a draft (scope, role, a date
not before the inspection). Every stoppage has a printable order in the reader's language."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.models import WorkStoppage
from inspections.services import public_control_recording as recording
from tests.factories import linked, record_inspection
from tests.forms import post_form


@pytest.fixture
def pc(world):
    return linked(world)


@pytest.fixture
def finalized(pc):
    return record_inspection(
        pc.inspector_a, pc.a, date=timezone.localdate() - datetime.timedelta(days=5)
    )


def stop(pc, inspection, user=None, **kwargs):
    values = {
        "user": user or pc.inspector_a,
        "inspection": inspection,
        "reason": "Gas above the limit",
        "works": "Face No. 3 of the east section",
        "started_on": timezone.localdate(),
    }
    return recording.work_stoppage_record(**(values | kwargs))


def test_inspector_records_a_stoppage_after_the_notice_was_issued(pc, finalized):
    assert finalized.notice.number
    stoppage = stop(pc, finalized)
    assert stoppage.inspection == finalized
    assert stoppage.works == "Face No. 3 of the east section"
    assert stoppage.created_by == pc.inspector_a
    assert finalized.work_stopped


def test_stoppage_after_the_notice_keeps_the_scope_and_the_role(pc, finalized):
    for outsider in (pc.inspector_b, pc.regional, pc.council_a, pc.federation):
        with pytest.raises(PermissionDenied):
            stop(pc, finalized, user=outsider)
    assert not WorkStoppage.objects.exists()


@pytest.mark.usefixtures("english")
def test_stoppage_after_the_notice_is_not_dated_before_the_inspection_or_in_the_future(
    pc, finalized
):
    with pytest.raises(ValidationError, match="before the day of the inspection"):
        stop(pc, finalized, started_on=finalized.date - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="future"):
        stop(pc, finalized, started_on=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="threatens"):
        stop(pc, finalized, reason="  ")
    assert not WorkStoppage.objects.exists()


def test_stoppage_page_of_a_finalized_inspection_answers_by_role_and_scope(client, pc, finalized):
    url = reverse("inspections:stoppage_add", args=[finalized.pk])
    expected = {"inspector_a": 200, "inspector_b": 404, "regional": 403, "council_a": 403}
    for persona, status in expected.items():
        client.force_login(getattr(pc, persona))
        assert client.get(url).status_code == status, persona


def test_inspector_records_a_stoppage_after_the_notice_through_the_pages(client, pc, finalized):
    client.force_login(pc.inspector_a)
    detail = client.get(finalized.get_absolute_url()).content.decode()
    assert reverse("inspections:stoppage_add", args=[finalized.pk]) in detail
    response = post_form(
        client,
        reverse("inspections:stoppage_add", args=[finalized.pk]),
        {
            "reason": "Roof fall risk",
            "works": "Drilling at face 3",
            "started_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    stoppage = finalized.stoppages.get()
    assert (stoppage.reason, stoppage.works) == ("Roof fall risk", "Drilling at face 3")
    detail = client.get(finalized.get_absolute_url()).content.decode()
    assert stoppage.get_order_url() in detail


def test_the_issued_notice_does_not_grow_a_stoppage_recorded_after_it(client, pc):
    inspection = record_inspection(
        pc.inspector_a,
        pc.a,
        date=timezone.localdate() - datetime.timedelta(days=5),
        stoppage=True,  # recorded on the draft: part of the notice
    )
    stop(pc, inspection, reason="Recorded after the notice")
    client.force_login(pc.inspector_a)
    notice = client.get(reverse("inspections:notice", args=[inspection.pk]))
    assert [s.reason for s in notice.context["stoppages"]] == ["Unguarded conveyor"]
    assert "Recorded after the notice" not in notice.content.decode()


# --- The printable order ---------------------------------------------------------------------


def order_url(stoppage) -> str:
    return reverse("inspections:stoppage_order", args=[stoppage.pk])


def test_stoppage_order_sends_an_anonymous_visitor_to_log_in(client, pc, finalized):
    url = order_url(stop(pc, finalized))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_stoppage_order_is_not_found_outside_the_scope(client, pc, finalized):
    url = order_url(stop(pc, finalized))
    for outsider in (pc.inspector_b, pc.no_role):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider.username


def test_stoppage_order_is_shown_to_everyone_whose_scope_covers_the_enterprise(
    client, pc, finalized
):
    stoppage = stop(pc, finalized)
    for reader in (pc.inspector_a, pc.council_a, pc.regional, pc.sector, pc.federation):
        client.force_login(reader)
        response = client.get(order_url(stoppage))
        assert response.status_code == 200, reader.username
        assert response.context["stoppage"] == stoppage


@pytest.mark.parametrize(
    ("language", "to_the_employer", "bin_label"),
    [("kk", "Жұмыс берушіге", "БСН"), ("ru", "Работодателю", "БИН")],
)
def test_stoppage_order_carries_number_date_enterprise_inspector_grounds_and_signatures(
    client, pc, finalized, language, to_the_employer, bin_label
):
    stoppage = stop(pc, finalized)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(pc.inspector_a)
    body = client.get(order_url(stoppage)).content.decode()
    assert f'<html lang="{language}">' in body
    assert stoppage.order_number in body
    assert stoppage.started_on.strftime("%d.%m.%Y") in body
    assert f"{to_the_employer}:</strong> {pc.a.name}, {bin_label} {pc.a.bin}" in body
    assert finalized.inspector.full_name in body
    assert "Face No. 3 of the east section" in body and "Gas above the limit" in body
    for violation in finalized.violations.all():  # the grounds
        assert violation.description in body
    assert finalized.notice.number in body
    assert body.count('class="notice-line"') == 2  # the inspector's and the employer's


def test_stoppage_order_number_is_stable_and_unique(pc, finalized):
    first, second = stop(pc, finalized), stop(pc, finalized, reason="Second threat")
    assert first.order_number != second.order_number
    assert first.order_number.startswith(f"{first.created_at:%Y}-S")
    first.refresh_from_db()
    assert first.order_number == f"{first.created_at:%Y}-S{first.pk:06d}"

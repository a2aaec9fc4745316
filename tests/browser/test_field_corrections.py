"""Correcting reports already on the server without signal: the inspector's own returned
(or draft) report is taken to the device with its version, corrected offline and sent when
the connection returns; a report someone saved in between answers 409, and the entry comes
back to the outbox with the message. A phone at 390 px, in Russian and in Kazakh."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import Accident, AccidentStatus, Victim
from inspections.services.accidents import accident_return, accident_save, accident_submit
from kzsafety.accounts.models import User
from tests.browser.conftest import log_in
from tests.browser.test_offline_field_entry import (
    OUTBOX,
    WIDTH,
    app_kept_on_the_device,
    fits,
)
from tests.factories import linked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def device(chromium):
    context = chromium.new_context(
        viewport={"width": WIDTH, "height": 844}, locale="kk-KZ", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def filed(world, *, returned: bool) -> Accident:
    report = accident_save(
        user=world.inspector_a,
        accident=Accident(
            enterprise=world.a,
            date=timezone.localdate() - datetime.timedelta(days=4),
            place="Цех 1",
            description="Упал с лестницы",
        ),
        victims=[Victim(full_name="Петров Пётр", outcome="light", days_lost=3)],
    )
    if returned:
        accident_submit(user=world.inspector_a, accident=report)
        accident_return(user=world.regional, accident=report, comment="Уточните место")
    report.refresh_from_db()
    return report


def correct_offline(page, base_url: str, place: str, submit: bool) -> None:
    page.goto(base_url + OUTBOX)
    reports = page.get_by_test_id("reports-to-correct")
    expect(reports.locator("li")).to_have_count(1)
    fits(page)
    reports.get_by_test_id("correct-report").click()
    expect(page.locator("#field-entry")).to_have_attribute("data-ready", "1")
    expect(page.locator("input[name=place]")).to_have_value("Цех 1")
    expect(page.locator("[data-item] input[name=full_name]")).to_have_value("Петров Пётр")
    expect(page.get_by_test_id("enterprise")).to_be_disabled()
    page.fill("input[name=place]", place)
    if submit:
        page.get_by_test_id("submit-for-verification").check()
    fits(page)
    page.get_by_test_id("save-to-outbox").click()
    expect(page.get_by_test_id("outbox-entry")).to_have_attribute("data-state", "saved")


def test_a_returned_report_corrected_without_signal_is_sent_when_the_signal_returns(
    device, live_server, world
):
    linked(world)
    User.objects.filter(pk=world.inspector_a.pk).update(language="ru")
    report = filed(world, returned=True)
    victim = report.victims.get()
    page = device.new_page()
    log_in(page, live_server.url, "insp_a")
    app_kept_on_the_device(page)

    device.set_offline(True)
    correct_offline(page, live_server.url, "Цех 1, участок 4", submit=True)
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_contain_text(page.locator("#field-app").get_attribute("data-kind-correction"))
    report.refresh_from_db()
    assert report.place == "Цех 1"

    device.set_offline(False)
    expect(entry).to_have_attribute("data-state", "sent")
    report.refresh_from_db()
    assert report.place == "Цех 1, участок 4"
    assert report.status == AccidentStatus.SUBMITTED
    assert Accident.objects.count() == 1
    # The same victim, changed in place (not removed and added again).
    assert list(report.victims.values_list("pk", "full_name")) == [(victim.pk, "Петров Пётр")]
    expect(entry.get_by_test_id("open-record")).to_have_attribute("href", report.get_absolute_url())


def test_a_stale_correction_comes_back_with_the_message_and_can_be_sent_again(
    device, live_server, world
):
    linked(world)
    report = filed(world, returned=False)
    page = device.new_page()
    log_in(page, live_server.url, "insp_a")
    app_kept_on_the_device(page)

    device.set_offline(True)
    correct_offline(page, live_server.url, "Цех 2", submit=False)
    # Meanwhile the report is saved on the server (another tab, a colleague's page).
    report.description = "Упал с лестницы высотой 3 м"
    accident_save(
        user=world.inspector_a,
        accident=report,
        victims=list(report.victims.all()),
        version=report.version,
    )

    device.set_offline(False)
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_attribute("data-state", "refused")
    stale = page.locator("#field-app").get_attribute("data-stale")
    expect(entry.get_by_test_id("entry-errors")).to_have_text(stale)
    report.refresh_from_db()
    assert report.place == "Цех 1"
    fits(page)

    # Having compared, the inspector sends the entry again: it replaces the server's.
    entry.get_by_test_id("correct-entry").click()
    expect(page.get_by_test_id("form-error")).to_have_text(stale)
    page.get_by_test_id("save-to-outbox").click()
    expect(page.get_by_test_id("outbox-entry")).to_have_attribute("data-state", "sent")
    report.refresh_from_db()
    assert report.place == "Цех 2"
    assert report.status == AccidentStatus.DRAFT

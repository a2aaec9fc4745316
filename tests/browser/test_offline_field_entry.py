"""The offline app on a phone (390 px): an inspection entered without signal survives a
reload, is sent when the connection returns and lands exactly once; a lost answer does not
make a second one; a refused entry comes back to be corrected; log-out clears the device.
Selectors use test ids, so the tests hold in every language (the phone speaks Kazakh)."""

import datetime
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import (
    Accident,
    AccidentStatus,
    EvidencePhoto,
    Inspection,
    Violation,
    ViolationStatus,
)
from inspections.models.violations import EvidenceStage
from tests.browser.conftest import log_in, sign_in
from tests.factories import linked, record_inspection, tiny_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
FORM = "/field/new-inspection/"
ACCIDENT_FORM = "/field/new-accident/"
OUTBOX = "/field/outbox/"
KEPT_ON_DEVICE = """async (want) => {
  const entries = await window.kzField.all();
  const entry = entries.find((one) => one.kind === "inspection" && one.state === "draft");
  return !!entry && entry.data.violations.length === want.violations
    && entry.data.violations.filter((v) => v.photo).length === want.photos
    && entry.data.violations.every((v) => v.description && v.deadline);
}"""
KEPT_OF_KIND = """async (want) => {
  const entries = await window.kzField.all();
  const entry = entries.find((one) => one.kind === want.kind && one.state === "draft");
  return !!entry && entry.data[want.field].length > 0
    && entry.data[want.field].every((item) => Object.values(item).some((v) => v));
}"""


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        viewport={"width": WIDTH, "height": 844},
        device_scale_factor=2,
        locale="kk-KZ",
        has_touch=True,
        is_mobile=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def eventually(page, script: str, arg=None, seconds: float = 15) -> None:
    """Wait until an async script answers true (wait_for_function does not wait for a
    promise's value)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {script}"
        page.wait_for_timeout(100)


def app_kept_on_the_device(page) -> None:
    """After the first signed-in page: the worker controls the pages and has kept the
    field pages."""
    eventually(
        page,
        """async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          if (!registration || !registration.active
              || registration.active.state !== "activated") return false;
          const cache = await caches.open("kz-pages");
          return !!(await cache.match("/field/new-inspection/", { ignoreVary: true }))
            && !!(await cache.match("/field/outbox/", { ignoreVary: true }))
            && !!(await cache.match("/field/references.json", { ignoreVary: true }));
        }""",
    )


def open_form(page, base_url: str, form: str = FORM) -> None:
    page.goto(base_url + form)
    expect(page.locator("#field-entry")).to_have_attribute("data-ready", "1")


def add_violation(page, description: str, deadline: datetime.date, photo: bool) -> None:
    page.get_by_test_id("add-item").click()
    block = page.locator("[data-item]").last
    block.locator("textarea[name=description]").fill(description)
    block.locator("select[name=category]").select_option(index=1)
    block.locator("input[name=deadline]").fill(deadline.isoformat())
    if photo:
        block.locator("input[name=photo]").set_input_files(
            files=[{"name": "pit.png", "mimeType": "image/png", "buffer": tiny_png(64, 48)}]
        )


def test_an_inspection_entered_without_signal_is_sent_once_when_the_signal_returns(
    phone, live_server, world, artifacts
):
    linked(world)
    page = phone
    log_in(page, live_server.url, "insp_a")
    app_kept_on_the_device(page)

    phone.context.set_offline(True)
    open_form(page, live_server.url)
    expect(page.get_by_test_id("enterprise")).to_have_value(str(world.a.pk))
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    add_violation(page, "Карьер жиегінде қоршау жоқ", deadline, photo=True)
    add_violation(page, "Жұмысшылар каскасыз", deadline, photo=False)
    eventually(page, KEPT_ON_DEVICE, {"violations": 2, "photos": 1})
    fits(page)

    page.reload()  # still without signal: the page and the entry come from the device
    blocks = page.locator("[data-item]")
    expect(blocks).to_have_count(2)
    expect(blocks.first.locator("textarea")).to_have_value("Карьер жиегінде қоршау жоқ")
    expect(blocks.nth(1).locator("textarea")).to_have_value("Жұмысшылар каскасыз")
    expect(blocks.first.locator("[data-photo-name]")).to_have_text("pit.png")
    page.screenshot(path=str(artifacts / "offline_inspection_390.png"), full_page=True)

    page.get_by_test_id("save-to-outbox").click()
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_attribute("data-state", "saved")
    assert Inspection.objects.count() == 0
    fits(page)

    phone.context.set_offline(False)
    expect(entry).to_have_attribute("data-state", "sent")
    inspection = Inspection.objects.get()
    assert inspection.enterprise == world.a
    assert sorted(Violation.objects.values_list("description", flat=True)) == [
        "Жұмысшылар каскасыз",
        "Карьер жиегінде қоршау жоқ",
    ]
    assert EvidencePhoto.objects.filter(violation__inspection=inspection).count() == 1
    expect(entry.get_by_test_id("open-record")).to_have_attribute(
        "href", inspection.get_absolute_url()
    )


def test_an_entry_whose_answer_was_lost_is_sent_again_and_makes_one_inspection(
    phone, live_server, world
):
    linked(world)
    page = phone
    log_in(page, live_server.url, "insp_a")
    open_form(page, live_server.url)
    add_violation(page, "Өрт сөндіргіш мерзімі өткен", timezone.localdate(), photo=True)
    eventually(page, KEPT_ON_DEVICE, {"violations": 1, "photos": 1})

    # The server takes the entry, but its answer never reaches the phone.
    lost = []

    def answer_lost(route):
        route.fetch()
        lost.append(route.request.url)
        route.abort("connectionreset")

    # The context, not the page: the service worker sends too (Background Sync).
    page.context.route("**/field/send/inspection/", answer_lost)
    page.get_by_test_id("save-to-outbox").click()
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_attribute("data-state", "saved")
    assert lost and Inspection.objects.count() == 1

    page.context.unroute("**/field/send/inspection/")
    page.get_by_test_id("send-now").click()
    expect(entry).to_have_attribute("data-state", "sent")
    assert Inspection.objects.count() == 1
    assert Violation.objects.count() == 1
    assert EvidencePhoto.objects.count() == 1


def test_an_entry_the_server_refuses_comes_back_to_be_corrected_and_is_sent(
    phone, live_server, world
):
    linked(world)
    page = phone
    log_in(page, live_server.url, "insp_a")
    open_form(page, live_server.url)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_test_id("date").fill(tomorrow.isoformat())
    add_violation(page, "Баспалдақ сынған", tomorrow, photo=False)
    # A photo above the upload limit is refused on the device, at its field.
    page.locator("#field-entry").evaluate("(form) => { form.dataset.uploadLimit = '100'; }")
    page.locator("[data-item] input[name=photo]").set_input_files(
        files=[{"name": "big.png", "mimeType": "image/png", "buffer": tiny_png(64, 64)}]
    )
    expect(page.get_by_test_id("error-violations.0.photo")).to_be_visible()
    expect(page.get_by_test_id("photo-name")).to_be_hidden()
    eventually(page, KEPT_ON_DEVICE, {"violations": 1, "photos": 0})

    page.get_by_test_id("save-to-outbox").click()
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_attribute("data-state", "refused")
    expect(entry.get_by_test_id("entry-errors")).not_to_be_empty()
    assert Inspection.objects.count() == 0

    entry.get_by_test_id("correct-entry").click()
    expect(page.get_by_test_id("error-date")).to_be_visible()
    fits(page)
    page.get_by_test_id("date").fill(timezone.localdate().isoformat())
    page.get_by_test_id("save-to-outbox").click()
    expect(page.get_by_test_id("outbox-entry")).to_have_attribute("data-state", "sent")
    assert Inspection.objects.get().date == timezone.localdate()


def test_log_out_clears_what_the_app_kept_on_the_device(phone, live_server, world):
    linked(world)
    page = phone
    log_in(page, live_server.url, "insp_a")
    app_kept_on_the_device(page)
    open_form(page, live_server.url)
    add_violation(page, "Желдеткіш істемейді", timezone.localdate(), photo=False)
    eventually(page, KEPT_ON_DEVICE, {"violations": 1, "photos": 0})

    # The folded menu opens with a transition; the account menu is used once it has ended.
    page.click(".navbar-toggler")
    expect(page.locator("#main-nav.collapse.show")).to_have_count(1)
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_test_id("log-out")).to_be_visible()
    page.get_by_test_id("log-out").click()
    page.wait_for_url("**/accounts/login/**")

    assert page.evaluate("indexedDB.databases().then((all) => all.map((db) => db.name))") == []
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0


def test_an_accident_report_and_a_fix_entered_without_signal_are_sent_one_by_one(
    phone, live_server, world, artifacts
):
    """In Russian this time: the pages kept on the device are in the user's language."""
    from kzsafety.accounts.models import User

    linked(world)
    User.objects.filter(pk=world.inspector_a.pk).update(language="ru")
    inspection = record_inspection(world.inspector_a, world.a, violations=1, photo=False)
    violation = inspection.violations.get()
    page = phone
    log_in(page, live_server.url, "insp_a")
    app_kept_on_the_device(page)

    phone.context.set_offline(True)
    open_form(page, live_server.url, ACCIDENT_FORM)
    assert page.evaluate("document.documentElement.lang") == "ru"
    page.fill("input[name=place]", "Шахта №3, горизонт 240")
    page.get_by_test_id("add-item").click()
    page.locator("[data-item] input[name=full_name]").fill("Иванов Иван")
    page.locator("[data-item] select[name=outcome]").select_option("severe")
    page.locator("[data-item] input[name=days_lost]").fill("12")
    page.get_by_test_id("submit-for-verification").check()
    eventually(page, KEPT_OF_KIND, {"kind": "accident", "field": "victims"})
    page.reload()
    expect(page.locator("[data-item] input[name=full_name]")).to_have_value("Иванов Иван")
    fits(page)
    page.get_by_test_id("save-to-outbox").click()
    expect(page.get_by_test_id("outbox-entry")).to_have_attribute("data-state", "saved")

    page.get_by_test_id("new-field-remediation").click()
    expect(page.locator("#field-entry")).to_have_attribute("data-ready", "1")
    expect(page.get_by_test_id("violation")).to_have_value(str(violation.pk))
    page.get_by_test_id("comment").fill("Ограждение установлено")
    page.locator("input[name=photo]").set_input_files(
        files=[{"name": "fixed.png", "mimeType": "image/png", "buffer": tiny_png(32, 32)}]
    )
    expect(page.get_by_test_id("photo-name")).to_have_text("fixed.png")
    fits(page)
    page.get_by_test_id("save-to-outbox").click()
    entries = page.get_by_test_id("outbox-entry")
    expect(entries).to_have_count(2)
    assert Accident.objects.count() == 0

    phone.context.set_offline(False)
    expect(entries.nth(0)).to_have_attribute("data-state", "sent")
    expect(entries.nth(1)).to_have_attribute("data-state", "sent")
    fits(page)
    page.screenshot(path=str(artifacts / "offline_outbox_390.png"), full_page=True)
    report = Accident.objects.get()
    assert report.status == AccidentStatus.SUBMITTED
    assert report.place == "Шахта №3, горизонт 240"
    assert list(report.victims.values_list("full_name", "outcome", "days_lost")) == [
        ("Иванов Иван", "severe", 12)
    ]
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED
    assert violation.photos.filter(stage=EvidenceStage.FIXED).count() == 1


def test_another_user_of_the_same_phone_sees_nothing_of_the_first(phone, live_server, world):
    """Even without a log-out in between (a session that ran out)."""
    linked(world)
    page = phone
    log_in(page, live_server.url, "insp_a")
    open_form(page, live_server.url)
    add_violation(page, "Сатыда тұтқа жоқ", timezone.localdate(), photo=False)
    eventually(page, KEPT_ON_DEVICE, {"violations": 1, "photos": 0})

    sign_in(phone.context, live_server.url, world.inspector_b)
    page.goto(live_server.url + OUTBOX)
    expect(page.get_by_test_id("outbox")).to_have_attribute("data-ready", "1")
    expect(page.get_by_test_id("outbox-entry")).to_have_count(0)
    open_form(page, live_server.url)
    expect(page.locator("[data-item]")).to_have_count(0)
    expect(page.get_by_test_id("enterprise").locator("option")).to_have_count(1)
    expect(page.get_by_test_id("enterprise")).to_have_value(str(world.b.pk))


def test_the_full_accident_form_entered_without_signal_lands_once_with_every_field(
    phone, live_server, world
):
    """Every field of the online filing form, offline, through a reload, sent once."""
    linked(world)
    page = phone
    log_in(page, live_server.url, "insp_a")
    app_kept_on_the_device(page)
    day = timezone.localdate() - datetime.timedelta(days=2)

    phone.context.set_offline(True)
    open_form(page, live_server.url, ACCIDENT_FORM)
    page.get_by_test_id("date").fill((day - datetime.timedelta(days=1)).isoformat())
    page.fill("input[name=time]", "09:15")
    page.fill("input[name=place]", "Карьер, 2-горизонт")
    page.select_option("select[name=event_type]", index=1)
    page.select_option("select[name=cause]", index=1)
    page.fill("input[name=employer_fault_pct]", "60")
    page.fill("input[name=employee_fault_pct]", "40")
    page.fill("textarea[name=description]", "Жүк құлады")
    page.select_option("select[name=investigation_kind]", "special")
    page.fill("input[name=act_number]", "Н-7/2026")
    page.fill("input[name=act_date]", day.isoformat())
    page.fill("textarea[name=commission]", "Сапаров, Ахметова")
    page.check("input[name=union_took_part]")
    page.get_by_test_id("add-item").click()
    victim = page.locator("[data-item]")
    victim.locator("input[name=full_name]").fill("Бекзат Омаров")
    victim.locator("select[name=sex]").select_option("m")
    victim.locator("input[name=age]").fill("37")
    victim.locator("input[name=occupation]").fill("жүргізуші")
    victim.locator("input[name=service_years]").fill("9")
    victim.locator("select[name=outcome]").select_option("severe")
    victim.locator("input[name=days_lost]").fill("21")
    victim.locator("input[name=injury_type]").fill("сынық")
    victim.locator("input[name=body_part]").fill("оң қол")
    eventually(
        page,
        """async () => (await window.kzField.all()).some((e) => e.kind === "accident"
             && e.data.victims.length === 1 && e.data.victims[0].body_part === "оң қол")""",
    )
    page.reload()
    expect(page.locator("input[name=act_number]")).to_have_value("Н-7/2026")
    expect(page.locator("input[name=union_took_part]")).to_be_checked()
    expect(page.locator("[data-item] input[name=service_years]")).to_have_value("9")
    fits(page)
    page.get_by_test_id("save-to-outbox").click()
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_attribute("data-state", "saved")

    sent = []
    page.on("request", lambda request: sent.append(request))
    phone.context.set_offline(False)
    expect(entry).to_have_attribute("data-state", "sent")
    report = Accident.objects.get()
    # Through the REST API, keyed with the device's key.
    create = [r for r in sent if r.method == "POST" and r.url.endswith("/api/v1/accidents/")]
    assert len(create) == 1
    assert create[0].headers["idempotency-key"] == entry.get_attribute("data-key")
    assert report.time.strftime("%H:%M") == "09:15"
    assert (report.employer_fault_pct, report.employee_fault_pct) == (60, 40)
    assert (report.investigation_kind, report.act_number, report.act_date) == (
        "special",
        "Н-7/2026",
        day,
    )
    assert report.commission == "Сапаров, Ахметова"
    assert report.union_took_part is True
    assert report.event_type is not None and report.cause is not None
    assert list(
        report.victims.values_list(
            "full_name", "sex", "age", "occupation", "service_years", "days_lost", "body_part"
        )
    ) == [("Бекзат Омаров", "m", 37, "жүргізуші", 9, 21, "оң қол")]


def test_an_accident_refused_by_the_api_is_corrected_at_its_field_and_a_lost_answer_makes_one(
    phone, live_server, world
):
    linked(world)
    page = phone
    log_in(page, live_server.url, "insp_a")
    open_form(page, live_server.url, ACCIDENT_FORM)
    page.get_by_test_id("add-item").click()
    victim = page.locator("[data-item]")
    victim.locator("input[name=full_name]").fill("Асхат Нұров")
    victim.locator("input[name=iin]").fill("123456789012")  # not a valid IIN
    victim.locator("select[name=outcome]").select_option("light")
    page.get_by_test_id("submit-for-verification").check()
    eventually(page, KEPT_OF_KIND, {"kind": "accident", "field": "victims"})
    page.get_by_test_id("save-to-outbox").click()
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_attribute("data-state", "refused")
    assert Accident.objects.count() == 0

    entry.get_by_test_id("correct-entry").click()
    expect(page.get_by_test_id("error-victims.0.iin")).to_be_visible()
    fits(page)
    page.locator("[data-item] input[name=iin]").fill("")

    # The API makes the report, but its answer never reaches the phone.
    lost = []

    def answer_lost(route):
        route.fetch()
        lost.append(route.request.url)
        route.abort("connectionreset")

    page.context.route("**/api/v1/accidents/", answer_lost)
    page.get_by_test_id("save-to-outbox").click()
    expect(entry).to_have_attribute("data-state", "saved")
    assert lost and Accident.objects.count() == 1

    page.context.unroute("**/api/v1/accidents/")
    page.get_by_test_id("send-now").click()
    expect(entry).to_have_attribute("data-state", "sent")
    report = Accident.objects.get()
    assert report.status == AccidentStatus.SUBMITTED
    assert list(report.victims.values_list("full_name", "iin")) == [("Асхат Нұров", "")]

"""Background Sync: an entry saved without signal registers the sync `kzsafety-outbox`, and
the service worker sends the outbox in its `sync` event with no page of the app open,
under the signed-in user's session only. (Chromium's sync event is dispatched through the
DevTools protocol: the browser itself waits for its own network state, which the test's
offline switch does not change.)"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import Inspection, Violation
from tests.browser.conftest import log_in, sign_in
from tests.browser.test_offline_field_entry import (
    KEPT_ON_DEVICE,
    WIDTH,
    add_violation,
    app_kept_on_the_device,
    eventually,
    open_form,
)
from tests.factories import linked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RAW_STATES = """() => new Promise((resolve) => {
  const request = indexedDB.open("kzsafety-field");
  request.onsuccess = () => {
    const all = request.result.transaction("entries").objectStore("entries").getAll();
    all.onsuccess = () => resolve(all.result.map((e) => [String(e.user), e.state]));
  };
})"""
TAGS = """() => navigator.serviceWorker.ready.then((registration) =>
  registration.sync.getTags())"""


@pytest.fixture
def device(chromium):
    context = chromium.new_context(
        viewport={"width": WIDTH, "height": 844}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def worker_registration(context, base_url: str):
    """The DevTools session and the id of the app's service worker registration."""
    page = context.new_page()
    page.goto("about:blank")
    cdp = context.new_cdp_session(page)
    found = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.update(
            {r["registrationId"]: r for r in event["registrations"] if not r["isDeleted"]}
        ),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(500)
    ours = [r for r in found.values() if r["scopeURL"].startswith(base_url)]
    assert ours, found
    return cdp, ours[0]["registrationId"]


def saved_offline_and_closed(device, base_url: str, *, back_online: bool = True) -> None:
    """insp_a saves an inspection to the outbox without signal; the sync is registered;
    the page is closed; the signal comes back unless `back_online` is False."""
    page = device.new_page()
    log_in(page, base_url, "insp_a")
    app_kept_on_the_device(page)
    device.set_offline(True)
    open_form(page, base_url)
    add_violation(page, "Нет ограждения", timezone.localdate() + datetime.timedelta(days=5), False)
    eventually(page, KEPT_ON_DEVICE, {"violations": 1, "photos": 0})
    page.get_by_test_id("save-to-outbox").click()
    expect(page.get_by_test_id("outbox-entry")).to_have_attribute("data-state", "saved")
    eventually(page, f"() => ({TAGS})().then((tags) => tags.includes('kzsafety-outbox'))")
    page.close()  # no page of the app is open now
    if back_online:
        device.set_offline(False)


def dispatch_sync(device, base_url: str):
    cdp, registration = worker_registration(device, base_url)
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": base_url,
            "registrationId": registration,
            "tag": "kzsafety-outbox",
            "lastChance": False,
        },
    )


def test_the_worker_sends_the_outbox_in_its_sync_event_with_no_page_open(
    device, live_server, world
):
    linked(world)
    saved_offline_and_closed(device, live_server.url)
    assert Inspection.objects.count() == 0
    dispatch_sync(device, live_server.url)
    deadline = timezone.now() + datetime.timedelta(seconds=15)
    while not Inspection.objects.exists():
        assert timezone.now() < deadline, "the worker did not send the outbox"
        device.pages[0].wait_for_timeout(200)
    inspection = Inspection.objects.get()
    assert list(Violation.objects.values_list("description", flat=True)) == ["Нет ограждения"]

    page = device.new_page()
    page.goto(live_server.url + "/field/outbox/")
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_attribute("data-state", "sent")
    expect(entry.get_by_test_id("open-record")).to_have_attribute(
        "href", inspection.get_absolute_url()
    )


def test_the_worker_sends_nothing_under_another_users_session(device, live_server, world):
    """The session now is insp_b's (a session that ran out and another sign-in, no page of
    the app opened since): insp_a's entry is not sent under it."""
    linked(world)
    saved_offline_and_closed(device, live_server.url, back_online=False)
    csrf = [c for c in device.cookies() if c["name"] == "csrftoken"]
    sign_in(device, live_server.url, world.inspector_b)
    device.add_cookies(csrf)  # even with the CSRF token the worker holds still valid
    # The signal returns only now: the browser may fire the sync itself when it does, and
    # the session must already be insp_b's (before, insp_a's own sync could go out first).
    device.set_offline(False)

    dispatch_sync(device, live_server.url)
    device.pages[0].wait_for_timeout(3000)

    assert Inspection.objects.count() == 0
    # Not tried either (insp_b's scope would have refused it): still waiting for insp_a.
    page = device.new_page()
    page.goto(live_server.url + "/field/offline/")
    states = page.evaluate(RAW_STATES)
    assert states == [[str(world.inspector_a.pk), "saved"]]

"""A new deployment's service worker deletes what earlier deployments left on the device:
caches of other names, older versions of our shell files, and all but the newest version
of any other static file."""

import pytest

from kzsafety.field import views
from tests.browser.conftest import log_in
from tests.browser.test_offline_field_entry import WIDTH, app_kept_on_the_device, eventually
from tests.factories import linked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEFT_BEHIND = """async (files) => {
  const put = async (cacheName, url, date) => {
    const cache = await caches.open(cacheName);
    await cache.put(url, new Response("old", { headers: { Date: date } }));
  };
  await put("kz-files", files.oldShell, "Mon, 01 Jun 2026 10:00:00 GMT");
  await put("kz-files", files.olderChart, "Mon, 01 Jun 2026 10:00:00 GMT");
  await put("kz-files", files.newerChart, "Tue, 01 Sep 2026 10:00:00 GMT");
  await put("workbox-precache-v2-old", "/static/old.js", "Mon, 01 Jun 2026 10:00:00 GMT");
}"""
FILES_KEPT = """async () => {
  const cache = await caches.open("kz-files");
  return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
}"""


@pytest.fixture
def device(chromium):
    context = chromium.new_context(viewport={"width": WIDTH, "height": 844}, locale="kk-KZ")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def test_a_new_worker_deletes_what_older_deployments_left(device, live_server, world, settings):
    linked(world)
    page = device.new_page()
    log_in(page, live_server.url, "insp_a")
    app_kept_on_the_device(page)
    static = settings.STATIC_URL
    current_shell = page.evaluate(FILES_KEPT)
    assert static + "js/field/app.js" in current_shell
    page.evaluate(
        LEFT_BEHIND,
        {
            "oldShell": static + "js/field/app.0123456789ab.js",
            "olderChart": static + "vendor/chart.0123456789ab.js",
            "newerChart": static + "vendor/chart.abcdefabcdef.js",
        },
    )

    # A deployment: the worker script names another set of files, so it is a new worker.
    views.SHELL_FILES.append("icons/icon-192.png")
    try:
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        eventually(
            page,
            """async () => !(await caches.keys()).includes("workbox-precache-v2-old")
              && (await caches.open("kz-files").then((c) => c.keys())).length > 0
              && !(await caches.open("kz-files").then((c) => c.keys())).some(
                   (r) => r.url.includes("app.0123456789ab"))""",
        )
    finally:
        views.SHELL_FILES.remove("icons/icon-192.png")

    kept = page.evaluate(FILES_KEPT)
    assert static + "js/field/app.0123456789ab.js" not in kept
    assert static + "vendor/chart.0123456789ab.js" not in kept
    assert static + "vendor/chart.abcdefabcdef.js" in kept
    assert set(current_shell) <= set(kept)
    assert static + "icons/icon-192.png" in kept
    assert sorted(page.evaluate("caches.keys()")) == ["kz-files", "kz-pages"]

"""The inspector's phone journey at 390 px: record an inspection with three violations (the
first with a photo), finalize, open the notice; later report one violation fixed and
confirm it eliminated. Selectors use test ids, so the test holds in every language."""

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection, ViolationStatus
from tests.browser.conftest import log_in
from tests.factories import linked, tiny_png

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WIDTH = 390


@pytest.fixture
def phone390(chromium):
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


def add_violation(page, description: str, *, photo: bool, another: bool) -> None:
    page.fill("textarea[name=description]", description)
    page.select_option("select[name=category]", index=1)
    page.fill("input[name=legal_reference]", "Еңбек кодексі, 182-бап")
    if photo:
        page.set_input_files(
            "input[name=photo]",
            files=[{"name": "pit.png", "mimeType": "image/png", "buffer": tiny_png(64, 48)}],
        )
    fits(page)
    page.get_by_test_id("save-add-another" if another else "save").click()


def test_inspector_records_an_inspection_on_a_phone_and_later_eliminates_a_violation(
    phone390, live_server, world, artifacts
):
    linked(world)
    page = phone390
    log_in(page, live_server.url, "insp_a")
    fits(page)

    # Start from the menu, as on a phone.
    page.click(".navbar-toggler")
    page.locator("#main-nav a[href='/inspections/']").click()
    page.get_by_test_id("start-inspection").click()
    expect(page.locator("select[name=enterprise]")).to_have_value(str(world.a.pk))
    fits(page)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("inspection-title")).to_have_text(world.a.name)

    page.get_by_test_id("add-violation").click()
    add_violation(page, "Карьер жиегінде қоршау жоқ", photo=True, another=True)
    add_violation(page, "Жұмысшылар каскасыз", photo=False, another=True)
    add_violation(page, "Өрт сөндіргіш мерзімі өткен", photo=False, another=False)
    expect(page.locator("[data-testid=violations] > li")).to_have_count(3)
    expect(page.locator("[data-testid=violations] img.evidence-thumb")).to_have_count(1)
    fits(page)
    page.screenshot(path=str(artifacts / "inspection_draft_390.png"), full_page=True)

    page.get_by_test_id("finalize").click()
    page.get_by_test_id("confirm-finalize").click()

    inspection = Inspection.objects.get()
    number = inspection.notice.number
    expect(page.get_by_test_id("notice")).to_be_visible()
    expect(page.get_by_test_id("notice-number").first).to_contain_text(number)
    expect(page.locator("[data-testid=notice-violations] tbody tr")).to_have_count(3)
    expect(page.locator("[data-testid=notice-violations] tbody")).to_contain_text(
        "Карьер жиегінде қоршау жоқ"
    )
    fits(page)
    page.screenshot(path=str(artifacts / "notice_390.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "notice_print_390.png"), full_page=True)
    page.emulate_media(media="screen")

    # Later: the home page lists the open violations; the inspector reports the first one
    # fixed with a photo and confirms it eliminated.
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("count-open")).to_have_text("3")
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    page.locator("[data-testid=violations] > li a").first.click()
    page.fill("textarea[name=comment]", "Қоршау орнатылды")
    page.set_input_files(
        "input[name=photo]",
        files=[{"name": "fixed.png", "mimeType": "image/png", "buffer": tiny_png(32, 32)}],
    )
    page.get_by_test_id("report-fixed").click()
    expect(page.locator("[data-testid=violation-status] .text-bg-info")).to_be_visible()
    page.get_by_test_id("eliminate").click()
    expect(page.locator("[data-testid=violation-status] .text-bg-success")).to_be_visible()
    expect(page.locator("[data-testid=photos] img")).to_have_count(2)
    fits(page)
    page.screenshot(path=str(artifacts / "violation_eliminated_390.png"), full_page=True)

    first = inspection.violations.get(position=1)
    assert first.status == ViolationStatus.ELIMINATED
    assert first.verified_by.username == "insp_a"
    assert list(inspection.violations.order_by("position").values_list("status", flat=True)) == [
        "eliminated",
        "open",
        "open",
    ]

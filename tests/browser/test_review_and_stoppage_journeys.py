"""Two journeys at 390 px and 1280 px, each in Kazakh and Russian. One browser context per
person and size, logged in once; the language is switched on the accounts between rounds
(the app answers a signed-in user in the language of their account).

(a) Regional staff return a report with a comment; the inspector opens it and reads the
    comment first, corrects the report and submits it again.
(b) The inspector records an inspection with two violations, issues the notice, opens it,
    records a work stoppage after the notice and opens the printable stoppage order."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections.models import Accident, AccidentStatus, Inspection, Outcome, Victim
from inspections.services.accidents import accident_save, accident_submit
from kzsafety.accounts.models import User
from tests.browser.conftest import log_in, no_sideways_scroll
from tests.factories import linked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {390: {"width": 390, "height": 844}, 1280: {"width": 1280, "height": 860}}
LANGUAGES = ("kk", "ru")


@pytest.fixture
def pages(chromium):
    """open(username, width) → a logged-in page of that size; closed at the end."""
    contexts = []

    def open_page(base_url: str, username: str, width: int):
        context = chromium.new_context(
            viewport=SIZES[width],
            device_scale_factor=1,
            has_touch=width < 768,
            is_mobile=width < 768,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, base_url, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def speak(language: str, *usernames: str) -> None:
    User.objects.filter(username__in=usernames).update(language=language)


def fits(page, width: int) -> None:
    assert no_sideways_scroll(page, width), page.evaluate("document.documentElement.scrollWidth")


def first_in_main(page, testid: str) -> None:
    """The element is on screen without scrolling and above the page's title."""
    element = page.get_by_test_id(testid)
    expect(element).to_be_visible()
    box, title = element.bounding_box(), page.locator("main h1").first.bounding_box()
    assert box["y"] < title["y"]
    assert box["y"] < page.viewport_size["height"] / 2


def submitted_report(world, place: str) -> Accident:
    accident = accident_save(
        user=world.inspector_a,
        accident=Accident(
            enterprise=world.a, date=datetime.date.today() - datetime.timedelta(days=3), place=place
        ),
        victims=[Victim(full_name=f"Арман Серіков ({place})", outcome=Outcome.SEVERE)],
    )
    return accident_submit(user=world.inspector_a, accident=accident)


def test_returned_report_journey_in_both_languages_on_phone_and_desk(
    pages, live_server, world, artifacts
):
    base = live_server.url
    for width in SIZES:
        inspector = pages(base, "insp_a", width)
        reviewer = pages(base, "regional", width)
        for language in LANGUAGES:
            speak(language, "insp_a", "regional")
            accident = submitted_report(world, f"Шахта {width}-{language}")
            url = f"{base}{accident.get_absolute_url()}"
            comment = f"Акт нөмірін толтырыңыз / Укажите номер акта ({language}, {width})"

            reviewer.goto(url)
            expect(reviewer.locator("html")).to_have_attribute("lang", language)
            reviewer.fill("#id_comment", comment)
            reviewer.get_by_test_id("return").click()
            expect(reviewer.get_by_test_id("returned-comment")).to_contain_text(comment)

            inspector.goto(url)
            first_in_main(inspector, "returned-comment")
            expect(inspector.get_by_test_id("returned-text")).to_have_text(comment)
            expect(inspector.get_by_test_id("returned-by")).to_contain_text("regional")
            fits(inspector, width)
            inspector.screenshot(path=str(artifacts / f"returned_detail_{language}_{width}.png"))

            inspector.get_by_test_id("edit-report").click()
            first_in_main(inspector, "returned-comment")
            expect(inspector.get_by_test_id("returned-text")).to_have_text(comment)
            fits(inspector, width)
            inspector.fill("#id_act_number", f"N-1/{width}-{language}")
            inspector.get_by_test_id("submit-report").click()
            expect(inspector.locator("[data-status=submitted]").first).to_be_visible()
            expect(inspector.get_by_test_id("returned-comment")).to_have_count(0)
            inspector.screenshot(path=str(artifacts / f"resubmitted_{language}_{width}.png"))

            accident.refresh_from_db()
            assert accident.status == AccidentStatus.SUBMITTED
            assert accident.act_number == f"N-1/{width}-{language}"
            assert list(accident.status_changes.values_list("to_status", flat=True)) == [
                "draft",
                "submitted",
                "returned",
                "submitted",
            ]


def add_violation(page, description: str, *, another: bool) -> None:
    page.fill("textarea[name=description]", description)
    page.select_option("select[name=category]", index=1)
    page.fill("input[name=legal_reference]", "Еңбек кодексі / Трудовой кодекс, 182")
    page.get_by_test_id("save-add-another" if another else "save").click()


def test_notice_and_stoppage_order_journey_in_both_languages_on_phone_and_desk(
    pages, live_server, world, artifacts
):
    linked(world)
    base = live_server.url
    for width in SIZES:
        page = pages(base, "insp_a", width)
        for language in LANGUAGES:
            speak(language, "insp_a")
            page.goto(f"{base}/inspections/new/")
            expect(page.locator("html")).to_have_attribute("lang", language)
            page.get_by_test_id("save").click()
            expect(page.get_by_test_id("inspection-title")).to_have_text(world.a.name)
            inspection = Inspection.objects.latest("pk")

            page.get_by_test_id("add-violation").click()
            add_violation(page, f"Қоршау жоқ / Нет ограждения {width}", another=True)
            add_violation(page, f"Каскасыз / Без касок {language}", another=False)
            expect(page.locator("[data-testid=violations] > li")).to_have_count(2)

            page.get_by_test_id("finalize").click()
            page.get_by_test_id("confirm-finalize").click()
            expect(page.get_by_test_id("notice")).to_be_visible()
            inspection.refresh_from_db()
            number = inspection.notice.number
            expect(page.get_by_test_id("notice-number").first).to_contain_text(number)
            fits(page, width)
            page.screenshot(path=str(artifacts / f"notice_{language}_{width}.png"), full_page=True)

            # After the notice: the danger is still there, work is stopped.
            page.goto(f"{base}{inspection.get_absolute_url()}")
            page.get_by_test_id("add-stoppage").click()
            page.fill("textarea[name=reason]", "Метан / Метан 2 %")
            page.fill("textarea[name=works]", "Забой №3 / Забой № 3")
            page.get_by_test_id("save").click()
            expect(page.locator("[data-testid=stoppages] > li")).to_have_count(1)
            page.get_by_test_id("stoppage-order").click()

            order = page.get_by_test_id("stoppage-order")
            expect(order).to_be_visible()
            stoppage = inspection.stoppages.get()
            expect(page.get_by_test_id("order-number")).to_contain_text(stoppage.order_number)
            expect(page.get_by_test_id("order-works")).to_have_text("Забой №3 / Забой № 3")
            expect(page.get_by_test_id("order-violations").locator("tbody tr")).to_have_count(2)
            expect(order).to_contain_text(world.a.bin)
            expect(order).to_contain_text(number)
            expect(order.locator(".notice-line")).to_have_count(2)
            expect(page.locator("html")).to_have_attribute("lang", language)
            fits(page, width)
            page.screenshot(path=str(artifacts / f"stoppage_order_{language}_{width}.png"))
            page.emulate_media(media="print")
            page.screenshot(
                path=str(artifacts / f"stoppage_order_print_{language}_{width}.png"),
                full_page=True,
            )
            page.emulate_media(media="screen")

            # The issued notice has not changed.
            page.goto(f"{base}/inspections/{inspection.pk}/notice/")
            expect(page.get_by_test_id("notice")).not_to_contain_text("Метан")

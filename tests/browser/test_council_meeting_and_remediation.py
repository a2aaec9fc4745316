"""A council chair, on a 390-px phone, records a meeting with a binding decision and
reports a violation of their enterprise fixed with a photo; the technical inspector
confirms the fix at the desk. Also the heat map and the printable minutes on the phone."""

import datetime

import pytest
from playwright.sync_api import expect

from councils.models import Decision, Meeting, MemberRole, Side
from inspections.models import EvidenceStage, ViolationStatus
from tests.browser.conftest import log_in
from tests.councils.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    RiskAssessmentFactory,
    RiskEntryFactory,
)
from tests.factories import linked, record_inspection, tiny_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page, width=390):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_chair_records_a_meeting_and_reports_a_fix_that_the_inspector_confirms(
    phone_390, desk, live_server, world, artifacts
):
    linked(world)
    council = CouncilFactory(enterprise=world.a)
    chair = CouncilMemberFactory(
        council=council,
        user=world.council_a,
        full_name="Марат Оспанов",
        role=MemberRole.CHAIR,
        side=Side.WORKERS,
    )
    CouncilMemberFactory(council=council, full_name="Серік Әбенов", side=Side.EMPLOYER)
    inspection = record_inspection(world.inspector_a, world.a, violations=1, photo=False)
    violation = inspection.violations.get()
    deadline = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    page = phone_390
    log_in(page, live_server.url, "council_a")
    page.get_by_test_id("home-council-link").click()
    expect(page.get_by_test_id("members")).to_contain_text("Марат Оспанов")

    page.get_by_test_id("record-meeting").click()
    page.fill("textarea[name=agenda]", "Бұзушылықтарды жою\nЖеке қорғаныс құралдары")
    page.check(f"input[name=attendees][value='{chair.pk}']")
    page.fill("textarea[name=minutes]", "Бұзушылықтар талқыланды.")
    assert fits(page)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("meeting-title")).to_be_visible()

    page.fill("textarea[name=text]", "Конвейерге қоршау орнату")
    page.fill("input[name=responsible]", "Р. Садықов, учаске бастығы")
    page.fill("input[name=deadline]", deadline)
    page.get_by_test_id("add-decision").click()
    expect(page.get_by_test_id("decisions")).to_contain_text("Конвейерге қоршау орнату")
    assert fits(page)
    page.screenshot(path=str(artifacts / "council_meeting_phone.png"), full_page=True)
    meeting = Meeting.objects.get()
    assert list(meeting.attendees.all()) == [chair]
    decision = Decision.objects.get()
    assert (decision.meeting, decision.responsible, decision.deadline.isoformat()) == (
        meeting,
        "Р. Садықов, учаске бастығы",
        deadline,
    )

    page.get_by_test_id("breadcrumb-council").click()
    page.get_by_test_id("open-board").click()
    expect(page.get_by_test_id("board-item")).to_have_count(1)
    assert fits(page)
    page.screenshot(path=str(artifacts / "council_board_phone.png"), full_page=True)
    page.get_by_test_id("board-item").click()
    page.fill("input[name=responsible]", "Р. Садықов")
    page.fill("input[name=planned_on]", datetime.date.today().isoformat())
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("plan")).to_contain_text("Р. Садықов")
    page.fill("textarea[name=comment]", "Қоршау орнатылды")
    page.set_input_files(
        "input[name=photo]",
        files=[{"name": "fix.png", "mimeType": "image/png", "buffer": tiny_png()}],
    )
    page.get_by_test_id("report-fixed").click()
    expect(page.get_by_test_id("photos").locator("img")).to_have_count(1)
    assert fits(page)
    page.screenshot(path=str(artifacts / "council_reported_fixed_phone.png"), full_page=True)
    violation.refresh_from_db()
    assert violation.status == ViolationStatus.REPORTED_FIXED
    assert violation.photos.get().stage == EvidenceStage.FIXED

    inspector = desk
    log_in(inspector, live_server.url, "insp_a")
    inspector.goto(f"{live_server.url}/councils/{council.pk}/remediation/?show=awaiting")
    inspector.get_by_test_id("board-item").click()
    inspector.get_by_test_id("confirm").click()
    expect(inspector.get_by_test_id("confirm")).to_have_count(0)
    expect(inspector.get_by_test_id("violation-status").locator(".text-bg-success")).to_be_visible()
    inspector.screenshot(path=str(artifacts / "council_fix_confirmed.png"), full_page=True)
    violation.refresh_from_db()
    assert (violation.status, violation.verified_by) == (
        ViolationStatus.ELIMINATED,
        world.inspector_a,
    )
    assert violation.eliminated_on == datetime.date.today()


def test_heat_map_and_minutes_fit_a_phone(phone_390, live_server, world, artifacts):
    council = CouncilFactory(enterprise=world.a)
    assessment = RiskAssessmentFactory(council=council)
    for probability, severity in [(3, 5), (3, 5), (4, 4), (1, 2), (5, 5), (2, 3)]:
        RiskEntryFactory(assessment=assessment, probability=probability, severity=severity)
    page = phone_390
    log_in(page, live_server.url, "regional")
    page.goto(f"{live_server.url}/councils/assessments/{assessment.pk}/heat-map/")
    expect(page.get_by_test_id("cell-3-5")).to_contain_text("2")
    assert fits(page)
    page.screenshot(path=str(artifacts / "council_heat_map_phone.png"), full_page=True)
    page.get_by_test_id("cell-3-5").locator("a").click()
    expect(page.get_by_test_id("register-row")).to_have_count(2)
    assert fits(page)
    page.screenshot(path=str(artifacts / "council_register_phone.png"), full_page=True)


def test_regional_staff_see_the_parity_warning_and_the_minutes_on_a_phone(
    phone_390, live_server, world, artifacts
):
    council = CouncilFactory(enterprise=world.a)
    chair = CouncilMemberFactory(
        council=council, full_name="Марат Оспанов", role=MemberRole.CHAIR, side=Side.WORKERS
    )
    for name in ("Серік Әбенов", "Ольга Ким"):
        CouncilMemberFactory(council=council, full_name=name, side=Side.EMPLOYER)
    meeting = Meeting.objects.create(
        council=council,
        number=1,
        date=datetime.date.today() - datetime.timedelta(days=40),
        agenda="Бұзушылықтарды жою\nЖеке қорғаныс құралдары",
        minutes="Талқыланды.",
    )
    meeting.attendees.set([chair])
    Decision.objects.create(
        meeting=meeting,
        position=1,
        text="Конвейерге қоршау орнату",
        responsible="Р. Садықов",
        deadline=datetime.date.today() - datetime.timedelta(days=5),
    )
    page = phone_390
    log_in(page, live_server.url, "regional")
    page.goto(f"{live_server.url}{council.get_absolute_url()}")
    expect(page.get_by_test_id("parity-warning")).to_be_visible()
    expect(page.get_by_test_id("overdue-decisions")).to_contain_text("Конвейерге қоршау орнату")
    expect(page.get_by_test_id("record-meeting")).to_have_count(0)
    assert fits(page)
    page.screenshot(path=str(artifacts / "council_detail_phone.png"), full_page=True)
    page.goto(f"{live_server.url}/councils/meetings/{meeting.pk}/minutes/")
    expect(page.get_by_test_id("minutes-decisions")).to_contain_text("Р. Садықов")
    assert fits(page)
    page.screenshot(path=str(artifacts / "council_minutes_phone.png"), full_page=True)

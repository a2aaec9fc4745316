"""What the pages show: the printable bilingual notice, the inspector's home panel, the
enterprise page panel, the menu; templates keep to the content security policy; demo data."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inspections.models import Inspection, Notice, Violation, ViolationStatus
from inspections.services import public_control_lifecycle as lifecycle
from tests.factories import linked, record_inspection


@pytest.fixture
def pc(world):
    return linked(world)


def panel(response, name):
    return next(p for p in response.context["panels"] if name in p.template).context


def test_notice_shows_number_date_enterprise_and_numbered_violations(client, pc):
    inspection = record_inspection(pc.inspector_a, pc.a, violations=3, stoppage=True)
    notice = inspection.notice
    client.force_login(pc.council_a)
    response = client.get(reverse("inspections:notice", args=[inspection.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(notice.number) >= 2  # in the Kazakh and the Russian column
    assert notice.issued_on.strftime("%d.%m.%Y") in body
    assert pc.a.name in body and pc.a.bin in body
    table = re.search(r'data-testid="notice-violations">(.*?)</table>', body, re.S).group(1)
    for violation in inspection.violations.order_by("position"):
        row = re.search(
            rf'<td class="notice-no">{violation.position}</td>(.*?)</tr>', table, re.S
        ).group(1)
        assert violation.description in row
        assert violation.legal_reference in row
        assert violation.deadline.strftime("%d.%m.%Y") in row
    assert "Unguarded conveyor" in body  # the work stoppage


def test_notice_has_a_kazakh_and_a_russian_column_whatever_the_readers_language(client, pc):
    inspection = record_inspection(pc.inspector_a, pc.a, violations=1)
    client.force_login(pc.inspector_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("inspections:notice", args=[inspection.pk])).content.decode()
    # Heading, closing words and signatures, each in both languages side by side.
    assert body.count('class="notice-col" lang="kk"') == 3
    assert body.count('class="notice-col" lang="ru"') == 3
    assert "css/notice-print.css" in body


def test_print_stylesheet_sets_a4_and_hides_the_menu():
    css = (Path(settings.BASE_DIR) / "static/css/notice-print.css").read_text()
    assert "size: A4" in css
    assert "@media print" in css
    kzsafety_css = (Path(settings.BASE_DIR) / "static/css/kzsafety.css").read_text()
    assert ".navbar" in kzsafety_css and "no-print" in kzsafety_css


def test_inspector_home_lists_open_overdue_and_due_soon_violations(client, pc):
    today = timezone.localdate()
    inspection = record_inspection(
        pc.inspector_a, pc.a, date=today - datetime.timedelta(days=40), violations=3
    )
    late, soon, later = inspection.violations.order_by("position")
    Violation.objects.filter(pk=late.pk).update(deadline=today - datetime.timedelta(days=1))
    Violation.objects.filter(pk=soon.pk).update(deadline=today + datetime.timedelta(days=7))
    Violation.objects.filter(pk=later.pk).update(deadline=today + datetime.timedelta(days=8))
    lifecycle.violation_report_fixed(user=pc.council_a, violation=later, comment="Done")
    record_inspection(pc.inspector_b, pc.b)  # not in A's scope

    client.force_login(pc.inspector_a)
    context = panel(client.get(reverse("home")), "panel_home")
    assert context["counts"] == {"open": 2, "reported_fixed": 1, "overdue": 1, "due_soon": 1}
    assert [v.pk for v in context["overdue"]] == [late.pk]
    assert [v.pk for v in context["due_soon"]] == [soon.pk]
    assert [v.pk for v in context["awaiting"]] == [later.pk]


def test_staff_home_counts_the_violations_of_their_scope(client, pc):
    record_inspection(pc.inspector_a, pc.a, violations=2)
    record_inspection(pc.inspector_b, pc.b, violations=3)
    client.force_login(pc.regional)
    assert panel(client.get(reverse("home")), "panel_home")["counts"]["open"] == 2
    client.force_login(pc.federation)
    assert panel(client.get(reverse("home")), "panel_home")["counts"]["open"] == 5


def test_user_without_a_role_gets_no_violations_panel(client, pc):
    client.force_login(pc.no_role)
    response = client.get(reverse("home"))
    assert not any("panel_home" in p.template for p in response.context["panels"])


def test_enterprise_page_shows_its_inspections_open_violations_and_stoppages(client, pc):
    inspection = record_inspection(pc.inspector_a, pc.a, violations=2, stoppage=True)
    first = inspection.violations.order_by("position").first()
    lifecycle.violation_report_fixed(user=pc.inspector_a, violation=first, comment="Done")
    lifecycle.violation_eliminate(user=pc.inspector_a, violation=first)
    record_inspection(pc.inspector_b, pc.b)

    client.force_login(pc.regional)
    response = client.get(reverse("directories:enterprise_detail", args=[pc.a.pk]))
    context = panel(response, "panel_enterprise")
    assert [i.pk for i in context["inspections"]] == [inspection.pk]
    assert [v.position for v in context["violations"]] == [2]
    assert [s.reason for s in context["stoppages"]] == ["Unguarded conveyor"]
    body = response.content.decode()
    assert inspection.notice.number in body
    assert f"?enterprise={pc.a.pk}" in body


def test_enterprise_page_offers_the_inspector_to_start_an_inspection_there(client, pc):
    client.force_login(pc.inspector_a)
    body = client.get(reverse("directories:enterprise_detail", args=[pc.a.pk])).content.decode()
    assert f"{reverse('inspections:inspection_create')}?enterprise={pc.a.pk}" in body
    client.force_login(pc.regional)
    body = client.get(reverse("directories:enterprise_detail", args=[pc.a.pk])).content.decode()
    assert reverse("inspections:inspection_create") not in body


def test_the_menu_links_to_public_control(client, pc):
    client.force_login(pc.council_a)
    body = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("inspections:inspection_list")}"' in body


def test_violation_page_shows_the_timeline_and_photos(client, pc):
    inspection = record_inspection(pc.inspector_a, pc.a, violations=1)
    violation = inspection.violations.get()
    lifecycle.violation_report_fixed(user=pc.council_a, violation=violation, comment="Replaced")
    client.force_login(pc.sector)
    body = client.get(violation.get_absolute_url()).content.decode()
    assert "Replaced" in body
    assert violation.photos.get().get_absolute_url() in body
    assert "council_a" in body


TEMPLATES = Path(settings.BASE_DIR) / "templates/inspections/public_control"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text()
    assert " style=" not in text
    assert "<style" not in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert not re.search(r"\son[a-z]+\s*=", text)  # no inline event handlers


def test_pages_carry_no_unsafe_inline_policy(client, pc):
    inspection = record_inspection(pc.inspector_a, pc.a)
    client.force_login(pc.inspector_a)
    for url in (
        inspection.get_absolute_url(),
        reverse("inspections:notice", args=[inspection.pk]),
        reverse("inspections:violation_add", args=[inspection.pk]),
    ):
        response = client.get(url)
        assert "unsafe-inline" not in response.get("Content-Security-Policy", "")


def test_demo_data_is_idempotent_and_uses_the_demo_inspectors_record(db):
    from inspections import demo_public_control
    from kzsafety import demo

    demo.seed()
    demo_public_control.seed()
    counts = (Inspection.objects.count(), Violation.objects.count(), Notice.objects.count())
    demo_public_control.seed()
    assert (Inspection.objects.count(), Violation.objects.count(), Notice.objects.count()) == counts
    assert counts[0] == 3
    first = Inspection.objects.get(reference="DEMO-PC-001")
    assert first.inspector.user.username == "inspector"
    assert set(Violation.objects.values_list("status", flat=True)) == {
        ViolationStatus.OPEN,
        ViolationStatus.REPORTED_FIXED,
        ViolationStatus.ELIMINATED,
    }
    assert first.stoppages.get().lifted_on is not None

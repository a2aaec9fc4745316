"""The main pages, in Kazakh and Russian, for a user with records that have dates, times and
decimals, show them as those languages write them: 07.03.2025, 14:35, 33,3. Nothing
American leaks through: no AM/PM (Т.Ж./Т.Қ. in Django's Kazakh), no 03/07/2025, no
decimal point in a number; years and ids never get a thousands separator. English pages
use the same day-first dates and 24-hour clock (with a decimal point)."""

import datetime
import html
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from inspections.models import AccidentStatus, Outcome
from inspections.notifications import notify_fatal_accident
from inspections.services import public_control_lifecycle as lifecycle
from kzsafety.directories.models import Cause
from kzsafety.imports.models import ImportRun, RunSource, RunStatus
from kzsafety.statistics.models import Figure
from tests.councils.factories import council_records
from tests.factories import linked, record_inspection
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

LANGUAGES = ["kk", "ru"]

HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
# Twelve-hour clocks: Django's English, its Kazakh (Т.Ж. / Т.Қ.) and Russian spellings.
TWELVE_HOUR = re.compile(
    r"(?<!\w)(?:AM|PM|a\.m\.|p\.m\.|Т\.Ж\.|Т\.Қ\.|ТЖ|ТҚ|д\.п\.|п\.п\.|ДП|ПП)(?!\w)"
)
MONTH_FIRST_DATE = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\d{2,4}(?!\d)")
# A number with a decimal point; dd.mm.yyyy and dotted versions (5.3.9) have two dots and
# are not matched.
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
LOCAL_DATE = re.compile(r"(?<!\d)\d{2}\.\d{2}\.\d{4}(?!\d)")
# Attribute values a browser reads as URLs, ids or numbers.
ATTRIBUTE = re.compile(r'\s(?:href|action|src|value|id|for|data-[\w-]+)="([^"]*)"')


def visible_text(body: str) -> str:
    return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", body)))


def problems(body: str, *, decimal_comma: bool = True) -> list[str]:
    text = visible_text(body)
    found = [f"12-hour clock: {m}" for m in TWELVE_HOUR.findall(text)]
    found += [f"month-first date: {m}" for m in MONTH_FIRST_DATE.findall(text)]
    if decimal_comma:
        found += [f"decimal point: {m}" for m in DECIMAL_POINT.findall(text)]
    found += [
        f"separator inside an attribute: {value!r}"
        for value in ATTRIBUTE.findall(body)
        if "\xa0" in html.unescape(value) or "%C2%A0" in value.upper()
    ]
    return found


def test_the_detector_flags_what_it_must_and_leaves_dates_and_versions_alone():
    assert problems("<td>11/20/2026</td><td>9:25 Т.Ж.</td><td>12.5</td><td>2 p.m.</td>")
    assert len(problems('<a href="/x/1\xa0234/">x</a>')) == 1
    assert not problems(
        "<td>07.03.2025 14:35</td><td>33,3</td><td>1\xa0234</td>"
        "<script>var v = 1.5;</script><link href='bootstrap-5.3.9/x.css'> 5.3.9"
    )


@pytest.fixture
def records(db):
    """Federation staff and, in their view, records of every kind with dates in both halves
    of the day, history rows and fractional percentages."""
    from tests.conftest import build_world

    world = linked(build_world())
    work_organisation = Cause.objects.get(key="work_organisation")
    negligence = Cause.objects.get(key="victim_negligence")
    accidents = []
    for day, cause, hour in (
        (datetime.date(2025, 3, 7), work_organisation, 14),
        (datetime.date(2025, 5, 12), work_organisation, 9),
        (datetime.date(2025, 11, 20), negligence, 21),
    ):
        accident = AccidentFactory(
            enterprise=world.a,
            date=day,
            time=datetime.time(hour, 35),
            cause=cause,
            status=AccidentStatus.SUBMITTED,
            act_date=day + datetime.timedelta(days=5),
        )
        VictimFactory(accident=accident, outcome=Outcome.SEVERE)
        VictimFactory(accident=accident)
        accidents.append(accident)
    fatal = accidents[0]
    VictimFactory(accident=fatal, outcome=Outcome.FATAL, died_on=fatal.date)
    fatal.description = "Changed after filing, for the history"
    fatal.save()
    notify_fatal_accident(fatal)

    inspection = record_inspection(
        world.inspector_a,
        world.a,
        date=datetime.date(2025, 3, 7),
        violations=3,
        stoppage=True,
        proposals=1,
    )
    fixed = inspection.violations.order_by("position").first()
    lifecycle.violation_report_fixed(user=world.inspector_a, violation=fixed, comment="Guarded")
    lifecycle.violation_eliminate(
        user=world.inspector_a, violation=fixed, eliminated_on=datetime.date(2025, 3, 20)
    )
    councils = council_records(world)
    Figure.objects.create(
        year=2025, source="statistics_bureau", indicator="victims", scope="all", value=2500
    )
    run = ImportRun.objects.create(
        user=world.federation,
        source=RunSource.WEB,
        kind="accidents",
        file=ContentFile(b"x" * 1536, name="accidents.xlsx"),
        original_name="accidents.xlsx",
        size=1536,
        status=RunStatus.SUCCEEDED,
        rows=1234,
        created=1234,
    )
    return world, {
        "accident": fatal,
        "inspection": inspection,
        "violation": fixed,
        "council": councils.council_a,
        "council_violation": councils.violation_a,
        "decision": councils.decision_a,
        "meeting": councils.meeting_a,
        "run": run,
    }


def pages(world, found) -> dict[str, str]:
    inspection = found["inspection"]
    return {
        "home": reverse("home"),
        "accident list": reverse("inspections:accident_list"),
        "accident detail and history": found["accident"].get_absolute_url(),
        "inspection list": reverse("inspections:inspection_list"),
        "inspection detail": inspection.get_absolute_url(),
        "violation list": reverse("inspections:violation_list"),
        "violation detail and history": found["violation"].get_absolute_url(),
        "printable notice": reverse("inspections:notice", args=[inspection.pk]),
        "public control summary": reverse("inspections:public_control_summary") + "?year=2025",
        "statistics": reverse("statistics:annual") + "?year=2025",
        "figures": reverse("statistics:figures") + "?year=2025",
        "council detail and history": found["council"].get_absolute_url(),
        "council remediation board": reverse(
            "councils:remediation_board", args=[found["council"].pk]
        ),
        "remediation item and history": reverse(
            "councils:remediation_item", args=[found["council_violation"].pk]
        ),
        "meeting": found["meeting"].get_absolute_url(),
        "decision": reverse("councils:decision_detail", args=[found["decision"].pk]),
        "notifications": reverse("accounts:notifications"),
        "import list": reverse("imports:list"),
        "import detail": reverse("imports:detail", args=[found["run"].pk]),
        "enterprise": reverse("directories:enterprise_detail", args=[world.a.pk]),
    }


@pytest.mark.parametrize("language", [*LANGUAGES, "en"])
def test_main_pages_show_local_dates_times_and_numbers(client, records, language):
    world, found = records
    world.federation.language = language
    world.federation.save(update_fields=["language"])
    client.force_login(world.federation)
    client.cookies["django_language"] = language
    failures = {}
    for name, url in pages(world, found).items():
        response = client.get(url)
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        body = response.content.decode()
        assert f'<html lang="{language}"' in body, name
        found = problems(body, decimal_comma=language != "en")  # English writes 33.3
        if found:
            failures[name] = found
    assert not failures


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_with_dates_times_and_shares_show_them_in_the_local_form(client, records, language):
    world, found = records
    world.federation.language = language
    world.federation.save(update_fields=["language"])
    client.force_login(world.federation)
    urls = pages(world, found)

    accident = visible_text(client.get(urls["accident detail and history"]).content.decode())
    assert "07.03.2025 14:35" in accident
    assert re.search(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", accident.split("07.03.2025 14:35")[1])

    statistics = visible_text(client.get(urls["statistics"]).content.decode())
    assert "66,7" in statistics and "33,3" in statistics  # shares of the two causes
    assert "2\xa0500" in statistics  # the bureau's victims, grouped

    notice = visible_text(client.get(urls["printable notice"]).content.decode())
    assert LOCAL_DATE.search(notice)

    notifications = visible_text(client.get(urls["notifications"]).content.decode())
    assert "07.03.2025" in notifications  # the fatal accident's date inside the message

    imports = visible_text(client.get(urls["import detail"]).content.decode())
    assert "1\xa0234" in imports  # rows read, grouped with a no-break space
    assert "1,5" in imports  # the file's size in KB, with a decimal comma


def test_the_accident_workbook_shows_dates_day_first_for_a_kazakh_reader(client, records):
    world, _found = records
    world.federation.language = "kk"
    world.federation.save(update_fields=["language"])
    client.force_login(world.federation)
    response = client.get(reverse("inspections:accident_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    dates = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert dates and all(c.is_date and c.number_format == "dd.mm.yyyy" for c in dates)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_risk_register_review_dates_are_dates_in_the_readers_format(client, world, language):
    from tests.councils.factories import RiskAssessmentFactory, RiskEntryFactory

    world.federation.language = language
    world.federation.save(update_fields=["language"])
    assessment = RiskAssessmentFactory(council=council_records(world).council_a)
    RiskEntryFactory(assessment=assessment, review_on=datetime.date(2026, 3, 7))
    client.force_login(world.federation)
    response = client.get(reverse("councils:register_export", args=[assessment.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    (review,) = [c for row in sheet.iter_rows() for c in row if c.is_date]
    assert review.value.date() == datetime.date(2026, 3, 7)
    assert review.number_format == "dd.mm.yyyy"
    assert sheet["A3"].value.endswith("15.01.2025 – 30.06.2025")  # the assessment period

"""The rows of the inspection, violation and accident lists are written in Python
(inspections/views/list_rows.py) for speed; they must be the markup the template loops
gave. The loops are kept in list_rows_reference/; each list page is fetched in every
language and its table body compared with the loop rendered over the same page of
records: drafts and finalized inspections with notices, stoppages, overdue and open
violations, every violation and accident status, long and combining-character text, and
names that need escaping."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from inspections.models import (
    AccidentStatus,
    Inspection,
    InspectionStatus,
    Outcome,
    Violation,
    ViolationStatus,
)
from kzsafety.directories.models import ViolationCategory
from tests.factories import (
    EnterpriseFactory,
    InspectionFactory,
    ViolationFactory,
    linked,
    record_inspection,
)
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

REFERENCE = Path(__file__).parent / "list_rows_reference"
AWKWARD = 'Tom & Jerry\'s <b>"Mine"</b>'


@pytest.fixture
def records(world):
    linked(world)
    today = timezone.localdate()
    awkward = EnterpriseFactory(name=AWKWARD, region=world.a.region, sector=world.a.sector)
    record_inspection(world.inspector_a, world.a, violations=3, stoppage=True, proposals=1)
    record_inspection(world.inspector_a, world.a, violations=1, date=today)
    draft = InspectionFactory(
        enterprise=awkward, status=InspectionStatus.DRAFT, finalized_at=None, date=today
    )
    category = ViolationCategory.objects.first()
    long_text = "Ограждение конвейера отсутствует & <нет> «знаков» " * 4
    combining = "Жо\u0306к – e\u0301 " * 3
    for number, (status, deadline, text, kind) in enumerate(
        [
            (ViolationStatus.OPEN, today - datetime.timedelta(days=3), long_text, category),
            (ViolationStatus.OPEN, today + datetime.timedelta(days=3), combining, None),
            (ViolationStatus.REPORTED_FIXED, today - datetime.timedelta(days=1), "x", category),
            (ViolationStatus.ELIMINATED, today - datetime.timedelta(days=9), AWKWARD, None),
            (ViolationStatus.OPEN, None, "No deadline", None),
        ],
        start=1,
    ):
        ViolationFactory(
            inspection=draft,
            position=number,
            status=status,
            deadline=deadline,
            description=text,
            category=kind,
            eliminated_on=deadline if status == ViolationStatus.ELIMINATED else None,
        )
    fatal = AccidentFactory(enterprise=world.a, date=datetime.date(2025, 2, 1))
    VictimFactory(accident=fatal, outcome=Outcome.FATAL)
    VictimFactory(accident=fatal, outcome=Outcome.LIGHT)
    for status in AccidentStatus.values:  # staff see all but the draft
        accident = AccidentFactory(
            enterprise=awkward, date=datetime.date(2025, 3, 4), status=status
        )
        VictimFactory(accident=accident, outcome=Outcome.SEVERE)


def _normalized(markup: str) -> str:
    markup = re.sub(r"\s+", " ", markup).strip()
    return re.sub(
        r"> <", "><", re.sub(r"\s*(</td>)", r"\1", re.sub(r"(<td[^>]*>)\s*", r"\1", markup))
    )


def _body(content: str) -> str:
    return content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def _as_records(url: str, rows: list) -> list:
    """The inspection and violation lists read their rows with statements of their own
    (inspections/services/list_page_rows.py); the loops they replaced rendered model
    instances with the ORM's figures (`with_counts`, `with_overdue`), read here for the
    same page, in its order."""
    ids = [row.pk for row in rows]
    if url == "inspections:inspection_list":
        found = Inspection.objects.select_related(
            "enterprise__region", "enterprise__sector", "inspector", "notice"
        ).with_counts()
    elif url == "inspections:violation_list":
        found = Violation.objects.select_related(
            "inspection__enterprise", "inspection__notice", "category"
        ).with_overdue()
    else:
        return rows
    by_id = {record.pk: record for record in found.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    ("url", "reference", "rows"),
    [
        ("inspections:inspection_list", "inspections.html", 3),
        ("inspections:violation_list", "violations.html", 9),
        ("inspections:accident_list", "accidents.html", 4),
    ],
)
def test_the_rows_are_the_markup_of_the_template_loop(
    client, world, records, language, url, reference, rows
):
    client.force_login(world.federation)
    client.cookies["django_language"] = language
    response = client.get(reverse(url))
    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.object_list) >= rows  # every kind of row above is on the page

    with translation.override(language):
        expected = (
            engines["django"]
            .from_string((REFERENCE / reference).read_text())
            .render({"page": {"object_list": _as_records(url, page.object_list)}})
        )
    shown = _body(response.content.decode())
    assert shown.count("<tr>") == len(page.object_list)
    assert _normalized(shown) == _normalized(expected)
    assert "<b>" not in shown and "&lt;b&gt;" in shown  # the awkward name, escaped


def test_the_inspection_rows_have_the_orm_figures(world, records):
    """The list's own statement gives, for every kind of inspection above (with and
    without violations, overdue, open, eliminated and undated ones, a stoppage, a notice,
    a draft), what the models' own rules give: `overdue(today=…)` and `not_eliminated()`,
    on a day when some deadlines have passed and on one when none has; and today, what
    the ORM's `with_counts` gives."""
    from inspections.services.list_page_rows import inspection_rows

    inspections = Inspection.objects.select_related("enterprise", "inspector", "notice")
    ids = list(inspections.values_list("pk", flat=True))
    assert len(ids) >= 3
    today = timezone.localdate()
    for day in (today, today - datetime.timedelta(days=30)):
        expected = {}
        for i in inspections:
            violations = Violation.objects.filter(inspection=i)
            expected[i.pk] = (
                i.date, i.status, i.kind, i.enterprise.name, i.enterprise.region_id,
                i.enterprise.sector_id, i.inspector.full_name,
                i.notice.number if hasattr(i, "notice") else None, violations.count(),
                violations.not_eliminated().count(), violations.overdue(today=day).count(),
                i.stoppages.exists(),
            )  # fmt: skip
        got = {
            row.pk: (
                row.date,
                row.status,
                row.kind,
                row.enterprise_name,
                row.region_id,
                row.sector_id,
                row.inspector_name,
                row.notice_number,
                row.violation_total,
                row.open_total,
                row.overdue_total,
                row.has_stoppage,
            )  # fmt: skip
            for row in inspection_rows(ids, day)
        }
        assert got == expected
        assert any(figures[-2] for figures in got.values()) == (day == today)
        assert any(figures[-1] for figures in got.values()) and any(
            figures[7] for figures in got.values()
        )
        if day == today:
            shown_today = got
    for i in Inspection.objects.with_counts():
        row = shown_today[i.pk]
        assert (i.violation_total or 0, i.open_total or 0, i.overdue_total or 0) == row[8:11]

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

from inspections.models import AccidentStatus, InspectionStatus, Outcome, ViolationStatus
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
            .render({"page": page})
        )
    shown = _body(response.content.decode())
    assert shown.count("<tr>") == len(page.object_list)
    assert _normalized(shown) == _normalized(expected)
    assert "<b>" not in shown and "&lt;b&gt;" in shown  # the awkward name, escaped

"""Every workbook we write keeps people's text as text: a value that starts like a
formula (=, +, -, @) comes back from the file as the same string in a text cell, while
numbers and dates stay numbers and dates."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from inspections.models import Outcome
from kzsafety.directories.models import Region
from kzsafety.imports.kinds import get_kind
from kzsafety.imports.templates import template_workbook
from kzsafety.spreadsheets import cell, cells
from kzsafety.statistics.annual import build_report
from kzsafety.statistics.workbook import write_workbook
from tests.councils.factories import RiskAssessmentFactory, RiskEntryFactory
from tests.factories import EnterpriseFactory, InspectionFactory, ViolationFactory
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd"]


def workbook(response_or_bytes):
    content = getattr(response_or_bytes, "content", response_or_bytes)
    return load_workbook(BytesIO(content))


def cells_holding(book, texts) -> dict:
    """The cells of the workbook whose value is one of the texts, by text."""
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for each in row:
                if each.value in texts:
                    found.setdefault(each.value, []).append(each)
    return found


def assert_all_text(book, texts):
    found = cells_holding(book, texts)
    assert set(found) == set(texts), f"missing: {set(texts) - set(found)}"
    for text, written in found.items():
        assert all(each.data_type == "s" for each in written), text


@pytest.mark.parametrize(
    "value",
    [*HOSTILE, "plain", "tab\there", "bell\x07removed"],
)
def test_the_cell_function_writes_any_text_as_text_in_both_workbook_modes(value):
    from openpyxl import Workbook

    for write_only in (True, False):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("s")
        sheet.append(cells(sheet, [value, 7, datetime.date(2025, 3, 1)]))
        if not write_only:
            cell(sheet, value, row=2, column=1)
        buffer = BytesIO()
        book.save(buffer)
        read = workbook(buffer.getvalue())["s"]
        expected = value.replace("\x07", "")
        assert (read["A1"].value, read["A1"].data_type) == (expected, "s")
        assert (read["B1"].value, read["B1"].data_type) == (7, "n")
        assert read["C1"].value == datetime.datetime(2025, 3, 1)
        assert read["C1"].data_type == "d"
        if not write_only:
            assert (read["A2"].value, read["A2"].data_type) == (expected, "s")


def test_accident_export_keeps_references_and_enterprise_names_as_text(client, world):
    for text in HOSTILE:
        enterprise = EnterpriseFactory(name=text, region=world.a.region)
        accident = AccidentFactory(enterprise=enterprise, reference=text)
        VictimFactory(accident=accident, outcome=Outcome.LIGHT)
    client.force_login(world.federation)
    book = workbook(client.get(reverse("inspections:accident_export")))
    assert_all_text(book, HOSTILE)
    first = next(book.active.iter_rows(min_row=2, max_row=2))
    assert first[0].data_type == "d"  # the date
    assert first[9].value == 60 and first[9].data_type == "n"  # employer's fault, %
    assert first[11].value == 1 and first[11].data_type == "n"  # victims


def test_inspection_and_violation_exports_keep_user_text_as_text(client, world):
    for text in HOSTILE:
        enterprise = EnterpriseFactory(name=text, region=world.a.region)
        inspection = InspectionFactory(enterprise=enterprise, reference=text)
        ViolationFactory(inspection=inspection, description=text, legal_reference=text)
    client.force_login(world.federation)
    inspections = workbook(client.get(reverse("inspections:inspection_export")))
    assert_all_text(inspections, HOSTILE)
    first = next(inspections.active.iter_rows(min_row=2, max_row=2))
    assert first[1].data_type == "d"
    assert first[10].value == 1 and first[10].data_type == "n"  # violations
    violations = workbook(client.get(reverse("inspections:violation_export")))
    assert_all_text(violations, HOSTILE)


def test_risk_register_export_keeps_hazards_and_the_enterprise_name_as_text(client, world):
    from tests.councils.factories import CouncilFactory, CouncilMemberFactory

    world.a.name = HOSTILE[0]
    world.a.save()
    council = CouncilFactory(enterprise=world.a)
    CouncilMemberFactory(council=council, user=world.council_a)
    assessment = RiskAssessmentFactory(council=council, commission=HOSTILE[3])
    RiskEntryFactory(
        assessment=assessment, hazard=HOSTILE[0], workplace=HOSTILE[1], controls=HOSTILE[2]
    )
    client.force_login(world.federation)
    book = workbook(client.get(reverse("councils:register_export", args=[assessment.pk])))
    assert_all_text(book, HOSTILE)
    title = book.worksheets[0]["A2"]
    assert title.value.startswith(HOSTILE[0]) and title.data_type == "s"
    entry = book.worksheets[0]["D7"]  # probability of the first entry
    assert entry.data_type == "n"


def test_annual_workbook_keeps_directory_names_as_text(world):
    Region.objects.filter(pk=world.a.region_id).update(name_en=HOSTILE[0])
    accident = AccidentFactory(enterprise=world.a, date=datetime.date(2025, 2, 1))
    VictimFactory(accident=accident)
    book = workbook(write_workbook(build_report(2025), "en"))
    assert_all_text(book, [HOSTILE[0]])
    by_region = book.worksheets[2]
    row = next(r for r in by_region.iter_rows(min_row=2) if r[0].value == HOSTILE[0])
    assert (row[1].value, row[1].data_type) == (1, "n")


def test_import_template_keeps_directory_names_in_its_lists_as_text(db):
    Region.objects.filter(code="35").update(name_en=HOSTILE[0])
    with translation.override("en"):
        book = workbook(template_workbook(get_kind("enterprises")))
    assert_all_text(book, [HOSTILE[0]])

"""The annual workbook prints: every sheet fits one A4 page wide (landscape when wide), its
title and header rows repeat on every page, the footer numbers the pages, and the charts of
the dynamics sheet sit below the tables on pages of their own."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kzsafety.statistics.annual import build_report
from kzsafety.statistics.models import Figure
from kzsafety.statistics.workbook import write_workbook
from kzsafety.statistics.workbook_print import PORTRAIT_MAX_COLUMNS
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

EMU_PER_CM = 360_000
CM_PER_CHARACTER = 0.19


@pytest.fixture
def book(world):
    for day in range(3):
        accident = AccidentFactory(enterprise=world.a, date=datetime.date(2025, 3, 1 + day))
        VictimFactory(accident=accident)
    Figure.objects.create(
        year=2025, source="statistics_bureau", indicator="victims", scope="all", value=25
    )
    return load_workbook(BytesIO(write_workbook(build_report(2025), "kk")))


def test_every_sheet_prints_one_a4_page_wide_with_its_title_and_headers_on_every_page(book):
    assert len(book.worksheets) == 11  # the tables, the dynamics and the rates
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert str(setup.paperSize) == "9", sheet.title  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows in ("$1:$2", "$1:$1"), sheet.title
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
        if sheet.max_column > PORTRAIT_MAX_COLUMNS:
            assert setup.orientation == "landscape", sheet.title


def test_a_narrow_table_prints_portrait(book):
    by_cause = book.worksheets[4]
    assert by_cause.max_column == 3
    assert by_cause.page_setup.orientation == "portrait"


def test_every_sheet_opens_with_a_title_naming_the_year_the_basis_and_the_sources(book):
    for sheet in book.worksheets:
        title = sheet["A1"].value
        assert "2025" in title, sheet.title
        assert "Бүкіл ел" in title or "Whole country" in title, title  # the basis
        assert "Федерация мониторингі" in title or "Federation monitoring" in title, title
        assert sheet["A1"].font.b
        if sheet.max_column > 1:
            assert f"A1:{get_column_letter(sheet.max_column)}1" in sheet.merged_cells
    accidents_title = book.worksheets[0]["A1"].value
    assert accidents_title.count(",") >= 3  # monitoring, ministry and bureau are named


def test_a_regional_workbook_names_its_region_instead_of_the_country(world):
    report = build_report(2025)
    book = load_workbook(BytesIO(write_workbook(report, "en", scope="Karaganda region")))
    title = book.worksheets[2]["A1"].value
    assert title.startswith("By region, 2025.")
    assert "Karaganda region" in title and "Whole country" not in title


def test_header_cells_wrap_and_their_columns_fit_the_longest_word(book):
    for sheet in book.worksheets:
        if sheet.print_title_rows != "$1:$2":
            continue
        wrapped = False
        for heading in sheet[2]:
            if heading.value is None:
                continue
            assert heading.alignment.wrap_text, (sheet.title, heading.value)
            width = sheet.column_dimensions[heading.column_letter].width
            longest_word = max(len(word) for word in str(heading.value).split())
            assert width >= longest_word + 1, (sheet.title, heading.value, width)
            wrapped = wrapped or len(str(heading.value)) > width - 1
        if wrapped:  # a row tall enough for the lines (Excel does not grow it by itself)
            assert sheet.row_dimensions[2].height >= 30, sheet.title


def test_the_dynamics_headers_wrap_instead_of_running_into_the_next_column(book):
    dynamics = next(sheet for sheet in book.worksheets if sheet._charts)
    bureau = next(
        c for row in dynamics.iter_rows() for c in row if c.value == "Ұлттық статистика бюросы"
    )
    assert bureau.alignment.wrap_text
    width = dynamics.column_dimensions[bureau.column_letter].width
    assert width >= max(len(word) for word in bureau.value.split()) + 1


def test_the_charts_sit_below_the_tables_on_pages_of_their_own(book):
    dynamics = next(sheet for sheet in book.worksheets if sheet._charts)
    charts = dynamics._charts
    assert len(charts) == 3
    last_table_row = max(c.row for row in dynamics.iter_rows() for c in row if c.value is not None)
    columns_cm = CM_PER_CHARACTER * sum(
        dynamics.column_dimensions[get_column_letter(i)].width
        for i in range(1, dynamics.max_column + 1)
    )
    breaks = sorted(b.id for b in dynamics.row_breaks.brk)
    starts = sorted(chart.anchor._from.row + 1 for chart in charts)  # 1-based first rows
    assert starts[0] > last_table_row  # no chart over a table
    for start in starts:
        assert start - 1 in breaks  # a page break just before every chart
    for chart in charts:
        assert chart.anchor._from.col == 0
        assert chart.anchor.ext.width / EMU_PER_CM <= columns_cm + 0.1  # as wide as the page
    rows_per_chart = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    chart_rows = charts[0].anchor.ext.height / EMU_PER_CM / (15 / 72 * 2.54)
    assert all(rows >= chart_rows for rows in rows_per_chart)  # charts do not overlap


def test_the_union_line_of_every_chart_is_dashed(book):
    dynamics = next(sheet for sheet in book.worksheets if sheet._charts)
    for chart in dynamics._charts:
        dashes = [s.graphicalProperties.line.prstDash for s in chart.series]
        assert dashes[-1] == "dash" and "dash" not in dashes[:-1]


def test_the_chart_lines_are_straight(book):
    dynamics = next(sheet for sheet in book.worksheets if sheet._charts)
    assert all(not s.smooth for chart in dynamics._charts for s in chart.series)


def test_a_workbook_prepared_for_regional_staff_is_titled_with_their_region(world):
    from django.utils import translation

    from kzsafety.statistics.models import ExportStatus, ReportExport
    from kzsafety.statistics.tasks import build_annual_workbook

    export = ReportExport.objects.create(requested_by=world.regional, year=2025, language="ru")
    build_annual_workbook(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    with export.file.open("rb") as handle:
        title = load_workbook(BytesIO(handle.read())).worksheets[0]["A1"].value
    with translation.override("ru"):
        region = str(world.regional.region)
    assert region in title and "2025" in title

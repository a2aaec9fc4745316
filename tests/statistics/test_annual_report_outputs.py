"""The report as JSON (exact keys of CONTRACTS.md §4), as an Excel workbook (sheets,
numbers, native charts), from the command line, and with a query count that does not
grow with the data."""

import datetime
import json
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from inspections.models import Outcome
from kzsafety.statistics.annual import build_report
from kzsafety.statistics.models import Figure
from kzsafety.statistics.workbook import write_workbook
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

TOP_KEYS = {
    "year",
    "years",
    "accidents",
    "by_region",
    "by_sector",
    "by_cause",
    "public_control",
    "councils",
    "inspectors",
    "warnings",
}
# Optional fields (CONTRACTS.md §4 lets a reader ignore what it does not know): the rates
# per 1,000 workers, beside the counts of by_region and by_sector and for the whole basis.
OPTIONAL_KEYS = {"rates"}
RATE_KEYS = {"workers", "victims_per_1000", "fatalities_per_1000", "rate_coverage_pct"}


def some_accidents(world, count):
    for day in range(count):
        accident = AccidentFactory(enterprise=world.a, date=datetime.date(2025, 1, 1 + day % 28))
        VictimFactory(accident=accident, outcome=Outcome.FATAL if day % 3 == 0 else Outcome.LIGHT)
        VictimFactory(accident=accident)


def test_json_has_exactly_the_keys_of_the_contract(world, tmp_path):
    some_accidents(world, 3)
    Figure.objects.create(year=2025, source="ministry", indicator="accidents", scope="all", value=9)
    output = tmp_path / "report.json"
    call_command("annual_report", "--year", "2025", "--format", "json", "--output", str(output))
    report = json.loads(output.read_text(encoding="utf-8"))
    assert TOP_KEYS <= set(report) <= TOP_KEYS | OPTIONAL_KEYS
    assert report["years"] == [2021, 2022, 2023, 2024, 2025]
    assert set(report["accidents"][0]) == {
        "indicator",
        "scope",
        "source",
        "values",
        "entered",
        "change",
        "change_pct",
    }
    assert set(report["by_region"][0]) - RATE_KEYS == {
        "region",
        "accidents",
        "victims",
        "fatalities",
        "group_accidents",
        "group_victims",
    }
    assert set(report["by_sector"][0]) - RATE_KEYS == {
        "sector",
        "accidents",
        "victims",
        "fatalities",
        "victims_share_pct",
    }
    assert set(report["by_cause"][0]) == {"cause", "accidents", "share_pct"}
    assert set(report["public_control"]) == {
        "inspections",
        "violations_found",
        "violations_eliminated",
        "eliminated_pct",
        "work_stoppages",
        "proposals",
    }
    assert set(report["councils"]) == {
        "by_year",
        "new_by_sector",
        "budget_share_pct",
        "real_share_pct",
    }
    assert set(report["councils"]["by_year"][0]) == {"year", "total", "union_initiative", "new"}
    assert set(report["inspectors"]) == {"total", "trained", "trained_pct"}
    regions = {row["region"]: row for row in report["by_region"]}
    assert regions["35"]["accidents"] == 3


def test_window_option_sets_the_years(world, tmp_path):
    output = tmp_path / "report.json"
    call_command(
        "annual_report",
        "--year",
        "2024",
        "--window",
        "3",
        "--format",
        "json",
        "--output",
        str(output),
    )
    assert json.loads(output.read_text())["years"] == [2022, 2023, 2024]


def test_xlsx_holds_the_sheets_the_numbers_and_the_charts(world, tmp_path):
    some_accidents(world, 4)
    output = tmp_path / "report.xlsx"
    call_command("annual_report", "--year", "2025", "--format", "xlsx", "--output", str(output))
    workbook = load_workbook(output)
    # nine tables, the dynamics with its charts, and the rates per 1,000 workers
    assert len(workbook.sheetnames) == 11
    accidents = workbook.worksheets[0]
    assert accidents.freeze_panes == "A3"  # below the title row and the headers
    # First data row: accidents, all enterprises, monitoring; 2025 is the 5th year column.
    assert accidents.cell(row=3, column=8).value == 4
    regions = workbook.worksheets[2]
    karaganda = [row for row in regions.iter_rows(min_row=3, values_only=True) if row[1]]
    assert karaganda == [(karaganda[0][0], 4, 8, 2, 4, 8)]
    dynamics = next(ws for ws in workbook.worksheets if ws._charts)
    assert len(dynamics._charts) == 3
    sectors = workbook.worksheets[3]
    shares = [row[3] for row in sectors.iter_rows(min_row=3, values_only=True) if row[2]]
    assert shares == [1.0]
    assert sectors.cell(row=3, column=4).number_format == "0.0%"


def test_xlsx_headers_follow_the_language(world):
    report = build_report(2025)
    russian = load_workbook(BytesIO(write_workbook(report, "ru")))
    english = load_workbook(BytesIO(write_workbook(report, "en")))
    assert english.worksheets[2].cell(row=2, column=1).value == "Region"
    assert russian.worksheets[2].cell(row=2, column=1).value != "Region"


def test_the_number_of_queries_does_not_grow_with_the_data(world):
    some_accidents(world, 2)
    with CaptureQueriesContext(connection) as few:
        build_report(2025)
    some_accidents(world, 40)
    with CaptureQueriesContext(connection) as many:
        build_report(2025)
    assert len(few) == len(many)
    assert len(many) < 30


@pytest.mark.parametrize("arguments", [["--year", "20"], ["--year", "2025", "--window", "0"]])
def test_bad_arguments_are_refused_with_a_message(world, tmp_path, arguments):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "annual_report", *arguments, "--format", "json", "--output", str(tmp_path / "x")
        )

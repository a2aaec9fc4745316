"""The change columns of the five-year accident table (CONTRACTS.md §4): `change` exists
whenever both years have a value, so 0 → 4 is +4 and 0 → 0 is 0; only `change_pct` is
empty when the earlier year is 0; both are empty when a year has no value. The page (which
signs a rise, as in the sources table), the JSON of the `annual_report` command and the
workbook say the same.

Ministry figures entered: accidents 2024 = 0, 2025 = 4; victims 2024 = 0, 2025 = 0;
fatalities 2025 = 3 only (2024 missing)."""

import json
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from kzsafety.statistics.annual import build_report
from kzsafety.statistics.models import Figure
from kzsafety.statistics.workbook import write_workbook
from kzsafety.statistics.workbook_print import FIRST_DATA_ROW, HEADER_ROW

EXPECTED = {
    # indicator: (change, change_pct)
    "accidents": (4, None),
    "victims": (0, None),
    "fatalities": (None, None),
}
LABELS = {"accidents": "Accidents", "victims": "Victims", "fatalities": "Fatalities"}


@pytest.fixture
def ministry(world):
    for year, indicator, value in [
        (2024, "accidents", 0),
        (2025, "accidents", 4),
        (2024, "victims", 0),
        (2025, "victims", 0),
        (2025, "fatalities", 3),
    ]:
        Figure.objects.create(
            year=year, source="ministry", indicator=indicator, scope="all", value=value
        )


def test_json_of_the_command_has_a_change_from_zero_and_no_percentage(ministry, tmp_path):
    output = tmp_path / "report.json"
    call_command("annual_report", "--year", "2025", "--format", "json", "--output", str(output))
    rows = json.loads(output.read_text(encoding="utf-8"))["accidents"]
    found = {
        r["indicator"]: (r["change"], r["change_pct"])
        for r in rows
        if r["source"] == "ministry" and r["scope"] == "all"
    }
    assert found == EXPECTED


def test_workbook_has_a_change_from_zero_and_no_percentage(ministry, english):
    workbook = load_workbook(BytesIO(write_workbook(build_report(2025), "en")))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[HEADER_ROW]]  # under the title row
    change, change_pct = headers.index("Change"), headers.index("Change, %")
    found = {
        row[0]: (row[change], row[change_pct])
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)
        if row[1] == "All enterprises" and row[2] == "Ministry of Labour"
    }
    assert found == {LABELS[key]: value for key, value in EXPECTED.items()}


class _Rows(HTMLParser):
    """The text of each cell of each row of the accident table."""

    def __init__(self):
        super().__init__()
        self.rows, self.inside, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("data-testid", "accident-table") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_page_shows_a_change_from_zero_and_no_percentage(client, world, ministry, english):
    client.force_login(world.federation)
    response = client.get(reverse("statistics:annual"), {"year": 2025})
    parser = _Rows()
    parser.feed(response.content.decode())
    found = {
        row[0]: (row[-2], row[-1])
        for row in parser.rows
        if row and row[1] == "All enterprises" and row[2] == "Ministry of Labour"
    }
    assert found == {
        "Accidents": ("+4", "—"),
        "Victims": ("0", "—"),
        "Fatalities": ("—", "—"),
    }

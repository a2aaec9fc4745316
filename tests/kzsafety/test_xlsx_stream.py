"""The streaming workbook writer of the large exports makes, to the reader, the workbook
openpyxl made before: the same cells, text as text, dates as dates in the reader's format,
the header row frozen."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kzsafety.spreadsheets import cells
from kzsafety.xlsx_stream import column_letters, write_table

HEADERS = ["Notice", "No.", "Inspection date", "Enterprise", "Description", "Overdue"]
ROWS = [
    ["N-1", 1, datetime.date(2025, 3, 4), "ТОО «Қарағанды»", '=HYPERLINK("x")', "no"],
    ["", 2, datetime.date(2024, 12, 31), "A & B <C>", "  leading spaces", "yes"],
    [None, 3, None, "bell\x07 removed", "x" * 40_000, ""],
    ["N-2", 4, datetime.datetime(2025, 1, 2, 13, 45), "'quoted", "@SUM(A1)", "no"],
]


def openpyxl_bytes(title, headers, rows) -> bytes:
    """The writer of the exports before: openpyxl in write-only mode through `cells`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    sheet.append(cells(sheet, headers))
    for row in rows:
        sheet.append(cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def stream_bytes(title, headers, rows) -> bytes:
    buffer = io.BytesIO()
    write_table(buffer, title=title, headers=headers, rows=rows)
    return buffer.getvalue()


def read(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return {
        "title": sheet.title,
        "frozen": sheet.freeze_panes,
        "cells": [
            [(c.value, c.data_type, c.number_format if c.is_date else None) for c in row]
            for row in sheet.iter_rows()
        ],
    }


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_streamed_workbook_reads_back_as_the_openpyxl_one(language):
    with translation.override(language):
        before = read(openpyxl_bytes("Violations of a year, long title", HEADERS, ROWS))
        after = read(stream_bytes("Violations of a year, long title", HEADERS, ROWS))
    assert after == before
    assert after["frozen"] == "A2"
    assert after["cells"][1][4] == ('=HYPERLINK("x")', "s", None)  # text, not a formula
    date_format = after["cells"][1][2][2]
    assert (
        date_format == ("mm/dd/yyyy" if language == "en" else "dd.mm.yyyy") or "yy" in date_format
    )


def test_rows_wider_than_the_header_keep_every_cell():
    rows = [["a", 1, 2], [], ["b"] * 30]
    assert read(stream_bytes("T", ["only"], rows)) == read(openpyxl_bytes("T", ["only"], rows))


def test_column_letters_run_past_z():
    assert column_letters(28)[-3:] == ["Z", "AA", "AB"]
    assert column_letters(703)[-1] == "AAA"

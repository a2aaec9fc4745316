"""Cells of the workbooks we write. Every export, report and template puts its values
through `cell` (or `cells` for a row), so text people typed stays text: openpyxl writes a
string that starts with "=" as a formula, and Excel would run =HYPERLINK(...) or worse in
the reader's session. Date cells get the reader's date format (`excel_date_format`), so a
Kazakh or Russian reader sees 07.03.2025 where Excel would show 2025-03-07. The lower floors
own this so every app can use it."""

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.formats import get_format
from django.utils.functional import Promise
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

# Characters XML 1.0 cannot hold; openpyxl refuses them (IllegalCharacterError, a 500).
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_TEXT_LIMIT = 32_767  # characters in a cell; Excel "repairs" a longer one away
# Django date-format characters (settings.FORMAT_MODULE_PATH) and their Excel codes.
EXCEL_DATE_CODES = {
    "d": "dd",
    "j": "d",
    "m": "mm",
    "n": "m",
    "Y": "yyyy",
    "y": "yy",
    "H": "hh",
    "G": "h",
    "i": "mm",
    "s": "ss",
}
EXCEL_LITERALS = set(" .,:/-")


def excel_date_format(*, with_time: bool = False) -> str:
    """The Excel number format of a date (or date and time) cell in the active language,
    made from its SHORT_DATE_FORMAT (SHORT_DATETIME_FORMAT): "dd.mm.yyyy" in Kazakh."""
    pattern = get_format("SHORT_DATETIME_FORMAT" if with_time else "SHORT_DATE_FORMAT")
    return "".join(
        EXCEL_DATE_CODES.get(char) or (char if char in EXCEL_LITERALS else f"\\{char}")
        for char in pattern
    )


def plain(value: Any) -> Any:
    """A value as a cell holds it (the rules of `cell`, for writers other than openpyxl's):
    text without the characters XML cannot hold and cut at Excel's limit, an aware time as
    local wall time."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL.sub("", value)[:EXCEL_TEXT_LIMIT]
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: local wall time
    return value


def cell(sheet: Worksheet, value: Any, *, row: int | None = None, column: int | None = None):
    """A cell holding `value`, with text always stored as text (never a formula), numbers
    and dates as themselves (shown in the active language's date format). Without row and
    column it is a free cell for `sheet.append` (write-only or not); with them it is the
    sheet's cell at that place."""
    value = plain(value)
    if row is None:
        target: Cell = WriteOnlyCell(sheet, value)
    else:
        target = sheet.cell(row=row, column=column)
        target.value = value
    if isinstance(value, str):
        target.data_type = "s"
    elif isinstance(value, datetime.date):
        target.number_format = excel_date_format(with_time=isinstance(value, datetime.datetime))
    return target


def cells(sheet: Worksheet, values: Iterable[Any]) -> list:
    """A row for `sheet.append`, every value through `cell`."""
    return [cell(sheet, value) for value in values]

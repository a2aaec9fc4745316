"""Cells of the workbooks we write. Every export, report and template puts its values
through `cell` (or `cells` for a row), so text people typed stays text: openpyxl writes a
string that starts with "=" as a formula, and Excel would run =HYPERLINK(...) or worse in
the reader's session. The lower floors own this so every app can use it."""

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

# Characters XML 1.0 cannot hold; openpyxl refuses them (IllegalCharacterError, a 500).
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_TEXT_LIMIT = 32_767  # characters in a cell; Excel "repairs" a longer one away


def _value(value: Any) -> Any:
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL.sub("", value)[:EXCEL_TEXT_LIMIT]
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: local wall time
    return value


def cell(sheet: Worksheet, value: Any, *, row: int | None = None, column: int | None = None):
    """A cell holding `value`, with text always stored as text (never a formula), numbers
    and dates as themselves. Without row and column it is a free cell for `sheet.append`
    (write-only or not); with them it is the sheet's cell at that place."""
    value = _value(value)
    if row is None:
        target: Cell = WriteOnlyCell(sheet, value)
    else:
        target = sheet.cell(row=row, column=column)
        target.value = value
    if isinstance(value, str):
        target.data_type = "s"
    return target


def cells(sheet: Worksheet, values: Iterable[Any]) -> list:
    """A row for `sheet.append`, every value through `cell`."""
    return [cell(sheet, value) for value in values]

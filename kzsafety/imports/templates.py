"""The XLSX template of a kind, in the active language: a data sheet whose first row holds
the columns' labels (which import back as they are, whatever the language), drop-down
lists for keyed columns, text or date formats where Excel would otherwise mangle a value,
and an instructions sheet describing every column."""

import re
from io import BytesIO
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kzsafety.imports.kinds import Column, ImportKind
from kzsafety.imports.xlsx import column_letter
from kzsafety.spreadsheets import cell, cells

LAST_ROW = 10_000
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
LISTS_SHEET = "lists"


def sheet_title(text: Any) -> str:
    """Excel's rules for a sheet name: 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(text))[:31] or "Sheet"


def header_text(column: Column) -> str:
    return capfirst(str(column.label))


def _default_text(column: Column) -> str:
    if column.default is None or column.default == "":
        return "—"
    if isinstance(column.default, bool):
        return _("yes") if column.default else _("no")
    return str(column.default)


def _data_sheet(sheet: Worksheet, lists: Worksheet, kind: ImportKind) -> None:
    list_column = 0
    for index, column in enumerate(kind.columns):
        letter = column_letter(index)
        header = cell(sheet, header_text(column), row=1, column=index + 1)
        header.font = Font(bold=True)
        header.fill = REQUIRED_FILL if column.required else HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(14, min(40, len(header.value) + 4))
        excel_format = getattr(column.parse, "excel_format", None)
        if callable(excel_format):
            excel_format = excel_format()  # the reader's date format
        if excel_format:
            dimension.number_format = excel_format
        if column.options is None:
            continue
        options = [str(option) for option in column.options()]
        if not options:
            continue
        list_letter = column_letter(list_column)
        list_column += 1
        cell(lists, column.key, row=1, column=list_column)
        for row, option in enumerate(options, start=2):
            cell(lists, option, row=row, column=list_column)
        validation = DataValidation(
            type="list",
            formula1=f"{LISTS_SHEET}!${list_letter}$2:${list_letter}${len(options) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=header_text(column)[:32],
            error=_("Choose from the list, or type a key or a name the import accepts.")[:255],
        )
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32


def _instructions(sheet: Worksheet, kind: ImportKind) -> None:
    lines = [
        (capfirst(str(kind.label)), True),
        (str(kind.description), False),
        ("", False),
        (_("Fill in one row per record on the first sheet, below the header row."), False),
        (
            _(
                "Keep the headers as they are. A header may also be written as the column's "
                "key (column B below) or its name in Kazakh, Russian or English."
            ),
            False,
        ),
        (
            _(
                "Columns marked as required must be present and filled in; other columns may "
                "be left blank (they take the default) or deleted."
            ),
            False,
        ),
        (_("Dates: YYYY-MM-DD, DD.MM.YYYY or an Excel date cell."), False),
        (_("Yes or no: yes/no, true/false, 1/0, иә/жоқ, да/нет."), False),
        (_("Values only: no formulas and no merged cells."), False),
        (
            _(
                "Importing the same file again updates the records it names instead of "
                "adding them twice."
            ),
            False,
        ),
        (
            _(
                "All or nothing: if any row has an error, nothing is imported and every "
                "error is listed with its row and column."
            ),
            False,
        ),
        ("", False),
    ]
    for text, bold in lines:
        sheet.append(cells(sheet, [text]))
        if bold:
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=14)
    headings = [_("Column"), _("Key"), _("Required"), _("Accepted values"), _("Default")]
    sheet.append(cells(sheet, headings))
    for heading in sheet[sheet.max_row]:
        heading.font = Font(bold=True)
        heading.fill = HEADER_FILL
    for column in kind.columns:
        accepts = str(column.accepts) if column.accepts else _("text")
        if column.options is not None and not column.accepts:
            accepts = _("a value from the drop-down list")
        sheet.append(
            cells(
                sheet,
                [
                    header_text(column),
                    column.key,
                    _("yes") if column.required else _("no"),
                    accepts,
                    _default_text(column),
                ],
            )
        )
    for letter, width in zip("ABCDE", (34, 22, 10, 70, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for written in row:
            written.alignment = Alignment(wrap_text=True, vertical="top")


def template_workbook(kind: ImportKind) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = sheet_title(kind.label)
    instructions = workbook.create_sheet(sheet_title(_("Instructions")))
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    _data_sheet(data, lists, kind)
    _instructions(instructions, kind)
    workbook.active = 0
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

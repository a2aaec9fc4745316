"""How the annual workbook prints: every sheet on A4, one page wide (landscape where it is
wide), its title and header rows repeated on every page, page numbers in the footer, and
charts placed below the tables on pages of their own so that none is cut.

The sheets are built with row 1 left for the title (`TITLE_ROW`) and their column headers
on `HEADER_ROW`; `set_up_for_print` fills in the rest."""

import math

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from kzsafety.spreadsheets import cell

TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = HEADER_ROW + 1
TITLE_FONT = Font(bold=True, size=12)
WRAPPED = Alignment(wrap_text=True, vertical="top")
# More columns than this, or a sheet wider than a portrait page, prints landscape.
PORTRAIT_MAX_COLUMNS = 4
PORTRAIT_MAX_WIDTH = 95  # characters of the default font across a portrait A4 page
MIN_WIDTH, MAX_WIDTH = 10, 45
# Points per line of the default 11-point font; Excel does not grow a row for wrapped text
# it did not lay out itself, so header and title heights are set from the text.
LINE_HEIGHT = 15
ROW_CM = LINE_HEIGHT / 72 * 2.54
CHART_HEIGHT_CM = 13.0
CM_PER_CHARACTER = 0.19  # one unit of column width, roughly
PAGE_NUMBERS = "&P / &N"


def title_text(name: str, year: int, scope: str | None, sources: list[str]) -> str:
    """'By region, 2025. Whole country, with entered figures of other sources. Source: …'"""
    if scope:
        basis = f"{scope} — {_('from the records of your scope only')}"
    else:
        basis = _("Whole country, with entered figures of other sources")
    return f"{name}, {year}. {basis}. {_('Source')}: {', '.join(sources)}."


def set_up_for_print(
    sheet: Worksheet,
    *,
    title: str,
    header_row: int | None = HEADER_ROW,
    min_width: int = MIN_WIDTH,
) -> None:
    """Page setup of one sheet of the annual workbook. `header_row` is repeated on every
    printed page with the title (None: only the title, for a sheet of several blocks)."""
    columns = max(sheet.max_column, 1)
    if header_row is not None:
        for index in range(1, columns + 1):
            sheet.cell(row=header_row, column=index).alignment = WRAPPED
    _fit_columns(sheet, columns, min_width)
    width = sum(_width(sheet, index) for index in range(1, columns + 1))
    _grow_wrapped_rows(sheet, columns)
    _write_title(sheet, title, columns, width)
    _place_charts(sheet, width)

    landscape = columns > PORTRAIT_MAX_COLUMNS or width > PORTRAIT_MAX_WIDTH
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, footer=0.3)
    sheet.print_options.horizontalCentered = True
    last_title_row = header_row if header_row is not None else TITLE_ROW
    sheet.print_title_rows = f"{TITLE_ROW}:{last_title_row}"
    for footer in (sheet.oddFooter, sheet.evenFooter):
        footer.left.text = "&A"  # the sheet's name
        footer.right.text = PAGE_NUMBERS


def _width(sheet: Worksheet, index: int) -> float:
    return sheet.column_dimensions[get_column_letter(index)].width


def _shown(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"  # percentages and shares are shown with one decimal
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def _fit_columns(sheet: Worksheet, columns: int, min_width: int) -> None:
    """Wide enough for the longest value, and for the longest word of a wrapped cell such
    as a header (which takes more lines instead of widening the column to its length, up to
    three). Text longer than the widest column wraps."""
    for index in range(1, columns + 1):
        longest = min_width - 2
        for (written,) in sheet.iter_rows(
            min_row=TITLE_ROW + 1, max_row=sheet.max_row, min_col=index, max_col=index
        ):
            text = _shown(written.value)
            if len(text) > MAX_WIDTH - 2 and isinstance(written.value, str):
                written.alignment = WRAPPED
            if written.alignment.wrap_text:
                words = [len(word) for word in text.split()] or [0]
                longest = max(longest, *words, math.ceil(len(text) / 3))
            else:
                longest = max(longest, len(text))
        width = min(max(min_width, longest + 2), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _lines(text: str, width: float) -> int:
    """Lines that `text` takes when wrapped at whole words in a column of `width`."""
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def _grow_wrapped_rows(sheet: Worksheet, columns: int) -> None:
    for row in sheet.iter_rows(min_row=TITLE_ROW + 1, max_row=sheet.max_row, max_col=columns):
        lines = max(
            (
                _lines(written.value, _width(sheet, written.column))
                for written in row
                if written.value is not None and written.alignment.wrap_text
            ),
            default=1,
        )
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines


def _write_title(sheet: Worksheet, title: str, columns: int, width: float) -> None:
    written = cell(sheet, title, row=TITLE_ROW, column=1)
    written.font = TITLE_FONT
    written.alignment = WRAPPED
    if columns > 1:
        sheet.merge_cells(
            start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=columns
        )
    # The title's 12-point font is a little wider than the columns' unit.
    sheet.row_dimensions[TITLE_ROW].height = 18 * _lines(title, width / 1.15)


def _place_charts(sheet: Worksheet, width: float) -> None:
    """Each chart below everything written on the sheet, at the left edge, as wide as the
    columns (the printed page), on a page of its own: a row break before every chart."""
    if not sheet._charts:
        return
    chart_rows = math.ceil(CHART_HEIGHT_CM / ROW_CM) + 1
    row = sheet.max_row + 2
    for chart in sheet._charts:
        sheet.row_breaks.append(Break(id=row - 1))
        chart.width = round(width * CM_PER_CHARACTER, 1)
        chart.height = CHART_HEIGHT_CM
        chart.anchor = f"A{row}"
        row += chart_rows

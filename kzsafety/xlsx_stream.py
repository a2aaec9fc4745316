"""A one-sheet workbook written as a stream: the writer of the large exports.

openpyxl builds an object per cell and writes about 25,000–60,000 cells a second here, so a
national year of violations (180,000 rows, 2.5 million cells) took 35–100 s. This writer
makes each row's XML in one string and streams it into the zip, with memory that does not
grow with the rows (the sheet is compressed as it is written, into the file given).

The workbook is the same to the reader as the one `kzsafety.spreadsheets` makes with
openpyxl: every value goes through the same rules (`spreadsheets.plain`: text always text,
never a formula, characters XML cannot hold removed, at most Excel's 32,767 characters;
aware times as local wall time), dates are date cells in the reader's format
(`excel_date_format`), the header row is frozen. Text is written inline in its cell rather
than in a shared-strings table (both are standard; Excel and LibreOffice read either)."""

import datetime
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from kzsafety.spreadsheets import EXCEL_TEXT_LIMIT, ILLEGAL, excel_date_format, plain

EPOCH = datetime.datetime(1899, 12, 30)
EPOCH_DATE = EPOCH.date()
FLUSH_ROWS = 2000
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)
DATE_STYLE, DATETIME_STYLE = 1, 2  # indexes in cellXfs below


def _styles() -> str:
    """The default style and the date and date-time styles of the active language."""
    date, moment = (quoteattr(excel_date_format(with_time=t)) for t in (False, True))
    return (
        f'{_XML}<styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode={date}/>'
        f'<numFmt numFmtId="165" formatCode={moment}/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _workbook(title: str) -> str:
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name={quoteattr(title)} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def column_letters(count: int) -> list[str]:
    letters = []
    for index in range(count):
        name, number = "", index + 1
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _cell(ref: str, value: Any) -> str:
    if value.__class__ is str:  # most cells: the rules of `plain`, inline for speed
        if ILLEGAL.search(value):
            value = ILLEGAL.sub("", value)
        if len(value) > EXCEL_TEXT_LIMIT:
            value = value[:EXCEL_TEXT_LIMIT]
        if not value:  # an empty text cell, as openpyxl writes it
            return f'<c r="{ref}" t="inlineStr"/>'
        return (
            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'  # noqa: E501
        )
    value = plain(value)
    if value is None:
        return ""
    if value.__class__ is str:
        return _cell(ref, value)
    if value.__class__ is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime.datetime):
        serial = (value - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{(value - EPOCH_DATE).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return _cell(ref, str(value))  # anything else (a Decimal, a UUID) as its text


def write_table(
    target: IO[bytes], *, title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> None:
    """Write a workbook of one sheet (`title`, at most 31 characters kept): the frozen
    header row, then the rows, into a binary file."""
    letters = column_letters(len(headers))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(title[:31]))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _styles())
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews>'
                '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
                "</sheetViews><sheetData>".encode()
            )
            buffer = [_row(1, letters, headers)]
            for number, row in enumerate(rows, start=2):
                buffer.append(_row(number, letters, row))
                if len(buffer) >= FLUSH_ROWS:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")


def _row(number: int, letters: list[str], values: Sequence[Any]) -> str:
    values = list(values)
    if len(values) > len(letters):  # rows may be wider than the header (a report's tables)
        letters[:] = column_letters(len(values))
    cells = "".join(
        _cell(f"{letter}{number}", value) for letter, value in zip(letters, values, strict=False)
    )
    return f'<row r="{number}">{cells}</row>'

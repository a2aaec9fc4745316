"""The XLSX reader reads what Excel, openpyxl and other programs write, including unusual
but valid XML, and reports a damaged sheet as a problem of the file."""

import datetime
import io
import zipfile

import pytest

from bench.generate import INSPECTOR_HEADER, inspectors, write_xlsx
from kzsafety.imports.reading import open_table
from kzsafety.imports.xlsx import ExcelError, Formula, XlsxSheet
from tests.imports.conftest import xlsx_bytes


def read(content: bytes):
    sheet = XlsxSheet(zipfile.ZipFile(io.BytesIO(content)))
    return list(sheet.rows()), sheet.merged


def workbook(sheet_xml: str, prefix: str = "") -> bytes:
    """A workbook with a hand-written sheet, as other programs write them."""
    p = f"{prefix}:" if prefix else ""
    ns = f"xmlns{':' + prefix if prefix else ''}"
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            f'<{p}workbook {ns}="{main}" xmlns:r="{rel}"><{p}sheets>'
            f'<{p}sheet name="a" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/s.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/worksheets/s.xml",
            f'<?xml version="1.0"?><{p}worksheet {ns}="{main}"><{p}sheetData>{sheet_xml}'
            f'</{p}sheetData><{p}mergeCells><{p}mergeCell ref="A5:B5"/></{p}mergeCells>'
            f"</{p}worksheet>",
        )
    return buffer.getvalue()


UNUSUAL = (
    "<row r='1'><c r='A1' t='inlineStr'><is><t>a &amp; b</t></is></c>"
    "<c r='C1' t='inlineStr'><is><r><t xml:space='preserve'>rich </t></r><r><t>text</t></r>"
    "<rPh sb='0' eb='1'><t>phonetic</t></rPh></is></c></row>"
    '<row r="2"><c r="A2" t="inlineStr"><is><t>line_x000D_break</t></is></c>'
    '<c r="B2"><f>SUM(1,2)</f><v>3</v></c><c r="C2" t="e"><v>#N/A</v></c>'
    '<c r="D2" t="b"><v>1</v></c><c r="E2"><v>1.5E3</v></c><c r="F2" t="str"><v>x</v></c></row>'
    '<row r="4"/><row r="5" spans="1:2"><c r="B5"/><c r="C5" t="d"><v>2024-02-03</v></c></row>'
)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_unusual_but_valid_xml_is_read_alike_by_read(prefix):
    p = f"{prefix}:" if prefix else ""
    sheet = UNUSUAL.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}")
    rows, merged = read(workbook(sheet, prefix))
    assert rows == [
        (1, ["a & b", None, "rich text"]),
        (2, ["line\rbreak", Formula("=SUM(1,2)"), ExcelError("#N/A"), True, 1500.0, "x"]),
        (4, []),
        (5, [None, None, datetime.datetime(2024, 2, 3)]),
    ]
    assert merged == ["A5:B5"]


def test_comments_in_the_sheet_are_ignored():
    sheet = (
        '<row r="1"><c r="A1"><v>1</v></c></row><!-- a comment -->'
        '<row r="2"><c r="A2"><v>2</v></c></row>'
    )
    rows, _merged = read(workbook(sheet))
    assert rows == [(1, [1]), (2, [2])]


def test_workbooks_written_by_openpyxl_and_by_the_generator_are_read(tmp_path):
    rows, merged = read(
        xlsx_bytes(
            [["a", "b", "c"], ["x", datetime.date(2024, 1, 2), 3.5], [None, "=1+1", "#REF!"]],
            lambda sheet: sheet.merge_cells("A3:A4"),
        )
    )
    assert rows[1] == (2, ["x", datetime.datetime(2024, 1, 2), 3.5])
    assert rows[2] == (3, [None, Formula("=1+1"), ExcelError("#REF!")])
    assert merged == ["A3:A4"]
    path = tmp_path / "inspectors.xlsx"
    write_xlsx(path, INSPECTOR_HEADER, inspectors(300, 100))
    rows, _merged = read(path.read_bytes())
    assert len(rows) == 301
    assert isinstance(rows[1][1][4], datetime.datetime)  # a real date cell


def test_a_damaged_sheet_is_a_clear_file_problem():
    from kzsafety.imports.reading import FileProblem

    content = workbook('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v')
    with (
        pytest.raises(FileProblem, match="the workbook is damaged"),
        open_table(io.BytesIO(content)) as table,
    ):
        list(table.rows())

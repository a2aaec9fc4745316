"""Upload bombs: a small file that unpacks (or expands in the parser) to gigabytes is
refused with a clear message, quickly, while the reading process stays small. Each file is
read in a fresh process, as the import worker reads it, and the whole process's peak
memory is measured (Django included, about 60 MB of it)."""

import pytest

from kzsafety.imports.inflate import MAX_CELL_CHARS
from tests.imports.bombs import MiB, Part, read_in_a_process, sheet_of, workbook, zip_of

GB = 1200  # pieces of 1 MiB: the 1.2 GB of the reported bombs
PEAK_MB = 400  # the bound for the importing process, for any file up to the upload limit
STYLES = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def megabyte_of(text: bytes) -> bytes:
    return text * (MiB // len(text))


def refused(tmp_path, content: bytes, suffix: str = ".xlsx") -> str:
    reading = read_in_a_process(content, tmp_path, suffix)
    assert reading.problem, f"read {reading.rows} rows without a refusal"
    assert reading.peak_mb < PEAK_MB / 2, reading
    assert reading.seconds < 3, reading
    return reading.problem


def test_a_styles_part_unpacking_to_a_gigabyte_is_refused_before_it_is_read(tmp_path):
    styles = Part(STYLES + b"<cellXfs>", megabyte_of(b'<xf numFmtId="0"/>'), GB, b"</cellXfs>")
    styles.tail += b"</styleSheet>"
    problem = refused(tmp_path, workbook(styles=styles))
    assert "xl/styles.xml unpacks to more than 16.0" in problem
    assert problem.startswith("The workbook unpacks to more than it can hold")


def test_a_styles_part_that_hides_its_size_is_refused_while_it_is_read(tmp_path):
    styles = Part(STYLES + b"<cellXfs>", megabyte_of(b'<xf numFmtId="0"/>'), GB)
    styles.declared_size = 4 * MiB  # under the limit; the truth is 1.2 GB
    problem = refused(tmp_path, workbook(styles=styles))
    assert problem.startswith("The workbook cannot be read")


def test_a_shared_string_of_a_gigabyte_is_refused_at_excels_limit_for_a_cell(tmp_path):
    strings = Part(b"<sst><si><t>", megabyte_of(b"A"), GB, b"</t></si></sst>")
    strings.declared_size = 60 * MiB  # under the limit of the part, so the text is read
    problem = refused(tmp_path, workbook(strings=strings))
    assert problem.startswith(f"A text in the workbook is longer than {MAX_CELL_CHARS}")


def test_a_shared_strings_part_of_a_gigabyte_is_refused_as_too_large(tmp_path):
    strings = Part(b"<sst>", megabyte_of(b"<si><t>text</t></si>"), GB, b"</sst>")
    problem = refused(tmp_path, workbook(strings=strings))
    assert "xl/sharedStrings.xml unpacks to more than 64.0" in problem


def test_a_shared_string_in_a_million_empty_runs_is_refused(tmp_path):
    strings = Part(b"<sst><si>", megabyte_of(b"<r><t></t></r>"), 1, b"</si></sst>")
    problem = refused(tmp_path, workbook(strings=strings))
    assert problem.startswith("A text in the workbook is longer than")


@pytest.mark.parametrize(
    "cell",
    [b'<c r="A2" t="inlineStr"><is><t>', b'<c r="A2"><v>', b'<c r="A2" t="str"><f>'],
    ids=["inline string", "value", "formula"],
)
def test_a_cell_of_a_gigabyte_is_refused_at_its_row(tmp_path, cell):
    rows = Part(b'<row r="1"><c r="A1" t="inlineStr"><is><t>ref</t></is></c></row><row r="2">')
    rows.head += cell
    rows.piece, rows.times, rows.declared_size = megabyte_of(b"7"), GB, 7 * MiB
    problem = refused(tmp_path, workbook(sheet_of(rows)))
    assert problem.startswith(f"Row 2: a cell holds more than {MAX_CELL_CHARS} characters")


def test_a_sheet_packed_a_thousand_times_is_refused_before_it_is_read(tmp_path):
    row = b'<row><c t="inlineStr"><is><t>same</t></is></c><c><v>1</v></c></row>'
    problem = refused(tmp_path, workbook(sheet_of(Part(b"", megabyte_of(row), GB))))
    assert "xl/worksheets/sheet1.xml is packed more than 100 times" in problem


def test_an_attribute_of_a_gigabyte_is_refused_while_it_is_read(tmp_path):
    rows = Part(b'<row r="1"><c r="A1" s="', megabyte_of(b"1"), GB, declared_size=7 * MiB)
    problem = refused(tmp_path, workbook(sheet_of(rows)))
    assert "an XML element in xl/worksheets/sheet1.xml is longer than 1.0" in problem


def test_one_long_shared_string_repeated_in_every_cell_is_refused(tmp_path):
    strings = b"<sst><si><t>" + b"A" * MAX_CELL_CHARS + b"</t></si></sst>"
    row = b"<row>" + b'<c t="s"><v>0</v></c>' * 1000 + b"</row>"  # 20 KB, 33 million characters
    problem = refused(tmp_path, workbook(sheet_of(row), strings=strings))
    assert "and the rows next to it hold more than" in problem


def test_cells_beyond_excels_last_column_are_refused(tmp_path):
    rows = b'<row r="1"><c r="XFE1"><v>1</v></c></row>'
    problem = refused(tmp_path, workbook(sheet_of(rows)))
    assert problem.startswith("Row 1: the workbook is damaged (beyond the last column")


def test_a_million_cells_without_references_stop_at_excels_last_column(tmp_path):
    rows = Part(b"<row>", megabyte_of(b"<c><v>1</v></c>"), 1, b"</row>")
    problem = refused(tmp_path, workbook(sheet_of(rows)))
    assert "a cell beyond the last column" in problem


def test_a_dtd_with_entities_is_refused(tmp_path):
    laughs = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
    )
    sheet = laughs + b']><worksheet><sheetData><row><c t="str"><v>&j;</v></c></row></sheetData>'
    problem = refused(tmp_path, workbook(sheet + b"</worksheet>"))
    assert "holds a DTD, which Excel never writes" in problem


def test_a_zip_of_twenty_thousand_files_is_refused_before_its_index_is_read(tmp_path):
    content = zip_of({"[Content_Types].xml": b"<Types/>", **{f"f{i}": b"" for i in range(20_000)}})
    problem = refused(tmp_path, content)
    assert "20001 files inside" in problem


def test_a_csv_file_of_one_endless_line_is_refused(tmp_path):
    problem = refused(tmp_path, b"bin,name," + b"x" * (50 * MiB), suffix=".csv")
    assert problem.startswith("Row 1: the line is longer than 1048576 characters")


def test_a_csv_field_beyond_the_field_limit_is_refused_with_a_clear_message(tmp_path):
    field = b'"' + b"x" * 1000 + (b"\n" + b"x" * 1000) * 200 + b'"'
    problem = refused(tmp_path, b"bin,name\n1," + field + b"\n", suffix=".csv")
    assert problem.startswith("Row 2: a cell holds more than 131072 characters")


def test_an_ordinary_workbook_of_a_hundred_thousand_rows_reads_in_bounded_memory(tmp_path):
    row = b'<row><c t="inlineStr"><is><t>Karaganda</t></is></c><c><v>1234</v></c></row>'
    content = workbook(sheet_of(Part(b"", row * 100, 1000)))
    reading = read_in_a_process(content, tmp_path)
    assert (reading.problem, reading.rows) == (None, 100_000)
    assert reading.peak_mb < PEAK_MB / 2


@pytest.mark.parametrize(
    "piece",
    [
        lambda i: b'<c r="A1" a%d="1"/>' % i,
        lambda i: b"<e%d/>" % i,
        lambda i: b'<c xmlns:p%d="urn:x"/>' % i,
    ],
    ids=["attribute names", "element names", "namespace prefixes"],
)
def test_a_sheet_of_a_million_different_xml_names_is_refused(tmp_path, piece):
    """expat keeps every distinct name for the whole parse: two million took 300 MB."""
    rows = b'<row r="1">' + b"".join(piece(i) for i in range(1_000_000)) + b"</row>"
    problem = refused(tmp_path, workbook(sheet_of(rows)))
    assert "uses more than 1000 different XML names" in problem

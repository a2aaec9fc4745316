"""Files as people really send them: each problem gets a clear message and nothing is
written; what Excel legitimately does (BOM, semicolons, date numbers, blank rows) works."""

import datetime

import pytest

from kzsafety.directories.models import Enterprise, TechnicalInspector
from kzsafety.imports.reading import CFB_SIGNATURE
from tests.factories import tiny_png
from tests.imports.conftest import csv_bytes, messages, new_bin, run, xlsx_bytes

HEADER = ["bin", "name", "region", "sector"]
INSPECTORS = ["number", "full_name", "region", "appointed_on"]


def good_rows(count=2):
    return [[new_bin(n), f"Enterprise {n}", "35", "coal"] for n in range(count)]


def only_error(result) -> str:
    assert not result.ok
    assert len(result.errors) == 1, messages(result)
    return str(result.errors[0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [tiny_png(), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", b"\x00\x01\x02binary"],
    ids=["png", "pdf", "binary"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(content):
    assert only_error(run("enterprises", content)) in (
        "This is not a spreadsheet. Upload an .xlsx or .csv file.",
        "The CSV file is not UTF-8 text. In Excel choose “Save as” → “CSV UTF-8 (comma "
        "delimited)”, or upload the workbook as .xlsx.",
    )


@pytest.mark.django_db
def test_a_word_document_is_not_taken_for_a_workbook():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert only_error(run("enterprises", buffer.getvalue())) == (
        "This is an Office document but not an Excel workbook. Upload an .xlsx or .csv file."
    )


@pytest.mark.django_db
def test_a_password_protected_workbook_is_recognised():
    # An encrypted workbook is an OLE2 container holding these two streams.
    content = (
        CFB_SIGNATURE
        + b"\x00" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 100
        + "EncryptedPackage".encode("utf-16-le")
    )
    assert only_error(run("enterprises", content)).startswith(
        "The workbook is protected with a password."
    )
    old_xls = CFB_SIGNATURE + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    assert only_error(run("enterprises", old_xls)).startswith("This is an old Excel file (.xls).")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [b"", b"\xef\xbb\xbf", xlsx_bytes([])], ids=["empty", "bom", "xlsx"]
)
def test_an_empty_file_is_refused(content):
    assert only_error(run("enterprises", content)) == "The file is empty."


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_a_file_with_only_the_header_row_is_refused(make):
    assert only_error(run("enterprises", make([HEADER, [None] * 4, [None] * 4]))) == (
        "The file has a header row but no data rows."
    )


@pytest.mark.django_db
def test_unknown_and_duplicated_columns_are_refused_before_any_row_is_read():
    content = csv_bytes([["BIN", "name", "Region", "sector", "colour", " bin "], *good_rows()])
    result = run("enterprises", content)
    assert messages(result) == [
        "row 1, column colour: Unknown column. The columns of this kind are: bin, name, region, "
        "sector, oked, headcount, union_member.",
        "row 1, column bin: The column “bin” is already given as “BIN”; keep only one of them.",
    ]
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_formulas_are_refused_cell_by_cell():
    def formulas(sheet):
        sheet["B2"] = '=CONCATENATE("A", "B")'

    result = run("enterprises", xlsx_bytes([HEADER, *good_rows()], formulas))
    assert messages(result) == [
        'row 2, column name: The cell holds a formula (=CONCATENATE("A", "B")). Imports take '
        "values only: copy the column and paste it back with “Paste special → Values”."
    ]
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_excel_error_cells_are_refused():
    def error(sheet):
        sheet["C2"] = "#N/A"

    result = run("enterprises", xlsx_bytes([HEADER, *good_rows()], error))
    assert messages(result) == ["row 2, column region: The cell shows an Excel error (#N/A)."]


@pytest.mark.django_db
def test_merged_header_cells_are_refused_with_the_range():
    def merge(sheet):
        sheet.merge_cells("B1:C1")

    result = run("enterprises", xlsx_bytes([HEADER, *good_rows()], merge))
    assert messages(result) == [
        "row 1, column B: Merged header cells (B1:C1). Unmerge them and give every column its "
        "own header."
    ]


@pytest.mark.django_db
def test_merged_data_cells_are_refused_with_the_range():
    def merge(sheet):
        sheet.merge_cells("C2:C3")

    result = run("enterprises", xlsx_bytes([HEADER, *good_rows()], merge))
    assert (
        "row 2, column C: Merged cells (C2:C3). Unmerge them and fill in every cell."
        in messages(result)
    )
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_blank_rows_at_the_end_and_in_between_are_skipped():
    rows = [HEADER, good_rows(1)[0], [None, "", " ", None], *good_rows(3)[1:], *[[None] * 4] * 30]

    def styled_blanks(sheet):
        for row in range(40, 60):
            sheet.cell(row=row, column=2).number_format = "@"  # formatted but empty

    for content in (csv_bytes(rows), xlsx_bytes(rows, styled_blanks)):
        Enterprise.objects.all().delete()
        result = run("enterprises", content)
        assert result.ok, messages(result)
        assert (result.rows, result.created) == (3, 3)


@pytest.mark.django_db
def test_a_utf8_csv_with_a_byte_order_mark_reads_its_first_header():
    result = run("enterprises", csv_bytes([HEADER, *good_rows()], bom=True))
    assert result.ok, messages(result)
    assert result.created == 2


@pytest.mark.django_db
def test_a_semicolon_csv_as_excel_writes_it_in_a_russian_locale():
    content = csv_bytes(
        [
            ["Реестровый номер", "ФИО", "Регион", "Дата назначения"],
            ["TI-1", "Иванов Иван; мастер", "Карагандинская область", "05.02.2021"],
        ],
        delimiter=";",
        bom=True,
    )
    result = run("inspectors", content)
    assert result.ok, messages(result)
    inspector = TechnicalInspector.objects.get(number="TI-1")
    assert inspector.full_name == "Иванов Иван; мастер"
    assert inspector.appointed_on == datetime.date(2021, 2, 5)


@pytest.mark.django_db
def test_excels_unicode_text_is_refused_with_how_to_save_it():
    content = "\t".join(INSPECTORS).encode("utf-16")
    assert only_error(run("inspectors", content)).startswith("This is UTF-16 text")


@pytest.mark.django_db
def test_excels_sep_line_sets_the_delimiter():
    content = b"sep=;\r\n" + csv_bytes(
        [INSPECTORS, ["TI-1", "A, B", "35", "2021-02-05"]], delimiter=";"
    )
    result = run("inspectors", content)
    assert result.ok, messages(result)
    assert TechnicalInspector.objects.get(number="TI-1").full_name == "A, B"


@pytest.mark.django_db
def test_a_csv_in_a_windows_code_page_is_refused_with_how_to_save_it():
    content = "\n".join([",".join(INSPECTORS), "TI-1,Иванов,35,2021-02-05"]).encode("cp1251")
    assert only_error(run("inspectors", content)).startswith("The CSV file is not UTF-8 text.")


@pytest.mark.django_db
def test_dates_as_text_real_date_cells_and_excel_numbers_are_read():
    rows = [
        INSPECTORS,
        ["TI-1", "Text ISO", "35", "2021-02-05"],
        ["TI-2", "Text dotted", "35", "05.02.2021"],
        ["TI-3", "Date cell", "35", datetime.date(2021, 2, 5)],
        ["TI-4", "Excel number", "35", 44232],
        ["TI-5", "Excel number as text", "35", "44232"],
        ["TI-6", "Date and time", "35", datetime.datetime(2021, 2, 5, 13, 30)],
    ]
    result = run("inspectors", xlsx_bytes(rows))
    assert result.ok, messages(result)
    assert set(TechnicalInspector.objects.values_list("appointed_on", flat=True)) == {
        datetime.date(2021, 2, 5)
    }


@pytest.mark.django_db
def test_numbers_that_cannot_be_dates_are_not_guessed():
    rows = [INSPECTORS, ["TI-1", "A year", "35", 2021], ["TI-2", "US order", "35", "02/05/2021"]]
    result = run("inspectors", xlsx_bytes(rows))
    assert messages(result) == [
        "row 2, column appointed_on: “2021” is not a date. Write YYYY-MM-DD or DD.MM.YYYY (Excel "
        "date numbers are accepted from 18264 to 73415).",
        "row 3, column appointed_on: “02/05/2021” is not a date. Write YYYY-MM-DD or DD.MM.YYYY.",
    ]


@pytest.mark.django_db
def test_a_value_in_a_column_without_a_header_is_an_error():
    rows = [HEADER, [*good_rows(1)[0], None, "stray"]]
    assert messages(run("enterprises", csv_bytes(rows))) == [
        "row 2, column F: A value in a column without a header."
    ]


@pytest.mark.django_db
def test_the_headers_must_be_in_the_first_row():
    def move_down(sheet):
        sheet.insert_rows(1)

    assert only_error(run("enterprises", xlsx_bytes([HEADER, *good_rows()], move_down))) == (
        "The first row must hold the column headers, but it is empty."
    )


@pytest.mark.django_db
def test_headers_match_whatever_their_case_and_surrounding_spaces():
    content = csv_bytes([["  BIN ", "NAME", "rEgIoN", " Sector"], *good_rows()])
    assert run("enterprises", content).ok

"""Any cell, whatever a person or a program typed into it, gives a value or a message for
the user (CellError); never another exception, which would fail the whole import as "an
unexpected error". Values are drawn as the readers give them: text from a CSV, and from an
XLSX numbers, booleans, dates and markers too."""

import datetime
import io
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.models.accidents import Outcome, Sex
from kzsafety.directories.models import Cause, EventType
from kzsafety.imports import references, values
from kzsafety.imports.reading import FileProblem, open_table
from kzsafety.imports.xlsx import ExcelError, Formula
from tests.imports.bombs import sheet_of, workbook

# What a reader can hand a parser (blank cells never reach one).
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=300, max_value=20_000).map(lambda digits: 10**digits),
    st.floats(allow_nan=True, allow_infinity=True),
)
dateish = st.one_of(
    st.from_regex(r"\A\s*\d{1,6}[-./,]\d{1,4}[-./,]\d{1,6}( \d{1,2}:\d{2}(:\d{2})?)?\s*\Z"),
    st.from_regex(r"\A[0-9٠-٩]{1,8}([.,][0-9]{1,12})?\Z"),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.dates().map(str),
)
texts = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 ,.-+eE%'\u00a0\u202f").filter(str.strip),
    st.from_regex(r"\A-?[0-9]{1,40}\Z"),
    st.integers(min_value=19, max_value=6000).map(lambda digits: "9" * digits),
    dateish,
    st.sampled_from(["да", "иә", "ЖОҚ", "Yes ", "1.0", "0,0", "١", "²", "1e400", "nan", "inf"]),
)
cells = st.one_of(
    texts,
    numbers,
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.text(max_size=80).map(Formula),
    st.sampled_from(["#N/A", "#REF!", "#DIV/0!"]).map(ExcelError),
)

PARSERS = {
    "text(64)": values.text(64),
    "integer()": values.integer(),
    "integer(0, 100, percent)": values.integer(0, 100, percent=True),
    "integer(None)": values.integer(None),
    "boolean()": values.boolean(),
    "date": values.date,
    "date_list": values.date_list,
    "identification_number": values.identification_number,
    "choice(Outcome)": values.choice(Outcome),
    "choice(Sex)": values.choice(Sex),
}
PROPERTY = settings(max_examples=300, deadline=None)


def parses_or_explains(parse, value) -> None:
    try:
        if not values.is_blank(value):
            values.refuse_markers(value)
        parse(value)
    except values.CellError as error:
        assert str(error).strip()


@pytest.mark.parametrize("name", PARSERS)
@PROPERTY
@given(value=cells)
def test_every_value_parser_gives_a_value_or_a_message_for_any_cell(name, value):
    parses_or_explains(PARSERS[name], value)


@PROPERTY
@given(value=st.one_of(dateish, numbers, st.datetimes(), st.dates()))
def test_a_date_is_a_real_date_between_1950_and_2100_or_a_message(value):
    try:
        day = values.date(value)
    except values.CellError:
        return
    assert isinstance(day, datetime.date)
    if not isinstance(value, datetime.date):  # a real date cell is taken as it is
        assert datetime.date(1, 1, 1) <= day


@PROPERTY
@given(value=texts)
def test_a_whole_number_is_what_was_written(value):
    try:
        number = values.integer(None)(value)
    except values.CellError:
        return
    assert isinstance(number, int)


@PROPERTY
@given(value=cells)
def test_normalize_and_is_blank_take_any_cell(value):
    assert isinstance(values.normalize(value), str)
    assert values.is_blank(value) in (True, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "build",
    [
        references.region,
        references.sector,
        references.cause,
        references.event_type,
        references.oked_section,
        lambda: references.reference(Cause, active_only=True),
        lambda: references.reference(EventType, active_only=False),
    ],
    ids=["region", "sector", "cause", "event_type", "oked", "active causes", "event types"],
)
def test_every_reference_parser_gives_a_value_or_a_message_for_any_cell(build):
    parse = build()

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=cells)
    def check(value):
        parses_or_explains(parse, value)

    check()


# --- the readers' own conversions ---------------------------------------------------------

xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
).filter(lambda s: all(c in "\t\n\r" or ord(c) >= 32 for c in s))
kinds = st.one_of(st.sampled_from(["n", "s", "b", "e", "str", "inlineStr", "d"]), xml_text)
styles_ = st.one_of(st.none(), st.sampled_from(["0", "1", "-1", "99999999999"]), xml_text)


def one_cell_workbook(kind: str, style: str | None, text: str, ref: str) -> bytes:
    attributes = f"r={quoteattr(ref)} t={quoteattr(kind)}"
    if style is not None:
        attributes += f" s={quoteattr(style)}"
    value = escape(text)
    body = f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>"
    styles = (
        '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>'
    )
    return workbook(
        sheet_of(f'<row r="1"><c {attributes}>{body}</c></row>'.encode()),
        strings=b"<sst><si><t>only</t></si></sst>",
        styles=styles.encode(),
    )


@PROPERTY
@given(
    kind=kinds,
    style=styles_,
    text=st.one_of(xml_text, st.from_regex(r"\A-?[0-9]{1,6000}(\.[0-9]+)?\Z"), dateish),
    ref=st.one_of(st.sampled_from(["A1", "XFD1", "XFE1", "a1", "$B$1"]), xml_text),
)
def test_an_xlsx_cell_of_any_kind_style_and_text_gives_a_value_or_a_file_problem(
    kind, style, text, ref
):
    content = one_cell_workbook(kind, style, text, ref)
    try:
        with open_table(io.BytesIO(content)) as table:
            rows = list(table.rows())
    except FileProblem as problem:
        assert str(problem).strip()
        return
    assert [number for number, _cells in rows] == [1]


@PROPERTY
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_a_csv_of_any_bytes_gives_rows_or_a_file_problem(content):
    try:
        with open_table(io.BytesIO(content)) as table:
            for _number, row in table.rows():
                assert all(cell is None or isinstance(cell, str) for cell in row)
    except FileProblem as problem:
        assert str(problem).strip()

"""Dates, times and numbers as each language writes them (kzsafety/formats): Django ships
no Kazakh formats, so without ours Kazakh pages read 11/20/2026, 9:25 Т.Ж. and 1234.5.
Workbook date cells carry the reader's date format too (kzsafety.spreadsheets)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation
from openpyxl import Workbook, load_workbook

from kzsafety.spreadsheets import cell, cells, excel_date_format

NBSP = "\xa0"
DAY = datetime.date(2025, 3, 7)
MOMENT = datetime.datetime(2026, 12, 2, 21, 25)


def shown(template: str, **context) -> str:
    return Template("{% load humanize %}" + template).render(Context(context))


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_language_writes_short_dates_day_first_and_times_on_a_24_hour_clock(language):
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "07.03.2025"
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "02.12.2026 21:25"
        assert formats.time_format(MOMENT.time()) == "21:25"
        assert shown('{{ day|date:"SHORT_DATE_FORMAT" }}', day=DAY) == "07.03.2025"


def test_kazakh_long_dates_read_year_then_day_and_lower_case_month():
    with translation.override("kk"):
        assert formats.date_format(DAY) == "2025 жылғы 7 наурыз"
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == "2026 жылғы 2 желтоқсан, 21:25"
        assert formats.date_format(DAY, "YEAR_MONTH_FORMAT") == "2025 жылғы наурыз"
        assert shown("{{ day|date }}", day=DAY) == "2025 жылғы 7 наурыз"


def test_kazakh_month_names_and_abbreviations_are_lower_case_in_every_form():
    months = [datetime.date(2025, month, 1) for month in range(1, 13)]
    with translation.override("kk"):
        names = [formats.date_format(day, "F") for day in months]
        alternative = [formats.date_format(day, "E") for day in months]
        abbreviated = [formats.date_format(day, "N") for day in months]
    assert names == [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ]
    assert alternative == names
    assert abbreviated[2] == "нау." and abbreviated[10] == "қар."
    assert all(name == name.lower() for name in abbreviated)


def test_russian_keeps_django_long_dates_with_the_genitive_month():
    with translation.override("ru"):
        assert formats.date_format(DAY) == "7 марта 2025 г."


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_kazakh_and_russian_numbers_have_a_decimal_comma_and_no_break_space_thousands(language):
    with translation.override(language):
        assert shown("{{ n|intcomma }}", n=Decimal("1234567.5")) == f"1{NBSP}234{NBSP}567,5"
        assert shown("{{ n|intcomma }}", n=1234567) == f"1{NBSP}234{NBSP}567"
        assert shown('{{ n|floatformat:"1g" }}', n=1234.56) == f"1{NBSP}234,6"
        assert shown("{{ n }}", n=96.5) == "96,5"


def test_english_numbers_keep_the_decimal_point_and_comma_thousands():
    with translation.override("en"):
        assert shown("{{ n|intcomma }}", n=Decimal("1234567.5")) == "1,234,567.5"
        assert shown("{{ n }}", n=96.5) == "96.5"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_years_and_ids_printed_plainly_never_get_a_thousands_separator(language):
    with translation.override(language):
        assert shown("{{ year }}/{{ pk }}", year=2025, pk=123456) == "2025/123456"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_date_inputs_accept_the_local_day_first_form_and_the_iso_form_date_pickers_send(
    language,
):
    from django import forms

    with translation.override(language):
        field = forms.DateField()
        assert field.clean("07.03.2025") == DAY
        assert field.clean("2025-03-07") == DAY


# --- Workbooks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "date_format", "datetime_format"),
    [
        ("kk", "dd.mm.yyyy", "dd.mm.yyyy hh:mm"),
        ("ru", "dd.mm.yyyy", "dd.mm.yyyy hh:mm"),
        ("en", "dd.mm.yyyy", "dd.mm.yyyy hh:mm"),
    ],
)
def test_the_excel_date_format_follows_the_language(language, date_format, datetime_format):
    with translation.override(language):
        assert excel_date_format() == date_format
        assert excel_date_format(with_time=True) == datetime_format


def _saved_and_read(workbook: Workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer).active


@pytest.mark.parametrize("write_only", [False, True])
def test_workbook_date_cells_stay_dates_shown_in_the_readers_format(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Dates") if write_only else workbook.active
    with translation.override("kk"):
        sheet.append(cells(sheet, [DAY, MOMENT, 1234.5, "07.03.2025", 2025]))
    read = _saved_and_read(workbook)
    day, moment, number, text, year = (read.cell(row=1, column=c) for c in range(1, 6))
    assert day.is_date and day.value.date() == DAY
    assert day.number_format == "dd.mm.yyyy"
    assert moment.is_date and moment.value == MOMENT
    assert moment.number_format == "dd.mm.yyyy hh:mm"
    assert number.value == 1234.5 and number.number_format == "General"
    assert text.data_type == "s" and text.number_format == "General"
    assert year.value == 2025 and year.number_format == "General"


def test_a_placed_date_cell_gets_the_format_of_the_language_active_when_written():
    workbook = Workbook()
    sheet = workbook.active
    with translation.override("ru"):
        cell(sheet, DAY, row=2, column=3)
    assert _saved_and_read(workbook).cell(row=2, column=3).number_format == "dd.mm.yyyy"

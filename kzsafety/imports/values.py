"""Turning a cell into a value, by the common value rules of CONTRACTS.md §3.

Every parser takes what the reader gives (None, str, int, float, bool, datetime) and
returns a Python value or raises CellError with a message for the user. Blank cells never
reach a parser: the engine gives them the column's default.

Dates: `YYYY-MM-DD`, `DD.MM.YYYY` (a time after either is ignored), real Excel date cells,
and Excel serial numbers (a number in a date column, or digits in a CSV) between 18264 and
73415, i.e. 1 January 1950 to 31 December 2100. Outside that range a number is refused
rather than guessed: 2024 typed into a date column is a year, not 16 July 1905."""

import datetime
import functools
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from kzsafety.imports.reading import ExcelError, Formula
from kzsafety.spreadsheets import excel_date_format

LANGUAGES = ("kk", "ru", "en")
SERIAL_MIN, SERIAL_MAX = 18264, 73415
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SERIAL = re.compile(r"^\d{1,6}(?:[.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']+")

MAX_DIGITS = 18  # of a whole number in a cell: every column's limit is below 10^18
TRUE_WORDS = {"yes", "true", "1", "иә", "да"}
FALSE_WORDS = {"no", "false", "0", "жоқ", "нет"}


class CellError(Exception):
    """A cell's value is not acceptable; the message tells the user why."""


def _text(value: Any) -> str:
    """str(), also for an integer too long to write out (Python refuses more than 4,300
    digits): shown by its order of magnitude."""
    try:
        return str(value)
    except ValueError:
        return f"{'-' if value < 0 else ''}1e{int(value.bit_length() * 0.30103)}"


def normalize(value: Any) -> str:
    """How names and headers are compared: case, repeated spaces and ё/е ignored."""
    return " ".join(_text(value).split()).casefold().replace("ё", "е")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def in_languages(label: Any) -> set[str]:
    """The normalized forms of a (lazy) translatable string in kk, ru and en."""
    forms = set()
    for language in LANGUAGES:
        with translation.override(language):
            forms.add(normalize(str(label)))
    return forms


def _shown(value: Any) -> str:
    if value.__class__ is str:  # most cells: the same as below, without the checks
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return _text(value).strip()


def refuse_markers(value: Any) -> None:
    if isinstance(value, Formula):
        raise CellError(
            _(
                "The cell holds a formula (%(formula)s). Imports take values only: copy the "
                "column and paste it back with “Paste special → Values”."
            )
            % {"formula": value[:60]}
        )
    if isinstance(value, ExcelError):
        raise CellError(_("The cell shows an Excel error (%(error)s).") % {"error": value})


def remembered(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The same parser, remembering the values it accepted: a column of regions repeats
    the same twenty spellings a million times. (Refused values are not remembered.)"""
    known: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        key = (value.__class__, value)
        try:
            return known[key]
        except KeyError:
            result = known[key] = parse(value)
            return result

    return cached


def text(max_length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        result = _shown(value)
        if len(result) > max_length:
            raise CellError(
                _("The text is %(length)s characters long; at most %(limit)s are allowed.")
                % {"length": len(result), "limit": max_length}
            )
        return result

    parse.excel_format = "@"  # text in the template, so Excel keeps "01-2" as typed
    return parse


def integer(
    minimum: int | None = 0, maximum: int | None = None, percent: bool = False
) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if value.__class__ is str and value.isdigit() and value.isascii() and len(value) < 19:
            number = int(value)  # the common case, without the checks below
        elif isinstance(value, bool):
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            cleaned = _SPACES.sub("", str(value))
            if percent and cleaned.endswith("%"):
                cleaned = cleaned[:-1]
            cleaned = re.sub(r"[.,]0+$", "", cleaned)
            if not re.fullmatch(r"-?\d+", cleaned):
                raise CellError(_("“%(value)s” is not a whole number.") % {"value": _shown(value)})
            if len(cleaned.lstrip("-").lstrip("0")) > MAX_DIGITS:
                raise CellError(
                    _("“%(value)s…” has too many digits for a number here.")
                    % {"value": cleaned[:MAX_DIGITS]}
                )
            number = int(cleaned)
        if minimum is not None and number < minimum:
            raise CellError(_("The number must be at least %(minimum)s.") % {"minimum": minimum})
        if maximum is not None and number > maximum:
            raise CellError(_("The number must be at most %(maximum)s.") % {"maximum": maximum})
        return number

    return parse


def _yes_no_words() -> tuple[set[str], set[str]]:
    return TRUE_WORDS | in_languages(_("yes")), FALSE_WORDS | in_languages(_("no"))


def boolean() -> Callable[[Any], bool]:
    yes, no = _yes_no_words()

    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        word = normalize(value)
        if word in yes:
            return True
        if word in no:
            return False
        raise CellError(
            _("“%(value)s” is not yes or no. Write yes/no, true/false, 1/0, иә/жоқ or да/нет.")
            % {"value": _shown(value)}
        )

    return remembered(parse)


def _from_serial(number: float, shown: str) -> datetime.date:
    if math.isnan(number) or not SERIAL_MIN <= number <= SERIAL_MAX:
        raise CellError(
            _(
                "“%(value)s” is not a date. Write YYYY-MM-DD or DD.MM.YYYY (Excel date numbers "
                "are accepted from %(first)s to %(last)s)."
            )
            % {"value": shown, "first": SERIAL_MIN, "last": SERIAL_MAX}
        )
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def date(value: Any) -> datetime.date:
    if value.__class__ is str:  # a CSV's cells: the same as the last line, without the checks
        return _date_from_text(value.strip())
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a date.") % {"value": value})
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any float
            number = math.inf
        return _from_serial(number, _shown(value))
    return _date_from_text(str(value).strip())


@functools.lru_cache(maxsize=1 << 16)
def _date_from_text(shown: str) -> datetime.date:
    """A date written as text. Files repeat the same dates over and over: remembered."""
    if match := _ISO.match(shown):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DOTTED.match(shown):
        day, month, year = (int(part) for part in match.groups())
    elif _SERIAL.match(shown):
        return _from_serial(float(shown.replace(",", ".")), shown)
    else:
        raise CellError(
            _("“%(value)s” is not a date. Write YYYY-MM-DD or DD.MM.YYYY.") % {"value": shown}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise CellError(_("There is no such date: %(value)s.") % {"value": shown}) from error


date.excel_format = excel_date_format


def date_list(value: Any) -> list[datetime.date]:
    """One or more dates separated by `;` (a single real date cell also works)."""
    if not isinstance(value, str):
        return [date(value)]
    days = []
    for part in value.split(";"):
        if part.strip():
            days.append(date(part))
    return sorted(set(days))


date_list.excel_format = "@"


def identification_number(value: Any) -> str:
    """A BIN or IIN as 12 digits. Excel turns such numbers into numbers and drops their
    leading zeros, so 10 or 11 digits are padded back; the check digit catches a wrong
    guess. The checksum itself is the model validator's job."""
    if value.__class__ is str and len(value) == 12 and value.isdigit():
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("“%(value)s” is not a 12-digit number.") % {"value": value})
        value = int(value)
    shown = _SPACES.sub("", _text(value))
    if re.fullmatch(r"\d+(?:[.,]\d+)?[eE]\+?\d+", shown):
        raise CellError(
            _(
                "“%(value)s” was shown by Excel in scientific notation and has lost digits. "
                "Format the column as text and type the 12 digits again."
            )
            % {"value": shown}
        )
    if shown.isdigit() and 10 <= len(shown) < 12:
        shown = shown.zfill(12)
    return shown


identification_number.excel_format = "@"


def choice(choices: type[TextChoices]) -> Callable[[Any], str]:
    """A choice by its key or by its label in any language."""
    lookup = lookup_table((c.value, [c.value, c.label]) for c in choices)
    keys = ", ".join(choices.values)

    def parse(value: Any) -> str:
        try:
            return lookup[normalize(value)]
        except KeyError:
            raise CellError(
                _("“%(value)s” is not one of: %(keys)s.") % {"value": _shown(value), "keys": keys}
            ) from None

    return remembered(parse)


def lookup_table(entries: Iterable[tuple[Any, Iterable[Any]]]) -> dict[str, Any]:
    """normalized name -> value, from (value, names) pairs; a lazy name counts in every
    language. A name shared by two values is dropped, so it can never pick the wrong one."""
    table: dict[str, Any] = {}
    ambiguous: set[str] = set()
    for value, names in entries:
        forms: set[str] = set()
        for name in names:
            if name is None or name == "":
                continue
            forms |= in_languages(name) if not isinstance(name, str) else {normalize(name)}
        for form in forms:
            if form in table and table[form] != value:
                ambiguous.add(form)
            table[form] = value
    for form in ambiguous:
        del table[form]
    return table

"""Reading an uploaded spreadsheet as a stream of rows, whatever Excel or a script wrote.

The type is read from the content, never from the name: an .xlsx is a zip holding
`[Content_Types].xml`; a password-protected workbook (and an old .xls) is an OLE2/CFB
container; anything else must be UTF-8 text (with or without a BOM) to be read as CSV, with
the delimiter taken from the header line (Excel in a Russian locale writes `;`).

Rows come one at a time, so memory stays bounded however long the file is: a CSV is read
through a text stream, an XLSX sheet through an expat parser fed from the zip (see xlsx.py).
"""

import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any
from xml.parsers import expat  # noqa: S410

from django.utils.translation import gettext as _

from kzsafety.imports.inflate import FileProblem, check_central_directory
from kzsafety.imports.xlsx import ExcelError, Formula, XlsxSheet

__all__ = ["ExcelError", "FileProblem", "Formula", "Table", "detect_format", "open_table"]

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Streams that only an encrypted (password-protected) OOXML package has, as CFB stores
# their names: UTF-16LE.
ENCRYPTION_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
CSV_DELIMITERS = (",", ";", "\t")
SNIFF_BYTES = 8192
# One CSV record (a line, or lines joined by quoted line breaks), in characters: a file of
# one endless line is read a bounded piece at a time and refused. A field is bounded by
# csv.field_size_limit() (128 KiB unless changed), far above a cell's 32,767.
MAX_CSV_RECORD = 1 << 20


def _is_encrypted(stream: IO[bytes]) -> bool:
    stream.seek(0)
    tail = b""
    while chunk := stream.read(1 << 20):
        window = tail + chunk
        if any(marker in window for marker in ENCRYPTION_MARKERS):
            return True
        tail = window[-40:]
    return False


def _zip_kind(stream: IO[bytes]) -> str:
    check_central_directory(stream)
    try:
        names = set(zipfile.ZipFile(stream).namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise FileProblem(
            _("The file looks like an Excel workbook but is damaged; save it again as .xlsx.")
        ) from error
    if "[Content_Types].xml" not in names:
        raise FileProblem(
            _("This is an archive, not an Excel workbook. Upload an .xlsx or .csv file.")
        )
    if any(name.endswith(".bin") and "workbook" in name for name in names):
        raise FileProblem(
            _("This is a binary Excel workbook (.xlsb). Save it as an .xlsx workbook.")
        )
    if not any(name.lower().endswith("workbook.xml") for name in names):
        raise FileProblem(
            _("This is an Office document but not an Excel workbook. Upload an .xlsx or .csv file.")
        )
    return "xlsx"


def detect_format(stream: IO[bytes]) -> str:
    """'xlsx' or 'csv' for a readable file; a FileProblem saying what is wrong otherwise."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head:
        raise FileProblem(_("The file is empty."))
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(stream)
    if head.startswith(CFB_SIGNATURE):
        encrypted = _is_encrypted(stream)
        stream.seek(0)
        if encrypted:
            raise FileProblem(
                _(
                    "The workbook is protected with a password. Remove the password in Excel "
                    "(File → Info → Protect Workbook) and upload it again."
                )
            )
        raise FileProblem(
            _("This is an old Excel file (.xls). Save it as an .xlsx workbook or as CSV UTF-8.")
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(
            _(
                "This is UTF-16 text (Excel's “Unicode text”). Save it as “CSV UTF-8 (comma "
                "delimited)” or upload the workbook as .xlsx."
            )
        )
    if b"\x00" in head:
        raise FileProblem(_("This is not a spreadsheet. Upload an .xlsx or .csv file."))
    try:
        # A multi-byte character may be cut at the end of the sample.
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            raise FileProblem(
                _(
                    "The CSV file is not UTF-8 text. In Excel choose “Save as” → “CSV UTF-8 "
                    "(comma delimited)”, or upload the workbook as .xlsx."
                )
            ) from error
    return "csv"


class _CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes read through it, for progress."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.consumed += len(data)
        return len(data)


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def sniff_delimiter(header_line: str) -> str:
    """The delimiter used most in the header line; a comma when none is used."""
    counts = {d: _count_outside_quotes(header_line, d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class Table:
    """Rows of the first sheet: `rows()` yields (spreadsheet row number, list of values).

    Values are None for an empty cell, str, int, float, bool, datetime, or a Formula /
    ExcelError marker. `merged` lists merged ranges (XLSX); it is complete once every row
    has been read."""

    format: str = ""
    merged: list[str]

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        raise NotImplementedError

    def progress(self) -> float:
        return 0.0

    def merged_ranges(self) -> list[str]:
        return self.merged


class CsvTable(Table):
    format = "csv"

    def __init__(self, stream: IO[bytes], size: int):
        self.size = max(size, 1)
        self.raw = _CountingReader(stream)
        self.merged = []

    def progress(self) -> float:
        return min(self.raw.consumed / self.size, 1.0)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        text = io.TextIOWrapper(
            io.BufferedReader(self.raw, 1 << 16), encoding="utf-8-sig", newline=""
        )
        number, record = 0, [0]  # characters of the record being read

        def lines() -> Iterator[str]:
            while line := text.readline(MAX_CSV_RECORD + 1):
                record[0] += len(line)
                if record[0] > MAX_CSV_RECORD:
                    raise FileProblem(
                        _(
                            "Row %(row)s: the line is longer than %(limit)s characters; the "
                            "file is damaged or is not a table."
                        )
                        % {"row": number + 1, "limit": MAX_CSV_RECORD}
                    )
                yield line

        try:
            source = lines()
            first = next(source, "")
            # Excel understands (and some exports write) a first line "sep=;".
            stripped = first.strip()
            if len(stripped) == 5 and stripped.lower().startswith("sep="):
                delimiter = stripped[4]
                record[0] = 0
                first = next(source, "")
            else:
                delimiter = sniff_delimiter(first)
            record[0] = len(first)
            reader = csv.reader(itertools.chain([first], source), delimiter=delimiter)
            for number, values in enumerate(reader, start=1):
                record[0] = 0
                yield number, [value if value.strip() else None for value in values]
        except UnicodeDecodeError as error:
            raise FileProblem(
                _(
                    "Row %(row)s: the CSV file is not UTF-8 text. In Excel choose “Save as” → "
                    "“CSV UTF-8 (comma delimited)”, or upload the workbook as .xlsx."
                )
                % {"row": number + 1}
            ) from error
        except csv.Error as error:
            if str(error).startswith("field larger than field limit"):
                raise FileProblem(
                    _(
                        "Row %(row)s: a cell holds more than %(limit)s characters; the file "
                        "is damaged or is not a table."
                    )
                    % {"row": number + 1, "limit": csv.field_size_limit()}
                ) from error
            raise FileProblem(
                _("Row %(row)s: the CSV file cannot be read (%(reason)s).")
                % {"row": number + 1, "reason": error}
            ) from error


class XlsxTable(Table):
    format = "xlsx"

    def __init__(self, stream: IO[bytes], size: int):
        try:
            self.sheet = XlsxSheet(zipfile.ZipFile(stream), size)
        except (KeyError, ValueError, zipfile.BadZipFile, expat.ExpatError, EOFError) as error:
            raise FileProblem(
                _("The workbook cannot be read (%(reason)s); save it again as .xlsx.")
                % {"reason": error}
            ) from error
        self.merged = self.sheet.merged

    def progress(self) -> float:
        return self.sheet.progress()

    def merged_ranges(self) -> list[str]:
        return self.sheet.scan_merged()

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for number, values in self.sheet.rows():
                yield number, values
        except (
            expat.ExpatError,
            zipfile.BadZipFile,
            EOFError,
            IndexError,
            ValueError,
            OverflowError,
        ) as error:
            raise FileProblem(
                _("Row %(row)s: the workbook is damaged (%(reason)s); save it again as .xlsx.")
                % {"row": self.sheet.row or number + 1, "reason": error}
            ) from error


@contextmanager
def open_table(stream: IO[bytes], size: int | None = None) -> Iterator[Table]:
    """The table of a seekable binary stream, or a FileProblem."""
    kind = detect_format(stream)
    if size is None:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        stream.seek(0)
    yield CsvTable(stream, size) if kind == "csv" else XlsxTable(stream, size)

"""A streaming reader of the first sheet of an .xlsx workbook.

openpyxl's read-only mode reads about 8,000 rows a second here, too slow for national
files; this reader feeds the sheet's XML from the zip to expat and turns each <row> into a
list of values as soon as it ends, so memory is bounded by one chunk of rows (plus the
shared-strings table, which Excel keeps for the whole workbook). Every part is read through
inflate.py, which refuses a part that unpacks beyond its bounds. It reads what the import
needs: values, dates (by the cell's number format), booleans, formulas and Excel errors
(as markers, to be refused), and merged ranges."""

import datetime
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl.utils.datetime import from_excel

from kzsafety.imports.inflate import (
    CHUNK,
    MAX_CHUNK_CHARS,
    MAX_COLUMNS,
    MAX_MERGED,
    MAX_TOTAL,
    BoundedPart,
    Budget,
    check_text,
    feed,
    too_much_text,
    xml_parser,
)
from kzsafety.imports.xlsx_parts import (
    date_styles,
    first_sheet,
    shared_strings,
    unescape,
)

_RANGE = re.compile(r"\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?")
_MERGE = re.compile(rb"""mergeCell\s[^>]*?ref=["']([A-Za-z0-9:$]+)["']""")


class Formula(str):
    """A cell holding a formula; imports accept values only."""


class ExcelError(str):
    """A cell showing an Excel error such as #N/A or #REF!."""


_COLUMNS: dict[str, int] = {}


def column_index(ref: str) -> int:
    """0-based column of a cell reference such as 'AB12'; a ValueError for anything
    else, or for a column beyond XFD (Excel's last)."""
    letters = ref.rstrip("0123456789$").replace("$", "")
    index = _COLUMNS.get(letters)
    if index is None:
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
            raise ValueError(f"not a cell reference: {ref[:20]!r}")
        index = -1
        for char in letters.upper():
            index = (index + 1) * 26 + ord(char) - 65
        if index >= MAX_COLUMNS:
            raise ValueError(f"beyond the last column: {ref[:20]!r}")
        _COLUMNS[letters] = index
    return index


def _merged_range(ref: str) -> str | None:
    """A merged range as the engine reports it ('A1:B2'); None for anything else."""
    if not _RANGE.fullmatch(ref):
        return None
    try:
        for cell in ref.split(":"):
            column_index(cell)
    except ValueError:
        return None
    return ref


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class XlsxSheet:
    def __init__(self, archive: zipfile.ZipFile, size: int | None = None):
        """`size`: of the whole file, the most any part can be packed into."""
        self.archive = archive
        if size is None:
            archive.fp.seek(0, 2)
            size = archive.fp.tell()
        self.budget = Budget(archive, size)
        path, rels, self.epoch = first_sheet(self.budget)
        self.path = path
        self.info = archive.getinfo(self.path)
        by_type = {kind.rpartition("/")[2]: target for kind, target in rels.values()}
        self.strings = shared_strings(self.budget, by_type.get("sharedStrings"))
        self.date_styles = date_styles(self.budget, by_type.get("styles"))
        self.merged: list[str] = []
        self.consumed = 0  # uncompressed bytes of the sheet read so far, for progress
        self.row = 0  # the number of the row being read, for messages

    # --- parts read once -------------------------------------------------------------------

    # --- the sheet, streamed --------------------------------------------------------------

    def progress(self) -> float:
        return min(self.consumed / max(self.info.file_size, 1), 1.0)

    def scan_merged(self) -> list[str]:
        """Merged ranges, found without parsing the rows (they are listed after them)."""
        found, tail = [], b""
        with BoundedPart(Budget(self.archive, self.budget.size), self.path, MAX_TOTAL) as part:
            while chunk := part.read(CHUNK):
                window = tail + chunk
                for match in _MERGE.finditer(window):
                    if len(found) < MAX_MERGED and (ref := _merged_range(match.group(1).decode())):
                        found.append(ref)
                # Keep an unfinished element for the next chunk, never a finished one twice.
                cut = max(window.rfind(b"<"), len(window) - 200)
                tail = window[cut:] if _MERGE.search(window[cut:]) is None else b""
        return found

    def _value(self, kind: str, style: str | None, text: str | None) -> Any:
        if kind == "s":
            return self.strings[int(text)] if text else None
        if kind in ("str", "inlineStr"):
            return unescape(text) if text else None
        if kind == "b":
            return text == "1"
        if kind == "e":
            return ExcelError(text or "#ERROR")
        if text is None or text == "":
            return None
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(text)
            except ValueError:
                return text
        try:
            number: int | float = int(text)
        except ValueError:
            number = float(text)
        if style is not None and int(style) in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError, TypeError):
                return number
        return number

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, values) of every row, as the sheet's XML streams in. The handlers
        compare whole qualified names and keep state in closure variables: this is the
        inner loop of every XLSX import. (A regular-expression scanner was tried: with the
        checks it needs to be safe it was no faster; the cost is Python's, per cell.)"""
        ready: list[tuple[int, list[Any]]] = []
        names: dict[str, str] = {}  # qualified name -> local name, filled as names appear
        seen: set[str] = set()  # element and attribute names, bounded (see feed)
        parser = xml_parser(seen)
        add_names = seen.update
        row_number, cells, col = 0, None, -1
        kind, style, value_text, formula, parts, buffer = "n", None, None, None, None, None
        phonetic, text_size = False, 0  # characters of the rows not yet handed on
        value_of, merged = self._value, self.merged

        def local(name: str) -> str:
            found = names.get(name)
            if found is None:
                seen.add(name)
                found = names[name] = name[name.rfind(" ") + 1 :]
            return found

        def start(name: str, attrs: dict) -> None:
            nonlocal row_number, cells, col, kind, style, value_text, formula, parts, buffer
            nonlocal phonetic
            add_names(attrs)
            tag = names.get(name) or local(name)
            if tag == "c":
                ref = attrs.get("r")
                col = column_index(ref) if ref else col + 1
                if col >= MAX_COLUMNS:
                    raise ValueError("a cell beyond the last column")
                kind, style = attrs.get("t", "n"), attrs.get("s")
                value_text = formula = parts = None
            elif tag == "v" or tag == "f" or (tag == "t" and not phonetic):
                buffer = []
                parser.CharacterDataHandler = buffer.append
            elif tag == "row":
                number = attrs.get("r")
                row_number = self.row = int(number) if number else row_number + 1
                cells, col = [], -1
            elif tag == "rPh":
                phonetic = True
            elif (
                tag == "mergeCell"
                and len(merged) < MAX_MERGED
                and (ref := _merged_range(attrs.get("ref", "")))
            ):
                merged.append(ref)

        def end(name: str) -> None:
            nonlocal cells, value_text, formula, parts, buffer, phonetic, text_size
            tag = names.get(name) or local(name)
            if tag == "c":
                if formula is not None:
                    value: Any = Formula(f"={formula}")
                elif kind == "inlineStr":
                    value = unescape("".join(parts)) if parts else None
                else:
                    value = value_of(kind, style, value_text)
                if cells is not None and value is not None:
                    if col >= len(cells):
                        cells.extend([None] * (col - len(cells) + 1))
                    cells[col] = value
                    if isinstance(value, str):
                        text_size += len(value)
                        if text_size > MAX_CHUNK_CHARS:
                            raise too_much_text(row_number)
            elif buffer is not None and (tag == "v" or tag == "t" or tag == "f"):
                text = "".join(buffer)
                buffer = None
                parser.CharacterDataHandler = None
                if tag == "v":
                    value_text = text
                elif tag == "f":
                    formula = text
                elif parts is None:
                    parts = [text]
                else:
                    parts.append(text)
            elif tag == "row":
                ready.append((row_number, cells))
                cells = None
            elif tag == "rPh":
                phonetic = False

        parser.StartElementHandler, parser.EndElementHandler = start, end
        with BoundedPart(self.budget, self.path, MAX_TOTAL) as part:
            for fed in feed(parser, part, seen):
                self.consumed = fed
                check_text(buffer, row_number)
                check_text(parts, row_number)
                if ready:
                    yield from ready
                    ready.clear()
                    text_size = 0
        yield from ready

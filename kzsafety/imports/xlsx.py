"""A streaming reader of the first sheet of an .xlsx workbook.

openpyxl's read-only mode reads about 8,000 rows a second here, too slow for national
files; this reader feeds the sheet's XML from the zip to expat and turns each <row> into a
list of values as soon as it ends, so memory is bounded by one chunk of rows (plus the
shared-strings table, which Excel keeps for the whole workbook). It reads what the import
needs: values, dates (by the cell's number format), booleans, formulas and Excel errors
(as markers, to be refused), and merged ranges."""

import datetime
import posixpath
import re
import xml.etree.ElementTree as ET  # noqa: S405 — parts of an uploaded zip; no DTDs are resolved
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat  # noqa: S410

from openpyxl.styles.numbers import is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

CHUNK = 1 << 16
# Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the East Asian
# date formats 27–36 and 50–58).
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MERGE = re.compile(rb"""mergeCell\s[^>]*?ref=["']([A-Za-z0-9:$]+)["']""")


class Formula(str):
    """A cell holding a formula; imports accept values only."""


class ExcelError(str):
    """A cell showing an Excel error such as #N/A or #REF!."""


def _local(name: str) -> str:
    return name.rpartition(" ")[2] if " " in name else name.rpartition(":")[2]


def _unescape(text: str) -> str:
    """OOXML writes control characters as _xHHHH_ inside strings."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


_COLUMNS: dict[str, int] = {}


def column_index(ref: str) -> int:
    """0-based column of a cell reference such as 'AB12'."""
    letters = ref.rstrip("0123456789$").replace("$", "")
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for char in letters.upper():
            index = index * 26 + ord(char) - 64
        index -= 1
        _COLUMNS[letters] = index
    return index


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element:
    with archive.open(name) as part:
        return ET.parse(part).getroot()  # noqa: S314


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, absolute target) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.NameToInfo:
        return {}
    found = {}
    for rel in _xml(archive, rels):
        target = rel.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


class XlsxSheet:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        workbook = next(
            (
                t
                for kind, t in _relationships(archive, "").values()
                if kind.endswith("/officeDocument")
            ),
            "xl/workbook.xml",
        )
        root = _xml(archive, workbook)
        rels = _relationships(archive, workbook)
        sheet_id, self.epoch = None, CALENDAR_WINDOWS_1900
        for element in root.iter():
            tag = _local(element.tag.replace("}", " "))
            if tag == "workbookPr" and element.get("date1904", "").lower() in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif tag == "sheet" and sheet_id is None:
                sheet_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        if sheet_id not in rels:
            raise ValueError("the workbook has no sheet")
        self.path = rels[sheet_id][1]
        self.info = archive.getinfo(self.path)
        by_type = {kind.rpartition("/")[2]: target for kind, target in rels.values()}
        self.strings = self._shared_strings(by_type.get("sharedStrings"))
        self.date_styles = self._date_styles(by_type.get("styles"))
        self.merged: list[str] = []
        self.consumed = 0  # uncompressed bytes of the sheet read so far, for progress

    # --- parts read once -------------------------------------------------------------------

    def _shared_strings(self, path: str | None) -> list[str]:
        if not path or path not in self.archive.NameToInfo:
            return []
        strings: list[str] = []
        parts: list[str] = []
        state = {"phonetic": 0, "buffer": None}
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True

        names: dict[str, str] = {}

        def local(name: str) -> str:
            found = names.get(name)
            if found is None:
                found = names[name] = _local(name)
            return found

        def start(name: str, _attrs: dict) -> None:
            tag = local(name)
            if tag == "si":
                parts.clear()
            elif tag == "rPh":
                state["phonetic"] += 1
            elif tag == "t" and not state["phonetic"]:
                state["buffer"] = []
                parser.CharacterDataHandler = state["buffer"].append

        def end(name: str) -> None:
            tag = local(name)
            if tag == "t" and state["buffer"] is not None:
                parts.append("".join(state["buffer"]))
                state["buffer"] = None
                parser.CharacterDataHandler = None
            elif tag == "rPh":
                state["phonetic"] -= 1
            elif tag == "si":
                strings.append(_unescape("".join(parts)))

        parser.StartElementHandler, parser.EndElementHandler = start, end
        with self.archive.open(path) as part:
            parser.ParseFile(part)
        return strings

    def _date_styles(self, path: str | None) -> set[int]:
        if not path or path not in self.archive.NameToInfo:
            return set()
        root = _xml(self.archive, path)
        custom, formats = {}, []
        for element in root:
            tag = _local(element.tag.replace("}", " "))
            if tag == "numFmts":
                for fmt in element:
                    custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
            elif tag == "cellXfs":
                formats = [int(xf.get("numFmtId", "0")) for xf in element]
        dates = set()
        for index, number in enumerate(formats):
            if number in custom:
                if is_date_format(custom[number]):
                    dates.add(index)
            elif number in DATE_FORMAT_IDS:
                dates.add(index)
        return dates

    # --- the sheet, streamed --------------------------------------------------------------

    def progress(self) -> float:
        return min(self.consumed / max(self.info.file_size, 1), 1.0)

    def scan_merged(self) -> list[str]:
        """Merged ranges, found without parsing the rows (they are listed after them)."""
        found, tail = [], b""
        with self.archive.open(self.path) as part:
            while chunk := part.read(CHUNK * 16):
                window = tail + chunk
                found.extend(m.group(1).decode() for m in _MERGE.finditer(window))
                # Keep an unfinished element for the next chunk, never a finished one twice.
                cut = max(window.rfind(b"<"), len(window) - 200)
                tail = window[cut:] if _MERGE.search(window[cut:]) is None else b""
        return found

    def _value(self, kind: str, style: str | None, text: str | None) -> Any:
        if kind == "s":
            return self.strings[int(text)] if text else None
        if kind in ("str", "inlineStr"):
            return _unescape(text) if text else None
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
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        names: dict[str, str] = {}  # qualified name -> local name, filled as names appear
        row_number, cells, col = 0, None, -1
        kind, style, value_text, formula, parts, buffer = "n", None, None, None, None, None
        phonetic = False
        value_of, merged = self._value, self.merged

        def local(name: str) -> str:
            found = names.get(name)
            if found is None:
                found = names[name] = name[name.rfind(" ") + 1 :]
            return found

        def start(name: str, attrs: dict) -> None:
            nonlocal row_number, cells, col, kind, style, value_text, formula, parts, buffer
            nonlocal phonetic
            tag = names.get(name) or local(name)
            if tag == "c":
                ref = attrs.get("r")
                col = column_index(ref) if ref else col + 1
                kind, style = attrs.get("t", "n"), attrs.get("s")
                value_text = formula = parts = None
            elif tag == "v" or tag == "f" or (tag == "t" and not phonetic):
                buffer = []
                parser.CharacterDataHandler = buffer.append
            elif tag == "row":
                number = attrs.get("r")
                row_number = int(number) if number else row_number + 1
                cells, col = [], -1
            elif tag == "rPh":
                phonetic = True
            elif tag == "mergeCell" and attrs.get("ref"):
                merged.append(attrs["ref"])

        def end(name: str) -> None:
            nonlocal cells, value_text, formula, parts, buffer, phonetic
            tag = names.get(name) or local(name)
            if tag == "c":
                if formula is not None:
                    value: Any = Formula(f"={formula}")
                elif kind == "inlineStr":
                    value = _unescape("".join(parts)) if parts else None
                else:
                    value = value_of(kind, style, value_text)
                if cells is not None and value is not None:
                    if col >= len(cells):
                        cells.extend([None] * (col - len(cells) + 1))
                    cells[col] = value
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
        with self.archive.open(self.path) as part:
            while chunk := part.read(CHUNK):
                self.consumed += len(chunk)
                parser.Parse(chunk, False)
                if ready:
                    yield from ready
                    ready.clear()
            parser.Parse(b"", True)
        yield from ready

"""The parts of a workbook read before its sheet: the relationships, the workbook (which
sheet is first, which date system), the shared strings and the styles that show dates.
Each is streamed through expat from a bounded part (inflate.py)."""

import posixpath
import re
from array import array
from collections.abc import Callable
from typing import Any

from openpyxl.styles.numbers import is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from kzsafety.imports.inflate import (
    MAX_CELL_CHARS,
    MAX_SHARED_STRINGS,
    MAX_SMALL_PART,
    MAX_STYLES,
    BoundedPart,
    Budget,
    check_text,
    feed,
    too_long_text,
    xml_parser,
)

# Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the East Asian
# date formats 27–36 and 50–58).
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _number(text: str | None) -> int:
    """A style's number (numFmtId); -1 for anything that is not one."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else -1


def _local(name: str) -> str:
    return name.rpartition(" ")[2] if " " in name else name.rpartition(":")[2]


def unescape(text: str) -> str:
    """OOXML writes control characters as _xHHHH_ inside strings."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _scan(budget: Budget, name: str, limit: int, start: Callable[[str, dict], None]) -> None:
    """Stream a part through expat, handing every start tag (local name, attributes) to
    `start`."""
    names: dict[str, str] = {}
    seen: set[str] = set()
    parser = xml_parser(seen)

    def started(tag: str, attrs: dict) -> None:
        local = names.get(tag)
        if local is None:
            seen.add(tag)
            local = names[tag] = _local(tag)
        seen.update(attrs)
        start(local, attrs)

    parser.StartElementHandler = started
    with BoundedPart(budget, name, limit) as part:
        for _fed in feed(parser, part, seen):
            pass


def _attribute(attrs: dict, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id)."""
    return next((v for k, v in attrs.items() if k == name or k.endswith(f" {name}")), None)


def _relationships(budget: Budget, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, absolute target) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in budget.archive.NameToInfo:
        return {}
    found = {}

    def start(tag: str, attrs: dict) -> None:
        if tag != "Relationship":
            return
        target = attrs.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        found[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

    _scan(budget, rels, MAX_SMALL_PART, start)
    return found


class SharedStrings:
    """The shared strings as one UTF-8 buffer and the offsets where each ends: a million
    short strings take their own size plus four bytes each, not the 60 bytes of a Python
    string apiece."""

    __slots__ = ("data", "ends")

    def __init__(self) -> None:
        self.data = bytearray()
        self.ends = array("I")

    def append(self, text: str) -> None:
        self.data += text.encode("utf-8", "surrogatepass")
        self.ends.append(len(self.data))

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            raise IndexError(index)
        start = self.ends[index - 1] if index else 0
        return self.data[start : self.ends[index]].decode("utf-8", "surrogatepass")


def first_sheet(budget: Budget) -> tuple[str, dict[str, tuple[str, str]], Any]:
    """The first sheet's path, the workbook's relationships, and its date system."""
    workbook = next(
        (t for kind, t in _relationships(budget, "").values() if kind.endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    rels = _relationships(budget, workbook)
    found = {"sheet": None, "epoch": CALENDAR_WINDOWS_1900}

    def start(tag: str, attrs: dict) -> None:
        if tag == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            found["epoch"] = CALENDAR_MAC_1904
        elif tag == "sheet" and found["sheet"] is None:
            found["sheet"] = _attribute(attrs, "id")

    _scan(budget, workbook, MAX_SMALL_PART, start)
    if found["sheet"] not in rels:
        raise ValueError("the workbook has no sheet")
    return rels[found["sheet"]][1], rels, found["epoch"]


def shared_strings(budget: Budget, path: str | None) -> SharedStrings:
    strings = SharedStrings()
    if not path or path not in budget.archive.NameToInfo:
        return strings
    parts: list[str] = []
    state: dict[str, Any] = {"phonetic": 0, "buffer": None}
    seen: set[str] = set()
    parser = xml_parser(seen)

    def start(name: str, attrs: dict) -> None:
        seen.add(name)
        seen.update(attrs)
        tag = _local(name)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["buffer"] = []
            parser.CharacterDataHandler = state["buffer"].append

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "t" and state["buffer"] is not None:
            parts.append("".join(state["buffer"]))
            state["buffer"] = None
            parser.CharacterDataHandler = None
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            text = unescape("".join(parts))
            if len(text) > MAX_CELL_CHARS:
                raise too_long_text()
            strings.append(text)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    with BoundedPart(budget, path, MAX_SHARED_STRINGS) as part:
        for _fed in feed(parser, part, seen):
            check_text(state["buffer"])
            check_text(parts)
    return strings


def date_styles(budget: Budget, path: str | None) -> set[int]:
    if not path or path not in budget.archive.NameToInfo:
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside: list[str] = []  # the styleSheet's child being read: numFmts or cellXfs

    def start(tag: str, attrs: dict) -> None:
        if tag in ("numFmts", "cellXfs"):
            inside.append(tag)
        elif tag == "numFmt" and "numFmts" in inside:
            custom[_number(attrs.get("numFmtId"))] = attrs.get("formatCode", "")[:255]
        elif tag == "xf" and "cellXfs" in inside:
            formats.append(_number(attrs.get("numFmtId")))

    _scan(budget, path, MAX_STYLES, start)
    dates = set()
    for index, number in enumerate(formats):
        if number in custom:
            if is_date_format(custom[number]):
                dates.add(index)
        elif number in DATE_FORMAT_IDS:
            dates.add(index)
    return dates

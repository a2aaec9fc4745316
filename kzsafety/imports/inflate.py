"""Reading the parts of an uploaded zip without letting them inflate beyond bounds.

An .xlsx is a zip of XML parts, and a zip can unpack a thousand times larger than it is:
a 3 MB upload whose styles.xml unpacked to 1.2 GB once drove an import worker past 8 GB.
Every part is therefore read through a counting stream, in chunks, and refused as soon as
it passes its limit, its compression ratio or the limit of the whole workbook. The sizes a
zip declares are checked first but not trusted: they are only what the file says.

Each XML part is fed to expat in chunks too, with the two things expat itself would keep
growing refused: a DTD (billion laughs; Excel never writes one) and an unfinished token
(a start tag or attribute value megabytes long is buffered whole before any handler sees
it). The importing process stays well under 400 MB for any file up to the upload limit;
tests/imports/test_upload_bombs.py measures it."""

import struct
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.parsers import expat  # noqa: S410 — no DTD is accepted, see refuse_doctype

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MiB = 1 << 20
CHUNK = 1 << 16
# Limits, with what Excel itself writes for comparison.
MAX_ENTRIES = 10_000  # files in the zip; a workbook has a few dozen (one per image)
MAX_CENTRAL_DIRECTORY = 4 * MiB  # the zip's index, read whole by zipfile
MAX_SMALL_PART = 4 * MiB  # workbook.xml, relationships: kilobytes in practice
MAX_STYLES = 16 * MiB  # Excel's 64,000 cell formats take about 6 MB
MAX_SHARED_STRINGS = 64 * MiB  # kept in memory for the whole read
MAX_TOTAL = 2048 * MiB  # everything unpacked, the streamed sheet included
MAX_RATIO = 100  # unpacked / packed; Excel's XML packs 5 to 30 times
RATIO_FLOOR = 8 * MiB  # a small part may pack better; it cannot do harm
MAX_PENDING = 1 * MiB  # an unfinished XML token (a tag with its attributes)
MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
MAX_CHUNK_CHARS = 16 * MiB  # the text of the rows read from one chunk of a sheet
MAX_MERGED = 1_000  # merged ranges kept; each one is an error anyway
MAX_NAMES = 1_000  # distinct XML element and attribute names; a sheet uses about 50
MAX_COLUMNS = 16_384  # column XFD, Excel's last


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


def refuse_bomb(what: str) -> FileProblem:
    return FileProblem(
        _(
            "The workbook unpacks to more than it can hold: %(what)s. It is damaged or "
            "built to overload the server, and is refused. Save it again in Excel, split "
            "it into smaller files, or save it as CSV UTF-8."
        )
        % {"what": what}
    )


def check_central_directory(stream: IO[bytes]) -> None:
    """Refuse a zip whose index is too large before zipfile reads all of it into memory
    (a million tiny entries fit in an upload)."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(max(0, size - 0xFFFF - 22))
    tail = stream.read()
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return  # zipfile reports it as damaged
    _sig, _disk, _cd_disk, _here, entries, cd_size, _offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        # A ZIP64 archive (some writers make one when streaming): its real counts are in
        # the ZIP64 end record, which zipfile reads the same way.
        record = zipfile._EndRecData(stream)  # noqa: SLF001
        stream.seek(0)
        if record is None:
            return  # zipfile reports it as damaged
        entries, cd_size = record[zipfile._ECD_ENTRIES_TOTAL], record[zipfile._ECD_SIZE]  # noqa: SLF001
    if entries > MAX_ENTRIES or cd_size > MAX_CENTRAL_DIRECTORY:
        raise refuse_bomb(_("%(count)s files inside") % {"count": entries})


class Budget:
    """What the whole workbook may still unpack; shared by all its parts."""

    def __init__(self, archive: zipfile.ZipFile, size: int):
        self.archive, self.size = archive, max(size, 1)
        self.left = MAX_TOTAL


class BoundedPart:
    """A zip member read in chunks, counting what comes out. Refused when it passes its
    own limit, the budget of the workbook, or the compression ratio (against the packed
    size the zip declares, at most the size of the whole file)."""

    def __init__(self, budget: Budget, name: str, limit: int):
        info = budget.archive.getinfo(name)
        self.budget, self.name, self.limit = budget, name, min(limit, budget.left)
        self.packed = max(1, min(info.compress_size, budget.size))
        if info.file_size > self.limit:
            raise self._too_large()
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * self.packed:
            raise self._too_packed()
        self.part = budget.archive.open(name)
        self.out = 0

    def _too_large(self) -> FileProblem:
        return refuse_bomb(
            _("%(part)s unpacks to more than %(limit)s")
            % {"part": self.name, "limit": filesizeformat(self.limit)}
        )

    def _too_packed(self) -> FileProblem:
        return refuse_bomb(
            _("%(part)s is packed more than %(ratio)s times")
            % {"part": self.name, "ratio": MAX_RATIO}
        )

    def read(self, size: int = CHUNK) -> bytes:
        data = self.part.read(min(size, CHUNK))
        self.out += len(data)
        self.budget.left -= len(data)
        if self.out > self.limit:
            raise self._too_large()
        if self.out > RATIO_FLOOR and self.out > MAX_RATIO * self.packed:
            raise self._too_packed()
        return data

    def close(self) -> None:
        self.part.close()

    def __enter__(self) -> "BoundedPart":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def refuse_doctype(*_args) -> None:
    raise FileProblem(_("The workbook holds a DTD, which Excel never writes; it is refused."))


def xml_parser(names: set[str]) -> expat.XMLParserType:
    """An expat parser for a part; `names` gathers its namespace prefixes (see feed), the
    handlers add the element and attribute names."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartNamespaceDeclHandler = lambda prefix, _uri: names.add(f"xmlns:{prefix}")
    return parser


def feed(parser: expat.XMLParserType, part: BoundedPart, names: set[str]) -> Iterator[int]:
    """Parse a part chunk by chunk, yielding the bytes parsed so far after each chunk, so
    the caller can check (or hand on) what the handlers gathered. The handlers add the
    element and attribute names they meet to `names`: expat keeps every distinct name for
    the whole parse (two million of them took 300 MB), so a part may use only a few."""
    fed = 0
    while chunk := part.read(CHUNK):
        parser.Parse(chunk, False)
        fed += len(chunk)
        if fed - parser.CurrentByteIndex > MAX_PENDING:
            raise refuse_bomb(
                _("an XML element in %(part)s is longer than %(limit)s")
                % {"part": part.name, "limit": filesizeformat(MAX_PENDING)}
            )
        if len(names) > MAX_NAMES:
            raise refuse_bomb(
                _("%(part)s uses more than %(count)s different XML names")
                % {"part": part.name, "count": MAX_NAMES}
            )
        yield fed
    parser.Parse(b"", True)


def too_long_text(row: int | None = None) -> FileProblem:
    if row is None:
        return FileProblem(
            _(
                "A text in the workbook is longer than %(limit)s characters, Excel's limit "
                "for a cell; the file is damaged or was not made by Excel."
            )
            % {"limit": MAX_CELL_CHARS}
        )
    return FileProblem(
        _(
            "Row %(row)s: a cell holds more than %(limit)s characters, Excel's limit for a "
            "cell; the file is damaged or was not made by Excel."
        )
        % {"row": row, "limit": MAX_CELL_CHARS}
    )


def check_text(pieces: list[str] | None, row: int | None = None) -> None:
    """Refuse text gathered in pieces (expat hands it over in pieces, a rich text in
    runs) once it passes the limit of a cell; called after every chunk, so it never grows
    far beyond. Empty runs count too: a million of them is a list of a million."""
    if pieces and (len(pieces) > MAX_CELL_CHARS or sum(map(len, pieces)) > MAX_CELL_CHARS):
        raise too_long_text(row)


def too_much_text(row: int) -> FileProblem:
    return refuse_bomb(
        _("row %(row)s and the rows next to it hold more than %(limit)s characters")
        % {"row": row, "limit": MAX_CHUNK_CHARS}
    )

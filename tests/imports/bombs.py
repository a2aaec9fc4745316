"""Upload bombs, built in the test: a zip written by hand, whose parts can unpack to
gigabytes from a megabyte, and can declare sizes that are not true.

A part is (head, (piece, times), tail): the piece is deflated once, with a full flush on
either side, and its compressed bytes repeated, which is still one valid deflate stream,
so a 1.2 GB part costs a millisecond to build. The CRC of a part beyond 64 MB is not
computed: the reader must refuse it long before its end, where zipfile would check it."""

import io
import json
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
MiB = 1 << 20


@dataclass
class Part:
    head: bytes
    piece: bytes = b""
    times: int = 0
    tail: bytes = b""
    declared_size: int | None = None  # what the zip says it unpacks to, if not the truth

    @property
    def size(self) -> int:
        return len(self.head) + len(self.piece) * self.times + len(self.tail)


def _deflated(data: bytes, mode: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(mode)


def _packed(part: Part) -> bytes:
    block = _deflated(part.piece, zlib.Z_FULL_FLUSH) if part.times else b""
    return (
        _deflated(part.head, zlib.Z_FULL_FLUSH)
        + block * part.times
        + _deflated(part.tail, zlib.Z_FINISH)
    )


def _crc(part: Part) -> int:
    crc = zlib.crc32(part.head)
    for _ in range(part.times):
        crc = zlib.crc32(part.piece, crc)
    return zlib.crc32(part.tail, crc)


def zip_of(parts: dict[str, Part | bytes]) -> bytes:
    out, central = io.BytesIO(), io.BytesIO()
    for name, part in parts.items():
        if isinstance(part, bytes):
            part = Part(part)
        data, encoded = _packed(part), name.encode()
        size = part.size if part.declared_size is None else part.declared_size
        crc = _crc(part) if part.size <= 64 * MiB else 0
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s2B4HL2L2H",
                b"PK\x03\x04",
                20,
                0,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )  # fmt: skip
        )
        out.write(encoded + data)
        central.write(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                0,
                20,
                0,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
            + encoded
        )
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    count = len(parts)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


def workbook(
    sheet: Part | bytes = b"<worksheet><sheetData/></worksheet>",
    strings: Part | bytes | None = None,
    styles: Part | bytes | None = None,
) -> bytes:
    """A workbook as Excel lays it out, with the parts given."""
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    parts: dict[str, Part | bytes] = {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings is not None:
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        parts["xl/sharedStrings.xml"] = strings
    if styles is not None:
        rels += f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
        parts["xl/styles.xml"] = styles
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PACKAGE}">{rels}</Relationships>'.encode()
    )
    return zip_of(parts)


def sheet_of(rows: Part | bytes) -> Part:
    """A sheet around rows (a Part's head and tail are wrapped)."""
    if isinstance(rows, bytes):
        rows = Part(rows)
    return Part(
        f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + rows.head,
        rows.piece,
        rows.times,
        rows.tail + b"</sheetData></worksheet>",
        rows.declared_size,
    )


@dataclass
class Reading:
    problem: str | None
    rows: int
    peak_mb: float
    seconds: float


READER = """
import json, resource, sys, time
# A reader without bounds fails here (MemoryError) instead of taking the machine.
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
import django
django.setup()
from django.utils import translation
from kzsafety.imports.reading import FileProblem, open_table


def peak_mb():
    # VmHWM: this process since exec; ru_maxrss on Linux also counts the parent it was
    # forked from.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


translation.activate("en")
started, rows, problem = time.monotonic(), 0, None
try:
    with open(sys.argv[1], "rb") as stream, open_table(stream) as table:
        for _row in table.rows():
            rows += 1
except FileProblem as error:
    problem = str(error)
print(json.dumps({
    "problem": problem, "rows": rows, "seconds": time.monotonic() - started,
    "peak_mb": peak_mb(),
}))
"""


def read_in_a_process(content: bytes, tmp_path: Path, suffix: str = ".xlsx") -> Reading:
    """Read a file as the import worker does, in a fresh process: its peak memory (the
    whole process, Django included) and what it said."""
    path = tmp_path / f"upload{suffix}"
    path.write_bytes(content)
    done = subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, "-c", READER, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return Reading(**json.loads(done.stdout.strip().splitlines()[-1]))

"""Deterministic import files at national scale, for the benchmarks (and the tests that
need a big file). The same arguments always give the same bytes.

    python bench/generate.py enterprises 50000 /tmp/enterprises.csv
    python bench/generate.py enterprises 50000 /tmp/enterprises.xlsx

Files are written as a stream: a million rows take no more memory than ten."""

import csv
import datetime
import random
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

REGIONS = ["10", "11", "15", "19", "23", "27", "31", "33", "35", "39",
           "43", "47", "55", "59", "61", "62", "63", "71", "75", "79"]  # fmt: skip
SECTORS = ["state_banking", "education_science", "healthcare", "culture_sport",
           "armed_forces", "sme", "agriculture", "road_transport", "rail_transport",
           "construction_housing", "oil_gas", "mining_metallurgy", "coal", "energy",
           "communications", "other"]  # fmt: skip
CAUSES = ["work_organisation", "victim_negligence", "safety_rules_violation",
          "traffic_rules_violation", "training_shortcomings", "equipment_defects"]  # fmt: skip
EVENT_TYPES = ["road_accident", "fall_from_height", "falling_objects", "moving_machinery",
               "electric_shock", "harmful_substances"]  # fmt: skip
OKED = "ABCDEFGHIJKLMNOPQRSTU"

ENTERPRISE_HEADER = ["bin", "name", "region", "sector", "oked", "headcount", "union_member"]
INSPECTOR_HEADER = ["number", "full_name", "region", "enterprise_bin", "appointed_on",
                    "left_on", "trained_on"]  # fmt: skip
ACCIDENT_HEADER = ["accident_ref", "date", "enterprise_bin", "union_present", "cause",
                   "event_type", "employer_fault_pct", "description", "victim_name",
                   "victim_iin", "victim_sex", "victim_age", "outcome", "victim_died_on",
                   "days_lost"]  # fmt: skip


def _check_digit(first_eleven: str) -> int | None:
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if total == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if total == 10:
            return None
    return total


def valid_number(n: int, base: int = 100_000_000_000) -> str:
    """The n-th valid 12-digit BIN/IIN of a sequence starting at `base`."""
    while True:
        first = f"{base + n:012d}"[:11]
        digit = _check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        n += 10_000_000


def enterprise_bin(n: int) -> str:
    return valid_number(n * 10, base=50_400_000_000)


def enterprises(count: int, seed: int = 7) -> Iterator[list[Any]]:
    rng = random.Random(seed)
    for n in range(count):
        yield [
            enterprise_bin(n),
            f"Enterprise {n:07d} LLP",
            REGIONS[n % len(REGIONS)],
            rng.choice(SECTORS),
            OKED[rng.randrange(len(OKED))],
            rng.randrange(5, 5000),
            "yes" if rng.random() < 0.3 else "no",
        ]


def inspectors(count: int, enterprises_count: int, seed: int = 11) -> Iterator[list[Any]]:
    rng = random.Random(seed)
    for n in range(count):
        e = rng.randrange(enterprises_count)
        appointed = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3600))
        trained = [
            (datetime.date(2021 + i, 1, 1) + datetime.timedelta(days=rng.randrange(360)))
            for i in range(4)
            if rng.random() < 0.7
        ]
        yield [
            f"TI-{n:06d}",
            f"Inspector {n:06d}",
            REGIONS[e % len(REGIONS)],
            enterprise_bin(e),
            appointed,
            "",
            ";".join(d.isoformat() for d in trained),
        ]


def accidents(count: int, enterprises_count: int, seed: int = 13) -> Iterator[list[Any]]:
    """About 1.1 victims per accident, dated July 2020 to June 2025."""
    rng = random.Random(seed)
    victim = 0
    for n in range(count):
        e = rng.randrange(enterprises_count)
        day = datetime.date(2020, 7, 1) + datetime.timedelta(days=rng.randrange(1800))
        shared = [
            f"ACC-{n:06d}",
            day,
            enterprise_bin(e),
            "",
            rng.choice(CAUSES),
            rng.choice(EVENT_TYPES),
            rng.choice([20, 40, 60, 80]),
            "Generated accident",
        ]
        for _ in range(2 if rng.random() < 0.1 else 1):
            victim += 1
            outcome = "fatal" if rng.random() < 0.15 else rng.choice(["light", "severe"])
            yield [
                *shared,
                f"Victim {victim:06d}",
                valid_number(victim, base=800_101_300_000),
                rng.choice("mf"),
                rng.randrange(18, 65),
                outcome,
                day + datetime.timedelta(days=2) if outcome == "fatal" else "",
                rng.randrange(1, 90),
            ]


COUNCIL_HEADER = ["enterprise_bin", "established_on", "union_initiative", "sector",
                  "dissolved_on"]  # fmt: skip


def councils(count: int, enterprises_count: int, seed: int = 23) -> Iterator[list[Any]]:
    """The register of councils (12,500 in the country): one enterprise in four has one,
    one in ten of those had an earlier council, dissolved the day the present one was
    established; a few name a sector other than the enterprise's."""
    rng = random.Random(seed)
    made, e = 0, 0
    while made < count:
        bin_ = enterprise_bin(e % enterprises_count)
        established = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(7000))
        sector = rng.choice(SECTORS) if rng.random() < 0.05 else ""
        if made + 1 < count and rng.random() < 0.1:
            earlier = established - datetime.timedelta(days=rng.randrange(400, 3000))
            yield [bin_, earlier, "no", sector, established]
            made += 1
        yield [bin_, established, "yes" if rng.random() < 0.4 else "no", sector, ""]
        made += 1
        e += 4


INSPECTION_HEADER = ["inspection_ref", "date", "enterprise_bin", "inspector_number", "kind",
                     "work_stopped", "proposals"]  # fmt: skip
VIOLATION_HEADER = ["inspection_ref", "description", "category", "deadline", "status",
                    "eliminated_on"]  # fmt: skip
INSPECTION_KINDS = ["planned"] * 6 + ["unscheduled"] * 2 + ["joint", "follow_up"]
CATEGORIES = ["ppe", "machine_guarding", "electrical_safety", "work_at_height", "fire_safety",
              "sanitary_conditions", "training_briefing", "documentation", ""]  # fmt: skip


def inspections(
    count: int, inspectors_count: int, enterprises_count: int, seed: int = 17
) -> Iterator[list[Any]]:
    """A year of inspections (2025), each by an inspector of `inspectors()` at the
    inspector's enterprise, after the inspector's appointment."""
    staff = [(row[0], row[3]) for row in inspectors(inspectors_count, enterprises_count)]
    rng = random.Random(seed)
    for n in range(count):
        number, bin_ = rng.choice(staff)
        yield [
            f"INS-{n:07d}",
            datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(320)),
            bin_,
            number,
            rng.choice(INSPECTION_KINDS),
            "yes" if rng.random() < 0.04 else "no",
            rng.choice([0, 0, 0, 1, 1, 2, 3]),
        ]


def violations(
    count: int, inspections_count: int, inspectors_count: int, enterprises_count: int
) -> Iterator[list[Any]]:
    """`count` violations of the inspections of `inspections()`, the rows of one inspection
    together, about 1.8 per inspection; 40 % eliminated."""
    rng = random.Random(19)
    made = 0
    while made < count:
        for reference, day, *_rest in inspections(
            inspections_count, inspectors_count, enterprises_count
        ):
            for _ in range(rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])):
                if made == count:
                    return
                made += 1
                eliminated = rng.random() < 0.4
                yield [
                    reference,
                    f"Generated violation {made:07d}: guard missing on the conveyor drive",
                    rng.choice(CATEGORIES),
                    day + datetime.timedelta(days=30),
                    "eliminated" if eliminated else "open",
                    day + datetime.timedelta(days=rng.randrange(1, 60)) if eliminated else "",
                ]


# --- writers ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ","
) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(v) for v in row])


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_PKG = "http://schemas.openxmlformats.org/package/2006"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_SML}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_SML}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    # Style 1 is a date (built-in number format 14).
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" xfId="0"/>'
        '<xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    ),
}
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _cell(ref: str, value: Any, strings: dict[str, int]) -> str:
    """A cell as Excel writes it: with its reference, strings in the shared table."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="1"><v>{(value - EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    index = strings.setdefault(str(value), len(strings))
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A minimal .xlsx as Excel writes it: shared strings, real date cells, one sheet.
    (The shared-strings table is kept in memory while writing, as Excel does.)"""
    letters = [chr(65 + i) for i in range(26)]
    strings: dict[str, int] = {}

    def row_xml(number: int, values: Sequence[Any]) -> str:
        cells = "".join(_cell(f"{letters[i]}{number}", v, strings) for i, v in enumerate(values))
        return f'<row r="{number}">{cells}</row>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            buffer = [row_xml(1, header)]
            for number, row in enumerate(rows, start=2):
                buffer.append(row_xml(number, row))
                if len(buffer) >= 2000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            table.write(f'{_XML}<sst xmlns="{_MAIN}" uniqueCount="{len(strings)}">'.encode())
            texts = list(strings)
            for start in range(0, len(texts), 5000):
                chunk = texts[start : start + 5000]
                table.write("".join(f"<si><t>{escape(t)}</t></si>" for t in chunk).encode())
            table.write(b"</sst>")


GENERATORS = {
    "enterprises": (ENTERPRISE_HEADER, lambda n: enterprises(n)),
    "inspectors": (INSPECTOR_HEADER, lambda n: inspectors(n, max(n * 3, 1))),
    "accidents": (ACCIDENT_HEADER, lambda n: accidents(n, max(n * 10, 1))),
    "councils": (COUNCIL_HEADER, lambda n: councils(n, max(n * 4, 1))),
    "inspections": (INSPECTION_HEADER, lambda n: inspections(n, 16_600, 50_000)),
    "violations": (VIOLATION_HEADER, lambda n: violations(n, 92_000, 16_600, 50_000)),
}


def write(kind: str, count: int, path: Path) -> None:
    header, rows = GENERATORS[kind]
    writer = write_xlsx if path.suffix == ".xlsx" else write_csv
    writer(path, header, rows(count))


if __name__ == "__main__":
    kind, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    write(kind, count, target)
    print(f"wrote {count} {kind} to {target}")

"""Benchmark: a whole year of violations (and of inspections) exported to XLSX as the
worker builds it, on national-scale data in PostgreSQL (issue 16: ≤ 10 s, flat memory).

Creates its own database (BENCH_DATABASE_URL, by default kzsafety_bench_exports on the
server of DATABASE_URL), fills it with the five national years of bench/national.py,
then builds each export in a fresh process through `export_file_build` (the background
task's body: rows of the user's scope and filters, the workbook, the file in storage, the
notification) as federation staff, and prints the time, the process's peak memory, the
rows and the file's size; and the time of fetching the same rows alone, for comparison.

    python bench/bench_exports.py                # generate, measure, drop (≈ 5 minutes)
    python bench/bench_exports.py --keep         # keep the database for --reuse
    python bench/bench_exports.py --reuse        # measure on a kept database
    python bench/bench_exports.py --reuse --openpyxl   # also the writer used before
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import (  # noqa: E402 — after the path above
    NATIONAL_YEARS,
    bench_url,
    django_environment,
    drop_database,
    fill_national,
    recreate_database,
)

TARGET_SECONDS = 10
YEAR = 2025

URL = bench_url("kzsafety_bench_exports")
django_environment(URL)


def peak_mb() -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def staff():
    from kzsafety.accounts.models import Role, User

    user, _created = User.objects.get_or_create(
        username="bench-exports", defaults={"role": Role.FEDERATION_STAFF}
    )
    return user


def run_one(kind: str, writer: str) -> None:
    """In a child process: build one export as the worker does, print JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.http import QueryDict

    from inspections.services import public_control_exports as exports

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="kzsafety-bench-exports-")
    user = staff()
    query = f"year={YEAR}"
    rows = exports.export_rows(user=user, kind=kind, params=QueryDict(query)).count()
    before = peak_mb()
    started = time.perf_counter()
    if writer == "openpyxl":
        size = _openpyxl_export(user, kind, query)
    elif writer == "fetch":
        size = _fetch_only(user, kind, query)
    else:
        name = exports.export_file_build(
            user_id=user.pk, kind=kind, query=query, language="kk", name=f"exports/{kind}.xlsx"
        )
        size = (Path(settings.MEDIA_ROOT) / name).stat().st_size
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "peak_mb": peak_mb(),
                "base_mb": before,
                "size": size,
            }
        )
    )


def _fetch_only(user, kind: str, query: str) -> int:
    from django.http import QueryDict

    from inspections.services import public_control_exports as exports

    columns = exports.EXPORTS[kind]()
    values = (
        exports.export_rows(user=user, kind=kind, params=QueryDict(query))
        .values_list(*(lookup for _header, lookup, _show in columns))
        .iterator(chunk_size=2000)
    )
    return sum(1 for _row in values)


def _openpyxl_export(user, kind: str, query: str) -> int:
    """The writer the exports used before (openpyxl, write-only), for comparison."""
    from django.http import QueryDict
    from django.utils import translation
    from openpyxl import Workbook

    from inspections.services import public_control_exports as exports
    from kzsafety.spreadsheets import cells

    with translation.override("kk"):
        columns = exports.EXPORTS[kind]()
        formats = [show or (lambda value: value) for _header, _lookup, show in columns]
        values = (
            exports.export_rows(user=user, kind=kind, params=QueryDict(query))
            .values_list(*(lookup for _header, lookup, _show in columns))
            .iterator(chunk_size=2000)
        )
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(exports.EXPORT_TITLES[kind]))
        sheet.freeze_panes = "A2"
        sheet.append(cells(sheet, [str(header) for header, _lookup, _show in columns]))
        for row in values:
            sheet.append(cells(sheet, [s(v) for s, v in zip(formats, row, strict=True)]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return len(buffer.getvalue())


def measure(kind: str, writer: str) -> dict:
    output = subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, __file__, "--run", kind, writer],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    load = os.getloadavg()[0]
    size = "—" if writer == "fetch" else f"{result['size'] / 2**20:.1f} MB"
    print(
        f"{kind} {YEAR}, {writer:<9} {result['rows']:>8,} rows {result['seconds']:>6.1f} s  "
        f"peak {result['peak_mb']:>4.0f} MB (before the export {result['base_mb']:.0f} MB)  "
        f"file {size}  (load {load:.1f})",
        flush=True,
    )
    return result


def main() -> int:
    keep, reuse = "--keep" in sys.argv, "--reuse" in sys.argv
    if not reuse:
        recreate_database(URL)
    try:
        if not reuse:
            import django

            django.setup()
            fill_national(NATIONAL_YEARS)
        print(f"PostgreSQL {urlsplit(URL).hostname}, {os.cpu_count()} cores", flush=True)
        slow = []
        for kind in ("violations", "inspections"):
            measure(kind, "fetch")
            result = measure(kind, "streaming")
            if result["seconds"] > TARGET_SECONDS:
                slow.append(kind)
            if "--openpyxl" in sys.argv:
                measure(kind, "openpyxl")
        if slow:
            print(f"above {TARGET_SECONDS} s: {slow}")
    finally:
        if not keep:
            drop_database(URL)
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--run":
        run_one(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())

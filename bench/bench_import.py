"""Benchmark of `import_records` at national scale on PostgreSQL (run by `make bench`).

Creates its own database — BENCH_DATABASE_URL if set, otherwise the server of
DATABASE_URL with the database `kzsafety_bench` (never DATABASE_URL's own database), by
default postgres://postgres@127.0.0.1:5432/kzsafety_bench — migrates it, generates deterministic
files with bench/generate.py, imports each in a fresh process, prints rows per second and
the process's peak memory, and drops the database. Not a test: the numbers go into
docs/performance.md. Target (issue 7): 92,000 inspections and then their 163,000
violations at 5,000 rows/s or more end to end, peak memory under 400 MB; issue 16 raised
the mark to 10,000 rows/s on CSV and 300 MB ("below target" lists the runs under it).

    python bench/bench_import.py            # the whole benchmark (a few minutes)
    python bench/bench_import.py --quick    # a tenth of the sizes, no million-row file
    python bench/bench_import.py --only accidents   # some kinds (and what they need)

Accidents (issue 16): five national years, 6,250 accidents, imported in bulk by the rules
of accident_save, at 2,000 rows/s or more. Every other kind (councils: the country's
12,500, in bulk by the rules of council_save; inspectors as CSV, and as XLSX in a dry run)
at 10,000 rows/s on CSV (issue 16) and 5,000 on XLSX (issue 7).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import bench_url, drop_database, recreate_database  # noqa: E402

TARGET_ROWS_PER_SECOND = 10_000  # issue 16 (issue 7 asked 5,000)
TARGET_PEAK_MB = 300
TARGET_ACCIDENT_ROWS_PER_SECOND = 2_000
NEEDS = {
    "enterprises": set(),
    "inspectors": {"enterprises"},
    "accidents": {"enterprises"},
    "councils": {"enterprises"},
    "inspections": {"enterprises", "inspectors"},
    "violations": {"enterprises", "inspectors", "inspections"},
}

ENV = {
    "DEBUG": "0",  # DEBUG keeps every query in memory
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "localhost",
    "DJANGO_SETTINGS_MODULE": "kzsafety.settings",
    "LOG_LEVEL": "WARNING",
}


def run_one(kind: str, path: str, dry_run: bool) -> None:
    """In a child process: import one file and print the measurements as JSON."""
    import django

    django.setup()
    from kzsafety.imports.engine import import_file

    started, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as stream:
        result = import_file(kind=kind, stream=stream, user=None, dry_run=dry_run)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "errors": [str(e) for e in result.errors[:5]],
                "seconds": seconds,
                "cpu": cpu,
                "peak_mb": peak_mb,
            }
        )
    )


def measure(kind: str, path: Path, env: dict, label: str, dry_run: bool = False) -> dict:
    started = time.perf_counter()
    output = subprocess.run(  # noqa: S603 — our own interpreter and script
        [sys.executable, __file__, "--run", kind, str(path), *(["--dry-run"] if dry_run else [])],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    wall = time.perf_counter() - started
    result = json.loads(output.strip().splitlines()[-1])
    if result["errors"]:
        raise SystemExit(f"{label}: import failed: {result['errors']}")
    rate = result["rows"] / result["seconds"]
    size_mb = path.stat().st_size / 2**20
    load = os.getloadavg()[0]
    print(
        f"{label:<44} {result['rows']:>9,} rows {result['seconds']:>7.1f} s "
        f"{rate:>8,.0f} rows/s  peak {result['peak_mb']:>5.0f} MB  "
        f"(cpu {result['cpu']:.1f} s, file {size_mb:.1f} MB, process {wall:.1f} s; "
        f"created {result['created']:,}, "
        f"updated {result['updated']:,}, unchanged {result['unchanged']:,}; load {load:.1f})",
        flush=True,
    )
    return {**result, "rate": rate, "label": label}


def main(quick: bool, only: set[str] | None = None) -> int:
    from bench import generate

    # The benchmark's own database; dropping it must never touch anyone's data.
    url = bench_url("kzsafety_bench")
    env = {**os.environ, **ENV, "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    scale = 10 if quick else 1
    # A national year: ~16,600 inspectors, ~1,300 accidents; enterprises over five years.
    enterprises, inspectors = 50_000 // scale, 16_600 // scale
    accidents = 6_250 // scale  # five national years (bench/national.py)
    councils = 12_500 // scale  # the country's register
    # A national year of public control: the 92,000 inspections, 163,000 violations.
    inspections, violations = 92_000 // scale, 163_000 // scale
    recreate_database(url)
    results = []
    try:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            env=env,
            check=True,
            cwd=ROOT,
        )
        with tempfile.TemporaryDirectory(prefix="kzsafety-bench-") as folder:
            files = Path(folder)
            plan = [
                ("enterprises", enterprises, ".csv", generate.enterprises(enterprises)),
                (
                    "inspectors",
                    inspectors,
                    ".csv",
                    generate.inspectors(inspectors, enterprises),
                ),
                ("councils", councils, ".csv", generate.councils(councils, enterprises)),
                ("accidents", accidents, ".xlsx", generate.accidents(accidents, enterprises)),
                (
                    "inspections",
                    inspections,
                    ".csv",
                    generate.inspections(inspections, inspectors, enterprises),
                ),
                (
                    "violations",
                    violations,
                    ".csv",
                    generate.violations(violations, inspections, inspectors, enterprises),
                ),
            ]
            if only:
                wanted = set(only).union(*(NEEDS[kind] for kind in only))
                plan = [step for step in plan if step[0] in wanted]
            headers = {
                "enterprises": generate.ENTERPRISE_HEADER,
                "inspectors": generate.INSPECTOR_HEADER,
                "councils": generate.COUNCIL_HEADER,
                "accidents": generate.ACCIDENT_HEADER,
                "inspections": generate.INSPECTION_HEADER,
                "violations": generate.VIOLATION_HEADER,
            }
            print(f"PostgreSQL {urlsplit(url).hostname}, {os.cpu_count()} cores", flush=True)
            for kind, count, suffix, rows in plan:
                path = files / f"{kind}{suffix}"
                writer = generate.write_xlsx if suffix == ".xlsx" else generate.write_csv
                writer(path, headers[kind], rows)
                # A dry run does the same work and rolls it back: on a shared machine the
                # better of the two is the fairer figure; both are printed.
                label = f"{kind} ({count:,}, {suffix}, new)"
                if kind == "inspectors":  # as XLSX too, while they are still new
                    xlsx_path = files / "inspectors.xlsx"
                    generate.write_xlsx(
                        xlsx_path, headers[kind], generate.inspectors(inspectors, enterprises)
                    )
                    xlsx_label = f"{kind} ({count:,}, .xlsx, new) dry run"
                    results.append(measure(kind, xlsx_path, env, xlsx_label, dry_run=True))
                results.append(measure(kind, path, env, f"{label} dry run", dry_run=True))
                if kind == "accidents":
                    csv_path = files / "accidents.csv"
                    generate.write_csv(
                        csv_path, headers[kind], generate.accidents(accidents, enterprises)
                    )
                    results.append(
                        measure(kind, csv_path, env, f"{kind} ({count:,}, .csv, new) dry run", True)
                    )
                results.append(measure(kind, path, env, label))
                if kind == "accidents":  # the same again: every report found unchanged
                    results.append(measure(kind, csv_path, env, f"{kind} ({count:,}, .csv, again)"))
            both = [r for r in results if r["label"].split(" ")[0] in ("inspections", "violations")]
            both = [r for r in both if not r["label"].endswith("dry run")]
            if both:
                rows, seconds = sum(r["rows"] for r in both), sum(r["seconds"] for r in both)
                print(
                    f"{'inspections then violations, end to end':<44} {rows:>9,} rows "
                    f"{seconds:>7.1f} s {rows / seconds:>8,.0f} rows/s",
                    flush=True,
                )
            if only:
                return _verdict(results)
            again = files / "inspections.xlsx"
            generate.write_xlsx(
                again,
                headers["inspections"],
                generate.inspections(inspections, inspectors, enterprises),
            )
            results.append(
                measure("inspections", again, env, f"inspections ({inspections:,}, .xlsx, again)")
            )
            xlsx = files / "enterprises.xlsx"
            generate.write_xlsx(xlsx, headers["enterprises"], generate.enterprises(enterprises))
            results.append(
                measure("enterprises", xlsx, env, f"enterprises ({enterprises:,}, .xlsx, again)")
            )
            if not quick:
                million = files / "million.csv"
                generate.write_csv(
                    million, headers["enterprises"], generate.enterprises(1_000_000, seed=3)
                )
                results.append(
                    measure("enterprises", million, env, "enterprises (1,000,000, .csv, mixed)")
                )
    finally:
        drop_database(url)
    return _verdict(results)


def _verdict(results: list[dict]) -> int:
    def target(result: dict) -> int:
        if result["label"].startswith("accidents"):
            return TARGET_ACCIDENT_ROWS_PER_SECOND
        if ".xlsx" in result["label"]:
            return 5_000  # issue 16's mark is on CSV; XLSX keeps issue 7's
        return TARGET_ROWS_PER_SECOND

    slow = [r["label"] for r in results if r["rate"] < target(r)]
    heavy = [r["label"] for r in results if r["peak_mb"] >= TARGET_PEAK_MB]
    if slow or heavy:
        print(f"below target: {slow + heavy}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--run":
        run_one(sys.argv[2], sys.argv[3], dry_run="--dry-run" in sys.argv)
    else:
        only = None
        if "--only" in sys.argv:
            only = set(sys.argv[sys.argv.index("--only") + 1].split(","))
        sys.exit(main(quick="--quick" in sys.argv, only=only))

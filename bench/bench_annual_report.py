"""Benchmark: the whole annual report (five-year window) on national-scale data in
PostgreSQL. Creates its own database, fills it with bench/national.py, times the report
(JSON and workbook), prints the numbers and drops the database.

    make bench                       # runs every bench/bench_*.py
    .venv/bin/python bench/bench_annual_report.py --keep   # keep the database afterwards
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402 — after the path above
    bench_url,
    django_environment,
    drop_database,
    fill_national,
    recreate_database,
)

BENCH_URL = bench_url("kzsafety_bench_stats")
django_environment(BENCH_URL)


def main() -> None:
    keep = "--keep" in sys.argv
    reuse = "--reuse" in sys.argv
    if not reuse:
        recreate_database(BENCH_URL)
    import django

    django.setup()
    from django.db import connection

    from kzsafety.statistics.annual import build_report
    from kzsafety.statistics.workbook import write_workbook

    years = [2021, 2022, 2023, 2024, 2025]
    if not reuse:
        print("annual report benchmark: generating national-scale data")
        fill_national(years)

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        report = build_report(2025, 5)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    workbook = write_workbook(report, "kk")
    workbook_time = time.perf_counter() - started
    print(
        "annual report, 5-year window, national data: "
        f"best {min(timings):.2f} s, median {sorted(timings)[2]:.2f} s, first {timings[0]:.2f} s "
        f"(target ≤ 2 s); workbook {workbook_time:.2f} s, {len(workbook) / 1024:.0f} KiB"
    )
    print(
        f"  2025: accidents {report['accidents'][0]['values']['2025']}, "
        f"inspections {report['public_control']['inspections']}, "
        f"violations {report['public_control']['violations_found']}, "
        f"councils {report['councils']['by_year'][-1]['total']}, "
        f"inspectors {report['inspectors']['total']}"
    )
    connection.close()
    if not keep:
        drop_database(BENCH_URL)


if __name__ == "__main__":
    main()

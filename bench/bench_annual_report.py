"""Benchmark: the whole annual report (five-year window) on national-scale data in
PostgreSQL. Creates its own database, fills it with bench/national.py, times the report
(JSON and workbook), prints the numbers and drops the database.

    make bench                       # runs every bench/bench_*.py
    .venv/bin/python bench/bench_annual_report.py --keep   # keep the database afterwards
"""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kzsafety_bench_stats"
)
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzsafety.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ["DEBUG"] = "0"
os.environ.pop("REDIS_URL", None)


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')


def main() -> None:
    keep = "--keep" in sys.argv
    reuse = "--reuse" in sys.argv
    if not reuse:
        recreate_database(BENCH_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.national import generate
    from kzsafety.statistics.annual import build_report
    from kzsafety.statistics.workbook import write_workbook

    years = [2021, 2022, 2023, 2024, 2025]
    if not reuse:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        print("annual report benchmark: generating national-scale data")
        sizes = generate(years)
        print(f"  generated in {time.perf_counter() - started:.0f} s: {sizes}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

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

"""What the benchmarks share: a database of their own on the PostgreSQL server (made,
filled with the national years of bench/national.py, dropped), and the environment of a
Django process run as in production (DEBUG off, which also keeps no query log).

A benchmark's database is never DATABASE_URL's own: only its server is borrowed."""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NATIONAL_YEARS = [2021, 2022, 2023, 2024, 2025]
LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "benchmark-only-secret-key-0123456789abcdefghijklmnop"  # noqa: S105


def server_url(name: str) -> str:
    """The database `name` on the server of DATABASE_URL (the local server when
    DATABASE_URL is unset or not PostgreSQL)."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = LOCAL_SERVER
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def bench_url(name: str, variable: str = "BENCH_DATABASE_URL") -> str:
    """`variable` if set, otherwise the database `name` on the server of DATABASE_URL."""
    return os.environ.get(variable) or server_url(name)


def _admin(url: str, *statements: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.format(name=name))


def recreate_database(url: str) -> None:
    """An empty database at `url`, dropping any left from an earlier run."""
    _admin(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', 'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    _admin(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_environment(url: str) -> dict:
    """Point this process's Django at `url` with DEBUG off and no Redis (tasks in-process,
    local-memory cache); returns the same variables for child processes."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzsafety.settings")
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    os.environ.pop("REDIS_URL", None)
    return dict(os.environ)


def fill_national(years: list[int] = NATIONAL_YEARS, log=print) -> dict:
    """Migrate the (empty) database Django is set up on, generate the national years and
    VACUUM ANALYZE, so that plans and index-only scans are those of a settled database."""
    from django.core.management import call_command
    from django.db import connection

    from bench.national import generate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sizes = generate(years, log=log)
    log(f"  generated in {time.perf_counter() - started:.0f} s: {sizes}")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"  VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")
    connection.close()
    return sizes

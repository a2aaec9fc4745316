"""Benchmark and demonstration: a real streaming replica of the local PostgreSQL, the
statistics page read from it, and what a user who just wrote sees.

1. Checks that the primary takes replication connections from 127.0.0.1 (pg_hba.conf).
   If not, and the script runs as root, it adds the one line
       host replication all 127.0.0.1/32 trust
   to the primary's pg_hba.conf and reloads; otherwise it prints that line and stops.
2. Copies the primary with `pg_basebackup -X stream -R` into a temporary directory and
   starts it as a hot standby on port 5433 (REPLICA_PORT) with the PostgreSQL binaries of
   /usr/lib/postgresql/*/bin (as the postgres user when run as root).
3. Measures the replica's lag (a commit on the primary until the replica has replayed it).
4. In a Django process with DATABASE_URL (the primary) and DATABASE_REPLICA_URL (the
   replica): times the statistics page read from the replica and from the primary; then
   pauses the replica's replay (as a lagging replica would be), commits a new accident on
   the primary, and shows the page without the pin cookie (the replica: the old count)
   and with the cookie a write request sets (the primary: the new count); then resumes.
5. Stops the replica and removes its directory (and the database, if it made one).

    python bench/bench_replica.py                      # its own database, one national year
    python bench/bench_replica.py --database kz_bench  # an existing (e.g. kept) database
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import drop_database, recreate_database  # noqa: E402

REPLICA_PORT = int(os.environ.get("REPLICA_PORT", "5433"))
HBA_LINE = "host replication all 127.0.0.1/32 trust"
BASE = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _url(name: str, port: int | None = None) -> str:
    parts = urlsplit(BASE)
    netloc = parts.netloc if port is None else f"{parts.netloc.rsplit(':', 1)[0]}:{port}"
    return urlunsplit(parts._replace(path=f"/{name}", netloc=netloc))


def _sql(url: str, sql: str, *params):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(sql, params or None)
        return rows.fetchall() if rows.description else None


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else name


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def allow_replication(admin: str) -> None:
    hba = _sql(admin, "SHOW hba_file")[0][0]
    rules = _sql(
        admin,
        "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) "
        "AND type IN ('host', 'hostssl', 'hostnossl') AND error IS NULL",
    )[0][0]
    if rules:
        return
    if os.geteuid() != 0:
        raise SystemExit(
            f"The primary takes no replication connections; add to {hba}:\n    {HBA_LINE}\n"
            "and reload PostgreSQL (SELECT pg_reload_conf())."
        )
    with open(hba, "a") as file:
        file.write(f"\n# added by kzsafety bench/bench_replica.py\n{HBA_LINE}\n")
    _sql(admin, "SELECT pg_reload_conf()")
    print(f"added to {hba}: {HBA_LINE}", flush=True)


def start_replica(folder: Path) -> Path:
    data = folder / "data"
    primary = urlsplit(BASE)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        _as_postgres(
            [
                _bin("pg_basebackup"),
                "-h",
                primary.hostname or "127.0.0.1",
                "-p",
                str(primary.port or 5432),
                "-U",
                primary.username or "postgres",
                "-D",
                str(data),
                "-X",
                "stream",
                "-R",
                "-c",
                "fast",
            ]
        ),  # fmt: skip
        check=True,
    )
    print(f"pg_basebackup: {time.perf_counter() - started:.1f} s", flush=True)
    # Debian keeps the configuration outside the data directory: give the copy its own.
    (data / "postgresql.conf").write_text(
        f"port = {REPLICA_PORT}\nlisten_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{folder}'\nhot_standby = on\n"
        "max_standby_streaming_delay = 30s\n"
    )
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (data / "pg_ident.conf").write_text("")
    if os.geteuid() == 0:
        shutil.chown(data / "postgresql.conf", "postgres", "postgres")
        shutil.chown(data / "pg_hba.conf", "postgres", "postgres")
        shutil.chown(data / "pg_ident.conf", "postgres", "postgres")
    subprocess.run(  # noqa: S603
        _as_postgres([_bin("pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "start"]),
        check=True,
    )
    return data


def stop_replica(folder: Path, data: Path) -> None:
    subprocess.run(  # noqa: S603
        _as_postgres([_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
        check=False,
    )


def measure_lag(primary: str, replica: str, times: int = 20) -> list[float]:
    """Milliseconds from a commit on the primary until the replica has replayed it."""
    import psycopg

    lags = []
    with psycopg.connect(primary, autocommit=True) as p, psycopg.connect(replica) as r:
        p.execute("CREATE TABLE IF NOT EXISTS bench_replica_lag (at timestamptz)")
        for _ in range(times):
            p.execute("INSERT INTO bench_replica_lag VALUES (now())")
            lsn = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
            started = time.perf_counter()
            while not r.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[
                0
            ]:
                r.rollback()
                time.sleep(0.0005)
            r.rollback()
            lags.append((time.perf_counter() - started) * 1000)
        p.execute("DROP TABLE bench_replica_lag")
    return lags


def django_part() -> None:
    """In a child process with DATABASE_URL and DATABASE_REPLICA_URL set."""
    import django

    django.setup()
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from inspections.models import Accident, AccidentStatus, Victim
    from kzsafety.accounts.models import Role, User
    from kzsafety.directories.models import Enterprise
    from kzsafety.replica import PIN_COOKIE

    setup_test_environment()  # the test client records the page's context
    from django.conf import settings

    # Pages render without `collectstatic` having been run for this checkout.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    user, _new = User.objects.get_or_create(
        username="bench-replica", defaults={"role": Role.FEDERATION_STAFF}
    )
    url = reverse("statistics:annual")
    client = Client()
    client.force_login(user)

    def page(pinned: bool) -> tuple[int, float, int, int]:
        client.cookies.pop(PIN_COOKIE, None)
        if pinned:
            client.cookies[PIN_COOKIE] = str(int(time.time()) + 30)
        with (
            CaptureQueriesContext(connections["replica"]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_primary,
        ):
            started = time.perf_counter()
            response = client.get(url, {"year": 2025}, secure=True)
            seconds = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        rows = response.context["report"]["accidents"]
        count = next(
            r for r in rows
            if (r["indicator"], r["scope"], r["source"]) == ("accidents", "all", "monitoring")
        )["values"]["2025"]  # fmt: skip
        return count, seconds, len(on_replica), len(on_primary)

    for pinned in (False, True):
        page(pinned)  # warm up
        timings = sorted(page(pinned)[1] for _ in range(5))
        where = "primary (pinned)" if pinned else "replica"
        print(f"statistics page 2025 from the {where}: median {timings[2] * 1000:.0f} ms, "
              f"best {timings[0] * 1000:.0f} ms", flush=True)  # fmt: skip

    # A lagging replica, made certain: replay paused while a user writes.
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    # Any request other than GET/HEAD/OPTIONS/TRACE pins (here: asking for the workbook).
    response = client.post(reverse("statistics:export_create"), {}, secure=True)
    pin = response.cookies.get(PIN_COOKIE)
    print(f"a write request (POST) sets {PIN_COOKIE} for {pin['max-age']} s", flush=True)
    before = page(pinned=False)
    accident = Accident.objects.create(
        enterprise=Enterprise.objects.order_by("pk").first(),
        date="2025-06-01",
        status=AccidentStatus.SUBMITTED,
        reference=f"BENCH-REPLICA-{time.time_ns()}",
    )
    Victim.objects.create(accident=accident, outcome="light", full_name="Bench")
    other = page(pinned=False)
    writer = page(pinned=True)
    print(json.dumps({"before": before, "after, another user": other, "after, the writer": writer}))
    print(f"replay paused: another user (replica) sees {other[0]} accidents "
          f"({other[2]} queries on the replica); the user who wrote (pinned, "
          f"{writer[3]} queries on the primary, {writer[2]} on the replica) sees {writer[0]}",
          flush=True)  # fmt: skip
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    for _ in range(200):
        caught_up = page(pinned=False)
        if caught_up[0] == writer[0]:
            break
        time.sleep(0.05)
    print(f"replay resumed: the replica shows {caught_up[0]}", flush=True)
    Victim.objects.filter(accident=accident).delete()
    accident.delete()
    ok = other[0] == before[0] and writer[0] == before[0] + 1 and writer[2] == 0
    print("lag handling: " + ("as expected" if ok else "NOT as expected"), flush=True)


def main() -> int:
    admin = _url("postgres")
    name = None
    if "--database" in sys.argv:
        name = sys.argv[sys.argv.index("--database") + 1]
    made = name is None
    if made:
        name = "kzsafety_bench_replica"
        recreate_database(_url(name))
    env = {
        **os.environ,
        "DATABASE_URL": _url(name),
        "DJANGO_SETTINGS_MODULE": "kzsafety.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghij"),
        "ALLOWED_HOSTS": "testserver,localhost",
        "DEBUG": "0",
    }
    env.pop("REDIS_URL", None)
    folder = Path(tempfile.mkdtemp(prefix="kzsafety-replica-"))
    data = None
    try:
        if made:
            generate = "from bench.national import generate; generate([2025])"
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True
            )
            subprocess.run(  # noqa: S603
                [sys.executable, "-c", f"import django; django.setup(); {generate}"],
                env={**env, "PYTHONPATH": str(ROOT)},
                cwd=ROOT,
                check=True,
            )
        allow_replication(admin)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        data = start_replica(folder)
        primary, replica = _url(name), _url(name, REPLICA_PORT)
        assert _sql(replica, "SELECT pg_is_in_recovery()")[0][0], "not a standby"
        lags = sorted(measure_lag(primary, replica))
        print(f"replica lag over {len(lags)} commits: median {lags[len(lags) // 2]:.1f} ms, "
              f"max {lags[-1]:.1f} ms", flush=True)  # fmt: skip
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--django"],
            env={**env, "DATABASE_REPLICA_URL": replica, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            check=True,
        )
    finally:
        if data is not None:
            stop_replica(folder, data)
        shutil.rmtree(folder, ignore_errors=True)
        if made:
            drop_database(_url(name))
    return 0


if __name__ == "__main__":
    if "--django" in sys.argv:
        django_part()
    else:
        sys.exit(main())

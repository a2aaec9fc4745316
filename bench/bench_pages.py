"""Benchmark: the pages of issue 16 under load, served as in production (gunicorn, 4 sync
workers, DEBUG off, Redis cache, persistent database connections) on the national data,
driven by wrk side by side with /health/ (the framework's floor on the same machine).

For each page, logged in as a persona through a session cookie:
  (a) one user: wrk -t1 -c1, p50 and p95 latency, after a short warm-up;
  (b) 50 connections: wrk -t2 -c50, requests/s, answers other than 200 and socket errors,
      and /health/'s requests/s divided by the page's (measured in the same run);
plus the CPU the app's workers and their database backends spent per request, a figure
that depends less than wall time on what else the machine is doing.
Targets (issue 16 item 1): one-user p95 <= 100 ms, 50-connection throughput within 5x of
/health/, no errors. A missed target prints a FAIL line; the exit status is still 0 (this
is a measurement). A page that does not answer 200 before the measurement exits 1.

    python bench/bench_pages.py                 # own database: generate (~10 min), measure, drop
    python bench/bench_pages.py --keep          # ... and keep kzsafety_bench_pages
    python bench/bench_pages.py --reuse         # BENCH_PAGES_DATABASE_URL or kz_national as is
    python bench/bench_pages.py --reuse --seconds 5 --only home,statistics

Needs wrk (Debian: apt-get install wrk; skipped with a message when missing), gunicorn
(the dev extra), PostgreSQL and Redis (REDIS_URL of the served app: BENCH_PAGES_REDIS_URL,
by default redis://127.0.0.1:6379/6, a Redis database of its own: the script empties it at
the start, so that no cached page of another database or run is served). In the database it
uses it creates three users (bench-pages-*), links the inspector to a free registry record
at the enterprise with the most inspections, and logs them in (sessions, deleted at the end).
"""

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import (  # noqa: E402 — after the path above
    SECRET_KEY,
    django_environment,
    drop_database,
    fill_national,
    recreate_database,
    server_url,
)

TARGET_P95_MS = 100
TARGET_RATIO = 5
WORKERS = 4
CONNECTIONS = 50
APP_NAME = "kzsafety-bench-pages"  # the workers' database backends, for their CPU time
REDIS_URL = os.environ.get("BENCH_PAGES_REDIS_URL", "redis://127.0.0.1:6379/6")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# key (for --only), label, persona, URL name, arguments, query string
PAGES = [
    ("home", "home, federation staff", "federation", "home", (), ""),
    ("statistics", "statistics 2025, federation staff", "federation", "statistics:annual", (),
     "?year=2025"),
    ("accidents", "accident list, federation staff", "federation",
     "inspections:accident_list", (), ""),
    ("violations", "violation list, federation staff", "federation",
     "inspections:violation_list", (), ""),
    ("violations-overdue", "violation list, overdue, federation staff", "federation",
     "inspections:violation_list", (), "?overdue=yes"),
    ("inspections-federation", "inspection list, federation staff", "federation",
     "inspections:inspection_list", (), ""),
    ("inspections-regional", "inspection list, regional staff", "regional",
     "inspections:inspection_list", (), ""),
    ("inspections-inspector", "inspection list, inspector", "inspector",
     "inspections:inspection_list", (), ""),
    ("inspection-detail", "inspection detail, inspector", "inspector",
     "inspections:inspection_detail", ("inspection",), ""),
]  # fmt: skip

# wrk counts only 4xx/5xx as errors; the benchmark wants every answer to be a 200 (a 302
# to the log-in page would be fast and wrong). Percentiles for p95, which --latency lacks.
LUA = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  not200 = 0
end
function response(status, headers, body)
  if status ~= 200 then
    not200 = not200 + 1
  end
end
function done(summary, latency, requests)
  local other = 0
  for _, thread in ipairs(threads) do
    other = other + thread:get("not200")
  end
  local e = summary.errors
  io.write(string.format(
    "KZSAFETY requests=%.0f duration_us=%.0f p50_us=%.0f p95_us=%.0f p99_us=%.0f "
    .. "max_us=%.0f not200=%.0f connect=%.0f read=%.0f write=%.0f timeout=%.0f\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, other, e.connect, e.read, e.write, e.timeout))
end
"""


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- The database: personas and their sessions ---------------------------------------------


def _user(username: str, **fields):
    from kzsafety.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username)
        user.set_unusable_password()
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    return user


def make_personas() -> dict:
    """Federation staff, regional staff of the region with the most enterprises, and an
    inspector whose registry record is at the enterprise with the most inspections; each
    logged in once (a session in the database, as the log-in form makes it)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db.models import Count
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from inspections.access import inspections_visible_to
    from inspections.models import Inspection
    from kzsafety.accounts.models import Role
    from kzsafety.directories.models import Region, TechnicalInspector

    none = {"enterprise": None, "region": None, "sector": None}
    federation = _user("bench-pages-federation", role=Role.FEDERATION_STAFF, **none)
    region = Region.objects.annotate(n=Count("enterprises")).order_by("-n", "code").first()
    regional = _user("bench-pages-regional", role=Role.REGIONAL_STAFF, **{**none, "region": region})

    record = TechnicalInspector.objects.filter(user__username="bench-pages-inspector").first()
    if record is None or record.enterprise_id is None:
        today = timezone.localdate()
        free = TechnicalInspector.objects.filter(
            user__isnull=True, enterprise__isnull=False, left_on__isnull=True,
            appointed_on__lte=today,
        )  # fmt: skip
        busiest = (
            Inspection.objects.filter(enterprise__in=free.values("enterprise"))
            .values("enterprise")
            .annotate(n=Count("pk"))
            .order_by("-n", "enterprise")
            .first()
        )
        if busiest is None:
            raise SystemExit("no active registry record at an enterprise with inspections")
        record = free.filter(enterprise_id=busiest["enterprise"]).order_by("pk").first()
    inspector = _user(
        "bench-pages-inspector", role=Role.INSPECTOR, **{**none, "enterprise": record.enterprise}
    )
    if record.user_id != inspector.pk:
        # Only the link: a plain update, so the registry's history gains no benchmark row.
        TechnicalInspector.objects.filter(pk=record.pk).update(user=inspector)
    inspection = (
        inspections_visible_to(inspector).filter(enterprise_id=record.enterprise_id)
        .order_by("-date", "-pk").values_list("pk", flat=True).first()
    )  # fmt: skip

    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    sessions = {}
    for name, user in (("federation", federation), ("regional", regional),
                       ("inspector", inspector)):  # fmt: skip
        store = store_class()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        sessions[name] = store.session_key
    counts = {
        "federation": Inspection.objects.count(),
        "regional": inspections_visible_to(regional).count(),
        "inspector": inspections_visible_to(inspector).count(),
    }
    print(
        f"personas: regional staff of {region.code} ({counts['regional']:,} inspections), "
        f"inspector {record.number} at enterprise {record.enterprise_id} "
        f"({counts['inspector']} inspections, detail page of #{inspection}); "
        f"federation staff sees {counts['federation']:,}",
        flush=True,
    )
    return {
        "sessions": sessions,
        "cookie": settings.SESSION_COOKIE_NAME,
        "ids": {"inspection": inspection},
    }


def forget_sessions(keys) -> None:
    from django.contrib.sessions.models import Session
    from django.db import connection

    Session.objects.filter(session_key__in=list(keys)).delete()
    connection.close()


# --- The server --------------------------------------------------------------------------


def empty_cache(url: str) -> None:
    """A cold cache that belongs to this database: the served app's Redis database is
    shared by nothing else (FLUSHDB), and its cache keys do not name the database."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(url: str, static_root: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kzsafety.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", SECRET_KEY),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "CONN_MAX_AGE": "60",
        # Plain http on localhost: no redirect to https, cookies not limited to https.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "PGAPPNAME": APP_NAME,
    }
    env.pop("DATABASE_REPLICA_URL", None)
    return env


def start_server(env: dict, port: int, log: Path, access: Path) -> subprocess.Popen:
    # The manifest storage of DEBUG off needs collected static files to render any page.
    subprocess.run(  # noqa: S603 — our own interpreter
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "kzsafety.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "--error-logfile", str(log), "--access-logfile", str(access),
         "--access-logformat", "%(s)s %(r)s"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            if get(port, "/health/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer /health/ within 60 s: {log.read_text()[-2000:]}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def get(port: int, path: str, cookie: str = "", timeout: float = 120) -> tuple[int, int, str]:
    """One request: the status, the body's size and the Location header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body), response.getheader("Location") or ""
    finally:
        connection.close()


class AccessLog:
    """What the server answered, from gunicorn's access log: every request it served,
    including those wrk gave up on when it stopped (left in the listen backlog, served
    to a closed connection), which cost CPU like the others."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def mark(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def since(self, path: str) -> Counter:
        """Statuses of the requests for `path` logged since the mark."""
        with self.path.open("rb") as file:
            file.seek(self.offset)
            lines = file.read().decode(errors="replace").splitlines()
        statuses = Counter()
        for line in lines:
            parts = line.split()  # "200 GET /path?query HTTP/1.1"
            if len(parts) >= 3 and parts[2] == path:
                statuses[int(parts[0])] += 1
        return statuses


# --- CPU time of the workers and their database backends -----------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def _cpu_seconds(pid: int) -> float | None:
    fields = _stat(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class CpuMeter:
    """CPU seconds of gunicorn's workers (children of the master) and of the PostgreSQL
    backends they opened (by application name; parallel-query helpers and backends that
    ended during a run are not counted, so the database share is a lower bound)."""

    def __init__(self, master: int, url: str):
        import psycopg

        self.master = master
        self.connection = psycopg.connect(url, autocommit=True)

    def close(self) -> None:
        self.connection.close()

    def _pids(self) -> tuple[list[int], list[int]]:
        workers = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = _stat(int(entry.name))
                if fields is not None and int(fields[1]) == self.master:
                    workers.append(int(entry.name))
        backends = [
            row[0]
            for row in self.connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APP_NAME]
            )
        ]
        return workers, backends

    def sample(self) -> dict:
        workers, backends = self._pids()
        return {
            kind: {pid: cpu for pid in pids if (cpu := _cpu_seconds(pid)) is not None}
            for kind, pids in (("app", workers), ("db", backends))
        }

    @staticmethod
    def spent(before: dict, after: dict) -> dict:
        return {
            kind: sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in after[kind].items())
            for kind in ("app", "db")
        }

    def settle(self, port: int, limit: float = 180) -> None:
        """Wait until the workers are idle: wrk leaves requests queued in the listen backlog
        when it stops, and the workers still serve them."""
        deadline = time.monotonic() + limit
        get(port, "/health/", timeout=limit)  # answered once the backlog ahead is served
        while time.monotonic() < deadline:
            before = self.sample()["app"]
            time.sleep(0.5)
            after = self.sample()["app"]
            if sum(after.get(pid, 0) - cpu for pid, cpu in before.items()) < 0.05:
                return


# --- wrk ---------------------------------------------------------------------------------


def wrk(
    port: int, path: str, cookie: str, threads: int, connections: int, seconds: int, lua: Path
) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s",
               "-s", str(lua), f"http://127.0.0.1:{port}{path}"]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("KZSAFETY "))
    values = {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}
    requests = values["requests"]
    return {
        "requests": int(requests),
        "rps": requests / (values["duration_us"] / 1e6),
        "p50": values["p50_us"] / 1000,
        "p95": values["p95_us"] / 1000,
        "p99": values["p99_us"] / 1000,
        "not200": int(values["not200"]),
        "socket": int(sum(values[k] for k in ("connect", "read", "write", "timeout"))),
        "socket_detail": {k: int(values[k]) for k in ("connect", "read", "write", "timeout")},
    }


def measure(
    port: int,
    label: str,
    path: str,
    cookie: str,
    seconds: int,
    lua: Path,
    meter: CpuMeter,
    access: AccessLog,
) -> dict:
    warm = max(1, min(3, seconds // 3))
    wrk(port, path, cookie, 1, WORKERS, warm, lua)  # every worker renders the page once
    meter.settle(port)
    result = {}
    for name, threads, connections in (("one", 1, 1), ("many", 2, CONNECTIONS)):
        access.mark()
        before, started = meter.sample(), time.perf_counter()
        run = wrk(port, path, cookie, threads, connections, seconds, lua)
        meter.settle(port)  # the backlog's requests cost CPU too: count them
        spent, wall = meter.spent(before, meter.sample()), time.perf_counter() - started
        statuses = access.since(path)
        run["served"] = served = sum(statuses.values())
        run["not200"] = max(run["not200"], served - statuses[200])
        run["cpu_app_ms"] = spent["app"] * 1000 / max(served, 1)
        run["cpu_db_ms"] = spent["db"] * 1000 / max(served, 1)
        run["cpu_app_s"], run["cpu_db_s"], run["wall_s"] = spent["app"], spent["db"], wall
        result[name] = run
        print(
            f"  {label:<42} {connections:>2} conn: {run['requests']:>5} answers "
            f"{run['rps']:>6.1f}/s  p50 {run['p50']:>6.0f}  p95 {run['p95']:>6.0f}  "
            f"p99 {run['p99']:>6.0f} ms  not 200: {run['not200']}  socket errors: "
            f"{run['socket']}  served {served} in {wall:.0f} s, CPU {spent['app']:.1f} s app "
            f"+ {spent['db']:.1f} s db = {run['cpu_app_ms']:.0f} + {run['cpu_db_ms']:.0f} ms "
            f"a request (load {load()})",
            flush=True,
        )
    return result


# --- The report --------------------------------------------------------------------------


def report(rows: list[tuple[str, dict]], health_rps: float) -> list[str]:
    print()
    print("| page | one user: p50 / p95 | 50 connections: req/s | ÷ /health/ req/s | errors "
          "(not 200 + socket) | CPU a request (one user): app + db | result |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    failures = []
    for label, result in rows:
        one, many = result["one"], result["many"]
        ratio = health_rps / many["rps"] if many["rps"] else None
        errors = sum(r["not200"] + r["socket"] for r in (one, many))
        missed = []
        if not one["requests"]:
            missed.append("no answer from one user within the run")
        elif one["p95"] > TARGET_P95_MS:
            missed.append(f"one-user p95 {one['p95']:.0f} ms > {TARGET_P95_MS} ms")
        if ratio is None:
            missed.append("no answer at 50 connections within the run")
        elif ratio > TARGET_RATIO:
            missed.append(f"throughput {ratio:.2f}× below /health/ (target within {TARGET_RATIO}×)")
        if errors:
            missed.append(f"{errors} errors")
        if missed:
            failures.append(f"FAIL {label}: " + "; ".join(missed))
        shown = "—" if ratio is None else f"{ratio:.1f}×"
        app, db = one["cpu_app_ms"], one["cpu_db_ms"]
        print(
            f"| {label} | {one['p50']:.0f} / {one['p95']:.0f} ms | {many['rps']:.1f} | {shown} "
            f"| {errors} | {app:.0f} + {db:.0f} = {app + db:.0f} ms "
            f"| {'FAIL' if missed else 'pass'} |"
        )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure BENCH_PAGES_DATABASE_URL, or kz_national, as it is",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument(
        "--no-plan", action="store_true", help="skip the index plan (bench/index_plan.py)"
    )
    parser.add_argument("--only", default="", help="pages by key, comma-separated: "
                        + ",".join(key for key, *_rest in PAGES))  # fmt: skip
    args = parser.parse_args()
    keys = [key for key, *_rest in PAGES]
    only = [key for key in args.only.split(",") if key]
    if unknown := set(only) - set(keys):
        parser.error(f"unknown pages {sorted(unknown)}; choose from {','.join(keys)}")
    pages = [page for page in PAGES if not only or page[0] in only]

    if shutil.which("wrk") is None:
        print("bench_pages: skipped — wrk is not installed (Debian/Ubuntu: apt-get install wrk)")
        return 0
    if not Path(sys.executable).with_name("gunicorn").exists():
        print("bench_pages: skipped — gunicorn is not installed (pip install -e '.[dev]')")
        return 0

    if args.reuse:
        url = os.environ.get("BENCH_PAGES_DATABASE_URL") or server_url("kz_national")
    else:
        url = server_url("kzsafety_bench_pages")
        recreate_database(url)
    django_environment(url)
    import django

    django.setup()
    from django.urls import reverse

    sessions = {}
    try:
        if not args.reuse:
            print("pages benchmark: generating national-scale data", flush=True)
            fill_national()
        personas = make_personas()
        sessions = personas["sessions"]
        from django.db import connection

        connection.close()
        with tempfile.TemporaryDirectory(prefix="kzsafety-bench-pages-") as folder:
            work = Path(folder)
            lua = work / "report.lua"
            lua.write_text(LUA)
            port = free_port()
            env = server_environment(url, work / "static")
            empty_cache(REDIS_URL)
            server = start_server(env, port, work / "gunicorn.log", work / "access.log")
            meter = CpuMeter(server.pid, url)
            try:
                tools = (lua, meter, AccessLog(work / "access.log"))
                status = run(args, pages, personas, port, tools, reverse, url)
            finally:
                meter.close()
                stop_server(server)
                errors = [
                    line for line in (work / "gunicorn.log").read_text().splitlines()
                    if "Traceback" in line or "ERROR" in line
                ]  # fmt: skip
                if errors:
                    print(f"gunicorn logged {len(errors)} errors, e.g. {errors[0]}")
        if not args.no_plan:
            from bench import index_plan

            print("\n## The index plan (bench/index_plan.py)", flush=True)
            index_plan.run()
        return status
    finally:
        if sessions:
            forget_sessions(sessions.values())
        if not args.reuse and not args.keep:
            drop_database(url)


def run(args, pages, personas, port, tools, reverse, url) -> int:
    cookie_name = personas["cookie"]
    cookies = {name: f"{cookie_name}={key}" for name, key in personas["sessions"].items()}
    targets = []
    for _key, label, persona, name, arguments, query in pages:
        path = reverse(name, args=[personas["ids"][a] for a in arguments]) + query
        status, size, location = get(port, path, cookies[persona])
        if status != 200:
            print(f"FAIL {label}: {path} answered {status} {location} instead of 200")
            return 1
        targets.append((label, path, cookies[persona], size))

    loads = [load()]
    print(
        f"pages benchmark: {url.rsplit('/', 1)[-1]}, gunicorn {WORKERS} sync workers, "
        f"CONN_MAX_AGE 60, Redis cache; wrk {args.seconds} s per run; {os.cpu_count()} cores; "
        f"load average before: {loads[0]}",
        flush=True,
    )

    def health(when: str) -> tuple[str, dict]:
        return f"/health/ ({when})", measure(port, "/health/", "/health/", "", *timing)

    timing = (args.seconds, *tools)
    rows = [health("before the pages")]
    for label, path, cookie, size in targets:
        rows.append((f"{label} ({size // 1024} KiB)", measure(port, label, path, cookie, *timing)))
    rows.append(health("after the pages"))
    loads.append(load())
    health_rps = (rows[0][1]["many"]["rps"] + rows[-1][1]["many"]["rps"]) / 2
    failures = report(rows, health_rps)
    print()
    print(f"÷ /health/: the mean of /health/'s two 50-connection runs, {health_rps:.0f} req/s. "
          f"Load average (1, 5, 15 min) before: {loads[0]}; after: {loads[1]}.")  # fmt: skip
    for line in failures:
        print(line)
    if not failures:
        print("every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

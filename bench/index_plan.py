"""The index plan on national data (issue 16, item 2): every query of the heavy pages,
asked through the pages themselves, then explained by PostgreSQL with EXPLAIN (ANALYZE,
BUFFERS), and the annual report timed with and without the indexes of issue 16.

For each page (as the persona who opens it, the scope cache off so every query runs) it
prints each SELECT's execution time and how it reads each table: the index it uses, or
"seq scan" (⚠ on the three largest tables). Then the report of 2025 for the whole country
is built five times as it is, and five times inside a transaction that drops the
inspection (date, status) INCLUDE (id) index and the partial index of violations not
eliminated and puts a plain date index in their place (rolled back after).

`bench/bench_pages.py` runs it on its national database after the pages (so `make bench`
does); alone, on a national database kept by it:

    python bench/index_plan.py            # BENCH_PAGES_DATABASE_URL, or kz_national
    python bench/index_plan.py --pages-only

It creates three users in the database (bench-plan-*) and nothing else."""

import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STATIC_PLAIN = "django.contrib.staticfiles.storage.StaticFilesStorage"
BIG_TABLES = {"inspections_inspection", "inspections_violation", "inspections_proposal"}


def personas():
    from inspections.models import Inspection
    from kzsafety.accounts.models import Role, User
    from kzsafety.directories.models import Region, TechnicalInspector

    def user(name, **fields):
        found, _created = User.objects.get_or_create(username=name, defaults=fields)
        return found

    federation = user("bench-plan-federation", role=Role.FEDERATION_STAFF)
    regional = user(
        "bench-plan-regional", role=Role.REGIONAL_STAFF, region=Region.objects.get(code="35")
    )
    inspector = User.objects.filter(username="bench-plan-inspector").first()
    if inspector is None:
        record = (
            TechnicalInspector.objects.filter(
                user__isnull=True,
                left_on__isnull=True,
                enterprise__in=Inspection.objects.values("enterprise"),
            )
            .order_by("pk")
            .first()
        )
        inspector = user(
            "bench-plan-inspector", role=Role.INSPECTOR, enterprise_id=record.enterprise_id
        )
        record.user = inspector
        record.save(update_fields=["user"])
    return federation, regional, inspector


def pages(federation, regional, inspector) -> list[tuple[str, object, str]]:
    from django.urls import reverse

    return [
        ("home, federation staff", federation, reverse("home")),
        (
            "statistics 2025, federation staff",
            federation,
            reverse("statistics:annual") + "?year=2025",
        ),
        ("accident list, federation staff", federation, reverse("inspections:accident_list")),
        ("violation list, federation staff", federation, reverse("inspections:violation_list")),
        (
            "overdue violations, federation staff",
            federation,
            reverse("inspections:violation_list") + "?overdue=yes",
        ),
        ("inspection list, federation staff", federation, reverse("inspections:inspection_list")),
        ("inspection list, regional staff", regional, reverse("inspections:inspection_list")),
        ("inspection list, inspector", inspector, reverse("inspections:inspection_list")),
        ("home, regional staff", regional, reverse("home")),
        ("home, inspector", inspector, reverse("home")),
    ]


def _scans(node: dict, found: list) -> None:
    kind = node.get("Node Type", "")
    relation = node.get("Relation Name")
    if relation:
        if "Index" in kind:
            found.append((relation, f"{kind.lower()} {node.get('Index Name')}"))
        elif kind == "Seq Scan":
            found.append((relation, "seq scan"))
        elif kind.startswith("Bitmap Heap"):
            pass  # its index is the Bitmap Index Scan below it
    elif kind == "Bitmap Index Scan":
        found.append((node.get("Index Name", "").split("_")[0], f"bitmap {node['Index Name']}"))
    for child in node.get("Plans", []):
        _scans(child, found)


def page_plans() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for label, user, url in pages(*personas()):
        client = Client()
        client.force_login(user)
        assert client.get(url, secure=True, HTTP_HOST="localhost").status_code == 200, (label, url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True, HTTP_HOST="localhost")
        assert response.status_code == 200
        print(f"\n### {label} — {url}\n")
        print("| ms | reads | query |")
        print("|---:|---|---|")
        total = 0.0
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "DECLARE")):
                continue
            if sql.upper().startswith("DECLARE"):
                sql = re.sub(r'^DECLARE "[^"]+" NO SCROLL CURSOR (WITH HOLD )?FOR ', "", sql)
            if "django_session" in sql or '"accounts_user"' in sql.split("FROM")[1][:20]:
                continue
            with connection.cursor() as cursor:  # the captured SQL has its values inlined
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            found: list = []
            _scans(plan["Plan"], found)
            milliseconds = plan["Execution Time"]
            total += milliseconds
            reads = ", ".join(
                f"{table.removeprefix('inspections_').removeprefix('directories_')}: {how}"
                + (" ⚠" if how == "seq scan" and table in BIG_TABLES else "")
                for table, how in dict.fromkeys(found)
            )
            short = re.sub(r"\s+", " ", sql)[:90].replace("|", "\\|")
            print(f"| {milliseconds:.1f} | {reads or '—'} | `{short}…` |")
        print(f"\nall queries of the page: {total:.1f} ms in the database")


def report_with_and_without_indexes() -> None:
    from django.db import connection, transaction

    from kzsafety.statistics.annual import build_report

    def timed(runs: int = 5) -> list[float]:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            build_report(2025, 5)
            times.append(time.perf_counter() - started)
        return times

    timed(1)  # warm the caches of PostgreSQL
    with_indexes = timed()

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX inspection_date_status")
                cursor.execute("DROP INDEX violation_pending_deadline")
                cursor.execute("CREATE INDEX inspection_date_only ON inspections_inspection (date)")
            timed(1)
            without = timed()
            raise Undo
    except Undo:
        pass
    ratio = statistics.median(without) / statistics.median(with_indexes)
    print(
        "\nannual report 2025, whole country, 5 runs each: "
        f"with the issue 16 indexes median {statistics.median(with_indexes):.3f} s "
        f"(best {min(with_indexes):.3f}); with a plain date index instead "
        f"median {statistics.median(without):.3f} s (best {min(without):.3f}); "
        f"{ratio:.2f}× "
    )


def run(*, pages_only: bool = False) -> None:
    """Both parts, on the database Django is set up on (the national years)."""
    from django.conf import settings
    from django.test import override_settings

    settings.SCOPE_CACHE_SECONDS = 0  # every query of the pages runs
    # The pages are rendered in this process, whose static files were never collected (DEBUG
    # off asks the manifest storage for every {% static %}): plain storage names them.
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_PLAIN}}
    with override_settings(STORAGES=plain):
        page_plans()
    if not pages_only:
        report_with_and_without_indexes()


def main() -> None:
    import os

    from bench.common import django_environment, server_url

    django_environment(os.environ.get("BENCH_PAGES_DATABASE_URL") or server_url("kz_national"))
    import django

    django.setup()
    with open("/proc/loadavg") as load:
        print(f"load average before: {load.read().split()[:3]}")
    run(pages_only="--pages-only" in sys.argv)
    with open("/proc/loadavg") as load:
        print(f"load average after: {load.read().split()[:3]}")


if __name__ == "__main__":
    main()

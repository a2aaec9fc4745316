"""Benchmark: the reminder runs over national-scale data in PostgreSQL (run by `make bench`).

Creates its own database (BENCH_DATABASE_URL, by default kzsafety_bench_reminders on the
server of DATABASE_URL; never DATABASE_URL's own database), fills it with bench/national.py
(five national years: 815,000 violations, 12,500 councils), adds the people reminders go
to (an account for every technical inspector, two council members with accounts per
council, council members by role, regional staff) and a year of council decisions, then
times:

- the daily run as of a day inside the data (--today, default 2025-07-01), and the same run
  again (it must write nothing);
- the weekly escalation and the monthly training run;
- a "flood" daily run with the look-back widened to ten years (every open violation ever
  overdue, as a first run without the look-back would be), to show that time grows with
  the notes written while memory stays flat; and that run again.

For each: wall time, notifications written, and the growth of the process's peak resident
memory (ru_maxrss) during the run; the flood run is repeated under tracemalloc for the peak
of Python allocations. E-mails are queued (to an in-memory broker, as a worker would find
them in Redis) but not sent: sending is the e-mail task's work, not the run's.

    .venv/bin/python bench/bench_reminders.py                 # everything (≈ 5 minutes)
    .venv/bin/python bench/bench_reminders.py --keep          # keep the database
    .venv/bin/python bench/bench_reminders.py --reuse --keep  # on a kept database
"""

import contextlib
import datetime
import os
import resource
import sys
import time
import tracemalloc
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

BENCH_URL = bench_url("kzsafety_bench_reminders")
django_environment(BENCH_URL)
os.environ["LOG_LEVEL"] = "WARNING"

TARGET_SECONDS = 60
BATCH = 10_000


def add_people_and_decisions(today: datetime.date) -> dict:
    """Accounts for the people reminders reach, and a year of council decisions (one
    meeting per council with three decisions, a fifth of them not done). Bulk-written, with
    unusable passwords."""
    import random

    from councils.models import Council, CouncilMember, Decision, DecisionStatus, Meeting
    from inspections.models import Accident, AccidentStatus, AccidentStatusChange
    from kzsafety.accounts.models import Role, User
    from kzsafety.directories.models import Region, TechnicalInspector

    if User.objects.filter(username__startswith="bench-regional-").exists():
        return {"users": User.objects.count(), "decisions": Decision.objects.count()}
    rng = random.Random(12)

    def users(rows):
        return User.objects.bulk_create(
            [User(password="!", **row) for row in rows], batch_size=BATCH
        )

    regional = users(
        {"username": f"bench-regional-{r.pk}-{n}", "role": Role.REGIONAL_STAFF, "region": r}
        for r in Region.objects.all()
        for n in range(3)
    )
    records = list(TechnicalInspector.objects.values_list("pk", "enterprise_id"))
    accounts = users(
        {"username": f"bench-inspector-{pk}", "role": Role.INSPECTOR, "enterprise_id": firm}
        for pk, firm in records
    )
    TechnicalInspector.objects.bulk_update(
        [
            TechnicalInspector(pk=pk, user_id=account.pk)
            for (pk, _), account in zip(records, accounts, strict=True)
        ],
        ["user"],
        batch_size=BATCH,
    )
    councils = list(Council.objects.values_list("pk", "enterprise_id"))
    members = users({"username": f"bench-member-{pk}-{n}"} for pk, _ in councils for n in range(2))
    CouncilMember.objects.bulk_create(
        [
            CouncilMember(council_id=pk, user=members[2 * i + n], full_name=f"M {i}", side=side)
            for i, (pk, _) in enumerate(councils)
            for n, side in enumerate(("employer", "workers"))
        ],
        batch_size=BATCH,
    )
    by_role = users(
        {"username": f"bench-council-{pk}", "role": Role.COUNCIL_MEMBER, "enterprise_id": firm}
        for pk, firm in councils[::4]
    )
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                council_id=pk,
                number=1,
                date=today - datetime.timedelta(days=rng.randrange(20, 365)),
                agenda="Remediation",
            )
            for pk, _ in councils
        ],
        batch_size=BATCH,
    )
    decisions = []
    for meeting in meetings:
        for position in (1, 2, 3):
            deadline = meeting.date + datetime.timedelta(days=rng.randrange(10, 90))
            done = rng.random() < 0.8 and deadline < today
            decisions.append(
                Decision(
                    meeting=meeting,
                    position=position,
                    text="Fix it",
                    responsible="Chief engineer",
                    deadline=deadline,
                    status=DecisionStatus.DONE if done else DecisionStatus.OPEN,
                    done_on=deadline if done else None,
                )
            )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    # Accident reports of the last weeks: submitted and waiting, or returned to the inspector.
    accidents = list(
        Accident.objects.filter(status=AccidentStatus.SUBMITTED).values_list("pk", flat=True)[:400]
    )
    inspector = accounts[0]
    Accident.objects.filter(pk__in=accidents[300:]).update(
        status=AccidentStatus.RETURNED, created_by=inspector
    )
    for index, pk in enumerate(accidents):
        status = AccidentStatus.SUBMITTED if index < 300 else AccidentStatus.RETURNED
        change = AccidentStatusChange.objects.create(
            accident_id=pk, from_status="", to_status=status, by=inspector
        )
        at = datetime.datetime.combine(
            today - datetime.timedelta(days=index % 45), datetime.time(10), datetime.UTC
        )
        AccidentStatusChange.objects.filter(pk=change.pk).update(at=at)
    return {
        "regional staff": len(regional),
        "inspector accounts": len(accounts),
        "council members with accounts": len(members),
        "council members by role": len(by_role),
        "decisions": len(decisions),
        "accident reports waiting or returned": len(accidents),
    }


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    return _status("VmRSS")


def peak_mb() -> float:
    return _status("VmHWM")


def reset_peak() -> None:
    """Start the process's peak resident size (VmHWM) again from now (Linux)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def measure(label: str, scans, today, *, traced: bool = False) -> dict:
    from django.db import connection

    from kzsafety.reminders.runs import run

    connection.close()  # each run starts as a task would: a fresh connection
    before = resident_mb()
    reset_peak()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    written = run(scans, today)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    if traced:
        tracemalloc.stop()
    peak_resident = peak_mb()
    total = sum(written.values())
    line = (
        f"  {label}: {seconds:.1f} s, {total:,} written {written}; resident {before:.0f} MB "
        f"before, peak {peak_resident:.0f} MB during the run (+{peak_resident - before:.0f} MB)"
    )
    if peak is not None:
        line += f", tracemalloc peak {peak / 2**20:.1f} MB"
    print(line, flush=True)
    return {"seconds": seconds, "written": total}


def main() -> None:
    keep, reuse = "--keep" in sys.argv, "--reuse" in sys.argv
    today = datetime.date(2025, 7, 1)
    if "--today" in sys.argv:
        today = datetime.date.fromisoformat(sys.argv[sys.argv.index("--today") + 1])
    if not reuse:
        recreate_database(BENCH_URL)
    import django

    django.setup()
    from celery import current_app
    from django.db import connection
    from django.test import override_settings

    from kzsafety.accounts.models import Notification
    from kzsafety.jobs.models import PendingTask
    from kzsafety.reminders.runs import DAILY, MONTHLY, WEEKLY

    # Queue the e-mails as production does, into a broker nobody reads.
    current_app.conf.task_always_eager = False

    if not reuse:
        print("reminders benchmark: generating national-scale data", flush=True)
        fill_national()
    started = time.perf_counter()
    print(f"  people and decisions: {add_people_and_decisions(today)}", flush=True)
    print(f"  (added in {time.perf_counter() - started:.0f} s)")
    Notification.objects.all().delete()
    PendingTask.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    print(f"reminder runs as of {today} (look-back 30 days):", flush=True)
    daily = measure("daily, first run", DAILY, today)
    again = measure("daily, second run", DAILY, today)
    measure("weekly escalation", WEEKLY, today)
    measure("monthly training", MONTHLY, today)
    with override_settings(REMINDERS_LOOKBACK_DAYS=3650):
        print("flood: look-back of ten years (every overdue violation and decision):")
        Notification.objects.all().delete()
        flood = measure("daily, first run", DAILY, today)
        measure("daily, second run", DAILY, today)
        Notification.objects.all().delete()
        measure("daily, first run under tracemalloc", DAILY, today, traced=True)
    print(
        f"daily run: {daily['seconds']:.1f} s (target < {TARGET_SECONDS} s), second run "
        f"{again['seconds']:.1f} s writing {again['written']}; flood {flood['written']:,} "
        f"notifications in {flood['seconds']:.1f} s; e-mail tasks queued: "
        f"{PendingTask.objects.count()} left pending"
    )
    connection.close()
    if not keep:
        drop_database(BENCH_URL)


if __name__ == "__main__":
    main()

"""One function per reason: given today's date, yield the notes (kzsafety.accounts.notify.
Note) of every item that matches now, each keyed by (reason, item, due date).

A scan covers everything matching, not only what crossed a threshold today, so a missed or
interrupted run is made up by the next one; the key keeps what was already sent from being
sent again. Reasons whose due date has passed look back REMINDERS_LOOKBACK_DAYS only (30,
the escalation threshold), so the first run on years of history does not flood anyone:
older violations reach regional staff through the weekly escalation instead.

Rows are read a page at a time by keyset (id > last id), with the recipients of a whole
page in one or two more queries, so memory stays flat whatever the size of the country."""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from councils.access import LONG_OVERDUE_DAYS, long_overdue_violations, remediation_violations
from councils.models import Decision
from inspections.models import Accident, AccidentStatus, AccidentStatusChange
from kzsafety.accounts.notify import Note
from kzsafety.directories.models import Region, TechnicalInspector
from kzsafety.reminders import kinds
from kzsafety.reminders.recipients import council_people_at, council_people_of, regional_staff

PAGE = 2000
REVIEW_WORKING_DAYS = 5
RESUBMIT_DAYS = 10
DAY = datetime.timedelta(days=1)


def pages(rows: QuerySet, size: int = PAGE) -> Iterator[list[dict]]:
    """The rows of a values() queryset, a page at a time, in id order (keyset pagination:
    each page is one query that starts where the last ended, however deep)."""
    last = 0
    while True:
        page = list(rows.filter(pk__gt=last).order_by("pk")[:size])
        if not page:
            return
        yield page
        last = page[-1]["pk"]


def lookback() -> int:
    return settings.REMINDERS_LOOKBACK_DAYS


def _note(user_id: int, kind: str, params: dict, url: str, key: str) -> Note:
    return Note(user_id=user_id, kind=kind, params=params, url=url, key=key)


def _active(user_path: str) -> Case:
    """The id of the account at `user_path` if it is active, else NULL."""
    return Case(When(**{f"{user_path}__is_active": True}, then=F(f"{user_path}_id")))


# --- Violations: due in a week, due tomorrow (or today), deadline passed ----------------------


def violation_deadline_notes(today: datetime.date, *, size: int = PAGE) -> Iterator[Note]:
    """To the inspector of the inspection and the enterprise's council people: a violation
    not eliminated whose deadline is 2–7 days away ("7d"), today or tomorrow ("1d"), or
    passed within the look-back ("passed", from the day after the deadline)."""
    windows = (
        (kinds.WEEK, today + 2 * DAY, today + 7 * DAY),
        (kinds.TOMORROW, today, today + DAY),
        (kinds.PASSED, today - lookback() * DAY, today - DAY),
    )
    for reason, first, last in windows:
        rows = (
            remediation_violations()
            .filter(deadline__gte=first, deadline__lte=last)
            .annotate(inspector_user=_active("inspection__inspector__user"))
            .values(
                "pk",
                "position",
                "deadline",
                "inspection__date",
                "inspection__enterprise_id",
                "inspection__enterprise__name",
                "inspector_user",
            )
        )
        for page in pages(rows, size):
            people = council_people_at({r["inspection__enterprise_id"] for r in page}, today)
            for row in page:
                deadline = row["deadline"]
                recipients = set(people.get(row["inspection__enterprise_id"], ()))
                if row["inspector_user"]:
                    recipients.add(row["inspector_user"])
                params = {
                    "reason": reason,
                    "position": row["position"],
                    "enterprise": row["inspection__enterprise__name"],
                    "inspected": row["inspection__date"].isoformat(),
                    "deadline": deadline.isoformat(),
                    "days": (deadline - today).days,
                }
                url = reverse("inspections:violation_detail", args=[row["pk"]])
                key = f"violation_due:{reason}:{row['pk']}:{deadline.isoformat()}"
                for user_id in sorted(recipients):
                    yield _note(user_id, kinds.VIOLATION_DEADLINE, params, url, key)


# --- Council decisions past their deadline --------------------------------------------------


def decision_overdue_notes(today: datetime.date, *, size: int = PAGE) -> Iterator[Note]:
    """To the council's members and council people at its enterprise: a decision not done
    whose deadline passed within the look-back."""
    rows = (
        Decision.objects.overdue(today)
        .filter(deadline__gte=today - lookback() * DAY)
        .values(
            "pk",
            "position",
            "deadline",
            "meeting__date",
            "meeting__council_id",
            "meeting__council__enterprise_id",
            "meeting__council__enterprise__name",
        )
    )
    for page in pages(rows, size):
        people = council_people_of(
            {r["meeting__council_id"]: r["meeting__council__enterprise_id"] for r in page}
        )
        for row in page:
            params = {
                "position": row["position"],
                "meeting": row["meeting__date"].isoformat(),
                "enterprise": row["meeting__council__enterprise__name"],
                "deadline": row["deadline"].isoformat(),
            }
            url = reverse("councils:decision_detail", args=[row["pk"]])
            key = f"decision_overdue:{row['pk']}:{row['deadline'].isoformat()}"
            for user_id in sorted(people.get(row["meeting__council_id"], ())):
                yield _note(user_id, kinds.DECISION_OVERDUE, params, url, key)


# --- Accident reports: waiting for review, returned and not resubmitted ---------------------


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The day `count` working days (Monday to Friday) after `day`. Public holidays are
    not known to the system and count as working days."""
    while count:
        day += DAY
        if day.weekday() < 5:
            count -= 1
    return day


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _accidents_since(status: str, first: datetime.date, last: datetime.date) -> QuerySet:
    """Reports now in `status`, with the moment they last entered it (`since`; the report's
    creation for imported ones without a history) between the two days."""
    entered = (
        AccidentStatusChange.objects.filter(accident=OuterRef("pk"), to_status=status)
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        Accident.objects.filter(status=status)
        .annotate(since=Coalesce(Subquery(entered), F("created_at")))
        .filter(since__gte=_midnight(first), since__lt=_midnight(last + DAY))
        .annotate(filer=_active("created_by"))
        .values("pk", "date", "since", "enterprise__name", "enterprise__region_id", "filer")
    )


def accident_review_notes(today: datetime.date, *, size: int = PAGE) -> Iterator[Note]:
    """To regional staff of the region: a submitted report that has waited more than five
    working days for review (from the sixth working day after its submission)."""
    staff = regional_staff()
    oldest = today - lookback() * DAY
    # Five working days span five to seven calendar days; the exact day is checked below.
    rows = _accidents_since(AccidentStatus.SUBMITTED, oldest - 8 * DAY, today - 5 * DAY)
    for page in pages(rows, size):
        for row in page:
            submitted = timezone.localdate(row["since"])
            due = add_working_days(submitted, REVIEW_WORKING_DAYS)
            if not oldest <= due < today:
                continue
            params = {
                "enterprise": row["enterprise__name"],
                "date": row["date"].isoformat(),
                "submitted": submitted.isoformat(),
                "days": REVIEW_WORKING_DAYS,
            }
            url = reverse("inspections:accident_detail", args=[row["pk"]])
            key = f"accident_review:{row['pk']}:{due.isoformat()}"
            for user_id in sorted(staff.get(row["enterprise__region_id"], ())):
                yield _note(user_id, kinds.ACCIDENT_REVIEW_WAITING, params, url, key)


def accident_returned_notes(today: datetime.date, *, size: int = PAGE) -> Iterator[Note]:
    """To whoever filed it: a report returned for correction and not submitted again
    within ten days (from the eleventh day)."""
    oldest = today - lookback() * DAY
    rows = _accidents_since(
        AccidentStatus.RETURNED, oldest - RESUBMIT_DAYS * DAY, today - (RESUBMIT_DAYS + 1) * DAY
    ).filter(filer__isnull=False)
    for page in pages(rows, size):
        for row in page:
            returned = timezone.localdate(row["since"])
            due = returned + RESUBMIT_DAYS * DAY
            if not oldest <= due < today:
                continue
            params = {
                "enterprise": row["enterprise__name"],
                "date": row["date"].isoformat(),
                "returned": returned.isoformat(),
                "days": RESUBMIT_DAYS,
            }
            url = reverse("inspections:accident_detail", args=[row["pk"]])
            key = f"accident_returned:{row['pk']}:{due.isoformat()}"
            yield _note(row["filer"], kinds.ACCIDENT_RETURNED_WAITING, params, url, key)


# --- Per region, for regional staff: weekly escalation, monthly training -----------------


def _names(region: Region) -> dict:
    return {"kk": region.name_kk, "ru": region.name_ru, "en": region.name_en}


def _per_region(counts: dict[int, int], kind: str, key: str, url: str, **extra) -> Iterator[Note]:
    staff = regional_staff()
    for region in Region.objects.filter(pk__in=counts).order_by("code"):
        params = {"region": _names(region), "count": counts[region.pk], **extra}
        for user_id in sorted(staff.get(region.pk, ())):
            yield _note(user_id, kind, params, url, f"{key}:{region.code}")


def escalation_notes(today: datetime.date, *, size: int = PAGE) -> Iterator[Note]:
    """To regional staff, once per ISO week: how many violations of their region are more
    than 30 days overdue (one message per region, with a link to the long-overdue list,
    which shows a regional staff member their own region)."""
    counts = dict(
        long_overdue_violations(today=today)
        .order_by()
        .values("inspection__enterprise__region_id")
        .annotate(n=Count("pk"))
        .values_list("inspection__enterprise__region_id", "n")
    )
    year, week, _ = today.isocalendar()
    yield from _per_region(
        counts,
        kinds.VIOLATIONS_ESCALATION,
        f"violations_escalation:{year}-W{week:02d}",
        reverse("councils:long_overdue"),
        days=LONG_OVERDUE_DAYS,
    )


def year_before(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def untrained_inspector_notes(today: datetime.date, *, size: int = PAGE) -> Iterator[Note]:
    """To regional staff, once per month: how many of their region's active technical
    inspectors have no training completed in the last 12 months (after the same day a year
    ago). One message per region, with a link to the statistics page."""
    counts = dict(
        TechnicalInspector.objects.active_on(today)
        .untrained_since(year_before(today))
        .order_by()
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    yield from _per_region(
        counts,
        kinds.INSPECTORS_UNTRAINED,
        f"inspectors_untrained:{today:%Y-%m}",
        reverse("statistics:annual"),
    )

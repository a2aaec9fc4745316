"""Lists and Excel exports of inspections and violations: the filtered rows a user may
see, written at once or, above a limit, by a background task with a signed link."""

import datetime
import io
import secrets
import tempfile
from collections.abc import Callable, Iterable
from typing import IO

from django.conf import settings
from django.core import signing
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from inspections.access import (
    inspections_visible_to,
    violations_visible_to,
)
from inspections.forms.public_control import InspectionFilterForm, ViolationFilterForm
from inspections.models import (
    InspectionKind,
    InspectionStatus,
    ListExport,
    ListExportStatus,
    ViolationStatus,
)
from inspections.notifications import EXPORT_READY
from inspections.services import list_page_rows
from inspections.services.list_page_rows import InspectionRow, ViolationRow
from kzsafety.accounts.models import User
from kzsafety.accounts.notify import notify
from kzsafety.jobs import runs as jobs
from kzsafety.jobs.queue import enqueue
from kzsafety.replica import replica_reads
from kzsafety.xlsx_stream import write_table

# The list pages, their XLSX exports and the background export all read through these, so a
# download holds exactly the rows the page shows: the user's scope, then the filters.

EXPORT_INLINE_LIMIT = 10_000  # rows; above this the workbook is built in the background
EXPORT_SALT = "inspections.public_control.export"
EXPORT_KEPT_DAYS = 7


def inspection_list(*, user: User, params: QueryDict) -> tuple[InspectionFilterForm, QuerySet]:
    """The filter form and the scoped, filtered list in its order, with no joins or counts:
    the page takes its ids and count from it, and its rows from `inspection_rows`."""
    form = InspectionFilterForm(params or None)
    return form, form.filter(inspections_visible_to(user)).order_by("-date", "-pk")


def inspection_rows(ids: list[int]) -> list[InspectionRow]:
    """The rows of a page of the list, by the ids the scoped and filtered list gave."""
    return list_page_rows.inspection_rows(ids, timezone.localdate())


def violation_list(*, user: User, params: QueryDict) -> tuple[ViolationFilterForm, QuerySet]:
    """As inspection_list; the page's rows come from `violation_rows`."""
    form = ViolationFilterForm(params or None)
    return form, form.filter(violations_visible_to(user)).order_by(
        "-inspection__date", "-inspection_id", "position"
    )


def violation_rows(ids: list[int]) -> list[ViolationRow]:
    """The rows of a page of the list, by the ids the scoped and filtered list gave."""
    return list_page_rows.violation_rows(ids)


def _named(path: str) -> str:
    """The lookup of a localized name in the active language."""
    return f"{path}__name_{(get_language() or settings.LANGUAGE_CODE)[:2]}"


# The columns are built when an export starts, in its language; the words are translated
# then, once, not once per row (a year of violations asked gettext 325,000 times).


def _label(choices) -> Callable:
    labels = {value: str(label) for value, label in choices}
    return lambda value: labels[value] if value in labels else str(value)


def _yes_no() -> Callable:
    yes, no = str(_("yes")), str(_("no"))
    return lambda value: yes if value else no


def _number(value) -> int:
    return value or 0


def _text(value) -> str:
    return value or ""


# (header, lookup, how to show the value); the lookups of names follow the language.
EXPORTS = {
    "inspections": lambda: [
        (gettext_lazy("Reference"), "reference", None),
        (gettext_lazy("Date"), "date", None),
        (gettext_lazy("Enterprise"), "enterprise__name", None),
        (gettext_lazy("BIN"), "enterprise__bin", None),
        (gettext_lazy("Region"), _named("enterprise__region"), None),
        (gettext_lazy("Sector"), _named("enterprise__sector"), None),
        (gettext_lazy("Technical inspector"), "inspector__full_name", None),
        (gettext_lazy("Kind"), "kind", _label(InspectionKind.choices)),
        (gettext_lazy("Status"), "status", _label(InspectionStatus.choices)),
        (gettext_lazy("Notice"), "notice__number", _text),
        (gettext_lazy("Violations"), "violation_total", _number),
        (gettext_lazy("Not eliminated"), "open_total", _number),
        (gettext_lazy("Overdue"), "overdue_total", _number),
        (gettext_lazy("Work stopped"), "has_stoppage", _yes_no()),
        (gettext_lazy("Proposals"), "proposal_total", _number),
    ],
    "violations": lambda: [
        (gettext_lazy("Notice"), "inspection__notice__number", _text),
        (gettext_lazy("No."), "position", None),
        (gettext_lazy("Inspection date"), "inspection__date", None),
        (gettext_lazy("Enterprise"), "inspection__enterprise__name", None),
        (gettext_lazy("BIN"), "inspection__enterprise__bin", None),
        (gettext_lazy("Region"), _named("inspection__enterprise__region"), None),
        (gettext_lazy("Sector"), _named("inspection__enterprise__sector"), None),
        (gettext_lazy("Description"), "description", None),
        (gettext_lazy("Category"), _named("category"), _text),
        (gettext_lazy("Legal reference"), "legal_reference", None),
        (gettext_lazy("Deadline"), "deadline", None),
        (gettext_lazy("Status"), "status", _label(ViolationStatus.choices)),
        (gettext_lazy("Eliminated on"), "eliminated_on", None),
        (gettext_lazy("Overdue"), "overdue_flag", _yes_no()),
    ],
}
# The list's rows with the figures the export's columns read.
EXPORT_LISTS = {
    "inspections": lambda user, params: inspection_list(user=user, params=params)[1].with_counts(),
    "violations": lambda user, params: violation_list(user=user, params=params)[1].with_overdue(),
}
EXPORT_TITLES = {
    "inspections": gettext_lazy("Inspections"),
    "violations": gettext_lazy("Violations"),
}


def export_rows(*, user: User, kind: str, params: QueryDict) -> QuerySet:
    """The filtered rows the user may see, for counting before building."""
    return EXPORT_LISTS[kind](user, params)


def workbook_bytes(*, title: str, headers: list[str], rows: Iterable[Iterable]) -> bytes:
    buffer = io.BytesIO()
    write_table(buffer, title=title, headers=headers, rows=rows)
    return buffer.getvalue()


def export_write(*, user: User, kind: str, params: QueryDict, target: IO[bytes]) -> str:
    """Write the filtered list as XLSX into `target`, in the active language, streaming
    (memory does not grow with the rows); the file name to offer."""
    columns = EXPORTS[kind]()
    formats = [show or (lambda value: value) for _header, _lookup, show in columns]
    values = (
        export_rows(user=user, kind=kind, params=params)
        .values_list(*(lookup for _header, lookup, _show in columns))
        .iterator(chunk_size=2000)
    )
    with replica_reads():  # a read-only pass over many rows (kzsafety/replica.py)
        write_table(
            target,
            title=str(EXPORT_TITLES[kind]),
            headers=[str(header) for header, _lookup, _show in columns],
            rows=(
                [show(value) for show, value in zip(formats, row, strict=True)] for row in values
            ),
        )
    return f"{kind}-{timezone.localdate():%Y-%m-%d}.xlsx"


def export_workbook(*, user: User, kind: str, params: QueryDict) -> tuple[str, bytes]:
    """(file name, XLSX content) of the filtered list, in the active language."""
    buffer = io.BytesIO()
    filename = export_write(user=user, kind=kind, params=params, target=buffer)
    return filename, buffer.getvalue()


def export_in_background(*, user: User, kind: str, query: str) -> ListExport:
    """Record a large export and queue it, to be built after the request; its page shows
    how it goes and the user is notified with a link."""
    export = ListExport.objects.create(
        requested_by=user,
        kind=kind,
        query=query,
        language=get_language() or settings.LANGUAGE_CODE,
        name=f"exports/{secrets.token_urlsafe(24)}.xlsx",
    )
    enqueue(ListExport.task_name, export.pk, job=export)
    return export


def list_export_build(*, export_id: int) -> str:
    """The background task's body: claimed by one worker at a time, with a heartbeat, and
    recorded by the attempt that still owns it (kzsafety/jobs/runs.py)."""
    export = jobs.claim(ListExport, export_id)
    if export is None:
        return "skipped"
    if export.attempts > 1:  # a lost attempt may have left half a file under the name
        default_storage.delete(export.name)
    with jobs.heartbeat(export):
        try:
            export_file_build(
                user_id=export.requested_by_id,
                kind=export.kind,
                query=export.query,
                language=export.language,
                name=export.name,
            )
        except Exception as error:  # the page must say it failed rather than spin forever
            jobs.finish(
                export, status=ListExportStatus.FAILED, interrupted=True, error=str(error)[:2000]
            )
            raise
    jobs.finish(export, status=ListExportStatus.READY)
    return ListExportStatus.READY


def list_export_download_url(export: ListExport) -> str:
    """The signed link of a ready export, as in the notification."""
    day = timezone.localdate(export.finished_at or timezone.now())
    return _download_url(export.requested_by_id, export.name, f"{export.kind}-{day:%Y-%m-%d}.xlsx")


def _download_url(user_id: int, name: str, filename: str) -> str:
    token = signing.dumps({"user": user_id, "name": name, "filename": filename}, salt=EXPORT_SALT)
    return reverse("inspections:export_download", args=[token])


def export_file_build(*, user_id: int, kind: str, query: str, language: str, name: str) -> str:
    """Write the export to storage under the given name and notify its owner. The name is
    chosen before the task runs, so running it twice builds and notifies once."""
    if default_storage.exists(name):
        return name
    _remove_expired_exports()
    user = User.objects.get(pk=user_id)
    with translation.override(language), tempfile.TemporaryFile() as spool:
        filename = export_write(user=user, kind=kind, params=QueryDict(query), target=spool)
        spool.seek(0)
        default_storage.save(name, File(spool, name=name))
        notify(
            [user],
            kind=EXPORT_READY,
            params={"export": kind, "file": filename, "days": EXPORT_KEPT_DAYS},
            url=_download_url(user_id, name, filename),
        )
    return name


def _remove_expired_exports() -> None:
    """Links last EXPORT_KEPT_DAYS days; the files behind expired links go."""
    try:
        _folders, files = default_storage.listdir("exports")
    except FileNotFoundError:
        return
    cutoff = timezone.now() - datetime.timedelta(days=EXPORT_KEPT_DAYS, hours=1)
    for file in files:
        if default_storage.get_modified_time(f"exports/{file}") < cutoff:
            default_storage.delete(f"exports/{file}")


def export_file_of(*, user: User, token: str) -> tuple[str, str] | None:
    """(storage name, file name) of a prepared export, if the token is valid, recent and
    the user's own; None otherwise."""
    try:
        data = signing.loads(token, salt=EXPORT_SALT, max_age=EXPORT_KEPT_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if data.get("user") != user.pk or not default_storage.exists(data.get("name", "")):
        return None
    return data["name"], data["filename"]

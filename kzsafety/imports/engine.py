"""Running one import: read the file as a stream, match the headers, parse every cell,
hand the rows to the kind in batches, all inside one transaction.

All or nothing: if any row is wrong the transaction is rolled back and every error is
reported; a dry run is rolled back too, after doing exactly what the real import would do,
so its counts are the real ones. Once an error is found the kind stops writing (the result
will be rolled back anyway) but keeps checking, so the user sees every error at once."""

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kzsafety import scope_cache
from kzsafety.accounts.models import User
from kzsafety.imports import fastwrite
from kzsafety.imports.kinds import ImportKind, Row, get_kind, header_names
from kzsafety.imports.reading import FileProblem, Table, open_table
from kzsafety.imports.scope import ImportScope, import_scope
from kzsafety.imports.values import CellError, _shown, is_blank, normalize, refuse_markers
from kzsafety.imports.xlsx import column_index, column_letter

KEEP_ERRORS = 1000


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class Result:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> str:
        """The line the command prints, e.g. `created 12, updated 3, unchanged 40`."""
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


class Job:
    """The state of one import, handed to the kind with every batch."""

    def __init__(
        self,
        kind: ImportKind,
        scope: ImportScope,
        dry_run: bool,
        on_error: Callable[[RowError], None] | None = None,
        keep_errors: int = KEEP_ERRORS,
    ):
        self.kind, self.scope, self.dry_run = kind, scope, dry_run
        self.result = Result(kind=kind.key, dry_run=dry_run)
        self.headers: dict[str, str] = {}  # column key -> header as written
        self.on_error, self.keep_errors = on_error, keep_errors
        self.state: dict[str, Any] = {}  # the kind's scratch space
        self._pending: list[RowError] = []

    @property
    def user(self) -> User | None:
        return self.scope.user

    @property
    def writing(self) -> bool:
        """Whether writing is still worth it: after an error everything is rolled back."""
        return self.result.error_count == 0

    def header(self, key: str) -> str:
        if key in self.headers:
            return self.headers[key]
        return (
            str(self.kind.column(key).label) if key in {c.key for c in self.kind.columns} else key
        )

    def error(self, row: int | None, column: str | None, message: Any) -> None:
        """Record an error at a column as shown to the user (a header or a letter)."""
        self.result.error_count += 1
        self._pending.append(RowError(row, column, str(message)))

    def flush(self) -> None:
        """Hand on the errors found so far, in row order (a batch's cells are checked
        before its records)."""
        self._pending.sort(key=lambda error: error.row or 0)
        for error in self._pending:
            if len(self.result.errors) < self.keep_errors:
                self.result.errors.append(error)
            if self.on_error is not None:
                self.on_error(error)
        self._pending.clear()

    def report(
        self,
        row: Row,
        error: ValidationError,
        columns: Mapping[str, str],
        default: str | None,
    ) -> None:
        """A ValidationError of a model or a rule at the cells of the fields it names
        (`columns`: model field -> column key); a field without a column, and an error
        about the whole record, at the `default` column."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.row_error(row, columns.get(field, default), message)
        else:
            for message in error.messages:
                self.row_error(row, default, message)

    def row_error(self, row: Row, column: str | None, message: Any) -> None:
        """Record an error in a data row at a column given by its key."""
        row.failed = True
        self.error(row.number, self.header(column) if column is not None else None, message)


class _Rollback(Exception):
    pass


def _match_headers(job: Job, table: Table, header: list[Any]) -> dict[int, str] | None:
    """Column index -> column key; None after reporting header errors."""
    names = header_names(job.kind.key)
    mapping: dict[int, str] = {}
    failed = False
    last = max((i for i, v in enumerate(header) if not is_blank(v)), default=-1)
    gaps = [i for i in range(last) if is_blank(header[i])]
    if gaps:
        for merged in table.merged_ranges():
            if _touches_header(merged):
                job.error(
                    1, column_letter(column_index(merged.split(":")[0])), _merged_header(merged)
                )
                failed = True
        if failed:
            return None
    for index, raw in enumerate(header):
        if is_blank(raw):
            continue
        shown = _shown(raw)
        key = names.get(normalize(shown.rstrip("*").strip()))
        if key is None:
            keys = ", ".join(c.key for c in job.kind.columns)
            job.error(
                1,
                shown,
                _("Unknown column. The columns of this kind are: %(keys)s.") % {"keys": keys},
            )
            failed = True
        elif key in job.headers:
            job.error(
                1,
                shown,
                _("The column “%(key)s” is already given as “%(other)s”; keep only one of them.")
                % {"key": key, "other": job.headers[key]},
            )
            failed = True
        else:
            job.headers[key] = shown
            mapping[index] = key
    for column in job.kind.columns:
        if column.required and column.key not in job.headers:
            job.error(1, column.key, _("This required column is missing."))
            failed = True
    return None if failed else mapping


def _touches_header(merged: str) -> bool:
    first, _sep, last = merged.replace("$", "").partition(":")
    return first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == "1"


def _merged_header(merged: str) -> str:
    return _(
        "Merged header cells (%(range)s). Unmerge them and give every column its own header."
    ) % {"range": merged}


def _parse_rows(job: Job, rows: Iterator, mapping: dict[int, str], parsers: dict[str, Any]):
    """Parsed rows, one at a time; blank rows are skipped. This is the inner loop of every
    import, hence the plain code."""
    columns = {c.key: c for c in job.kind.columns}
    specs = [
        (index, key, parsers[key], columns[key].default, columns[key].required)
        for index, key in sorted(mapping.items())
    ]
    width = max(mapping) + 1 if mapping else 0
    unnamed = [index for index in range(width) if index not in mapping]
    required_message = _("This cell is required.")
    for number, cells in rows:
        for value in cells:
            if value is not None and (value.__class__ is not str or value.strip()):
                break
        else:
            continue  # a blank row
        values: dict[str, Any] = {}
        row = Row(number, values)
        count = len(cells)
        for index, key, parse, default, required in specs:
            raw = cells[index] if index < count else None
            if raw is None or (raw.__class__ is str and not raw.strip()):
                values[key] = default
                if required:
                    job.row_error(row, key, required_message)
                continue
            try:
                if raw.__class__ is not str:
                    refuse_markers(raw)
                values[key] = parse(raw)
            except CellError as error:
                values[key] = None
                job.row_error(row, key, error)
        if count > width or unnamed:
            for index in [*unnamed, *range(width, count)]:
                if index < count and not is_blank(cells[index]):
                    job.row_error(
                        row, column_letter(index), _("A value in a column without a header.")
                    )
        yield row


def _run(job: Job, table: Table, on_progress: Callable[[int, float], None] | None) -> None:
    rows = table.rows()
    number, header = next(rows, (None, []))
    if number is None or (number == 1 and all(is_blank(v) for v in header)):
        # Row 1 is missing or blank: an empty file, or headers further down.
        if not any(not all(is_blank(v) for v in cells) for _n, cells in rows):
            raise FileProblem(_("The file is empty."))
        number = None
    if number != 1:
        raise FileProblem(_("The first row must hold the column headers, but it is empty."))
    for cell in header:
        if not is_blank(cell):
            try:
                refuse_markers(cell)
            except CellError as error:
                raise FileProblem(_("Row 1: %(message)s") % {"message": error}) from None
    mapping = _match_headers(job, table, header)
    if mapping is None:
        return
    parsers = {key: job.kind.column(key).parser() for key in set(mapping.values())}
    job.kind.begin(job)

    batch: list[Row] = []
    for row in _parse_rows(job, rows, mapping, parsers):
        job.result.rows += 1
        batch.append(row)
        if len(batch) >= job.kind.batch_size:
            job.kind.handle(batch, job)
            job.flush()
            batch = []
            if on_progress is not None:
                on_progress(job.result.rows, table.progress())
    if batch:
        job.kind.handle(batch, job)
    job.kind.finish(job)
    for merged in table.merged:
        first_cell = merged.split(":")[0]
        row_number = int(first_cell.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ").replace("$", "") or 1)
        letter = column_letter(column_index(first_cell))
        if _touches_header(merged):
            job.error(1, letter, _merged_header(merged))
        else:
            job.error(
                row_number,
                letter,
                _("Merged cells (%(range)s). Unmerge them and fill in every cell.")
                % {"range": merged},
            )
    if job.result.rows == 0:
        job.error(None, None, _("The file has a header row but no data rows."))


# The cyclic garbage collector's thresholds while an import runs (see `_fewer_collections`).
IMPORT_GC_THRESHOLDS = (50_000, 20, 100)
_collections_eased = False


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Ease Python's cyclic garbage collector while an import runs. An import makes a few
    objects per cell, most of which live until their batch is written; with the default
    thresholds (700 new objects) the collector ran every few rows and its full rounds
    walked every object of the process, Django's included: a fifth of an import's CPU
    (councils 0.72–0.75 → 0.54–0.56 s, inspections 4.2 → 3.4 s, docs/performance.md).
    The objects that exist before the import are set aside for its duration (gc.freeze)
    and new ones are collected less often; cycles are still collected."""
    global _collections_eased
    if _collections_eased:  # an import inside an import's callback
        yield
        return
    thresholds = gc.get_threshold()
    _collections_eased = True
    gc.freeze()
    gc.set_threshold(*IMPORT_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        _collections_eased = False


def import_file(
    *,
    kind: str,
    stream: IO[bytes],
    user: User | None,
    dry_run: bool = False,
    on_error: Callable[[RowError], None] | None = None,
    on_progress: Callable[[int, float], None] | None = None,
    keep_errors: int = KEEP_ERRORS,
    before_commit: Callable[[Result], None] | None = None,
) -> Result:
    """Import a spreadsheet of one kind, all or nothing, as `user` (None: a system import
    with the whole country in scope). Never raises for the file's content: every problem
    is in the result's errors. `before_commit` runs inside the import's transaction when
    it is about to commit, to record the outcome with the data or to veto it by raising."""
    scope = import_scope(user)
    job = Job(get_kind(kind), scope, dry_run, on_error=on_error, keep_errors=keep_errors)
    if not job.kind.allowed(job):
        raise PermissionDenied(
            _("Only federation staff can import this kind of records (%(kind)s).")
            % {"kind": job.kind.label}
        )
    try:
        with (
            _fewer_collections(),
            fastwrite.counting_writes() as written,
            transaction.atomic(),
        ):
            fastwrite.plan_as_key_lookups()
            try:
                with fastwrite.pipelined_batches(), open_table(stream) as table:
                    _run(job, table, on_progress)
            except FileProblem as problem:
                job.error(None, None, str(problem))
            job.flush()
            if job.result.error_count or dry_run:
                raise _Rollback
            if before_commit is not None:
                before_commit(job.result)
            # Rows went in by COPY and bulk writes, past the signals: every scope's cached
            # numbers are computed again once this commits (kzsafety/scope_cache.py).
            scope_cache.changed_everywhere()
    except _Rollback:
        pass
    else:
        # The tables it filled are planned by what they hold now, for the next import
        # (the violations of the inspections just imported) and the pages.
        fastwrite.analyze_written(written)
    return job.result

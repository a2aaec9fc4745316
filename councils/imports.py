"""Import kind of production councils (CONTRACTS.md §3, `councils`): one row is a council,
matched by the enterprise's BIN and the date it was established.

Every council is checked by the rules of `council_save`, the register page's write
function (`council_prepare`, `council_check`), so the page and the import can never
disagree on a rule. New and changed councils are written in bulk (imports_bulk.py: the
enterprises locked and their councils read once per segment, the rows written with
`COPY`); `OneByOneCouncilsKind` saves each through `council_save` instead, the reference
the bulk path is tested against.

A file is many councils at once, and one rule depends on the others: an enterprise has
one active council at a time. `council_save` checks a council against the database, which
holds only the rows written so far, and nothing at all once an error stops the writing.
So before anything is written the periods are checked over what the register would hold
after the import (its councils, with the file's rows in place of those they name), and
the rows are then written in order of establishment, each enterprise's earlier council
(perhaps given its dissolution date by this very file) before the later one."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.access import councils_visible_to
from councils.imports_bulk import BulkCouncils
from councils.models import Council
from councils.services.common import check_past
from councils.services.registry import council_save
from kzsafety.directories.imports import enterprise_bin_column, yes_no_options
from kzsafety.directories.models import Enterprise, Sector
from kzsafety.imports import fastwrite, references, values
from kzsafety.imports.bulk import HISTORY_REASON, new_record, relate
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import (
    DATE_ACCEPTS,
    YES_NO_ACCEPTS,
    Column,
    ImportKind,
    Row,
    field_label,
)

# Model field -> column, to show the rules' errors at the right cell. Errors about the
# council as a whole (the periods, a constraint) belong to its key's date.
COLUMNS = {
    "enterprise": "enterprise_bin",
    "established_on": "established_on",
    "union_initiative": "union_initiative",
    "sector": "sector",
    "dissolved_on": "dissolved_on",
    NON_FIELD_ERRORS: "established_on",
}


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass(slots=True)
class _Period:
    """A council as the register would hold it after the import: from the file (`row`)
    or, for a council the file does not name, from the database."""

    start: datetime.date
    end: datetime.date | None
    row: Row | None

    def active_on(self, day: datetime.date) -> bool:
        # Active from established_on up to the day before dissolved_on (council_check).
        return self.start <= day and (self.end is None or self.end > day)


class CouncilsKind(ImportKind):
    key = "councils"
    label = gettext_lazy("Production councils")
    description = gettext_lazy(
        "One row is a production council; rows are matched by the enterprise's BIN and the "
        "date the council was established."
    )
    columns = (
        enterprise_bin_column(),
        Column(
            "established_on",
            field_label(Council, "established_on"),
            parse=values.date,
            required=True,
            accepts=DATE_ACCEPTS,
        ),
        Column(
            "union_initiative",
            field_label(Council, "union_initiative"),
            build=values.boolean,
            default=False,
            accepts=YES_NO_ACCEPTS,
            options=yes_no_options,
        ),
        Column(
            "sector",
            field_label(Council, "sector"),
            build=references.sector,
            accepts=gettext_lazy(
                "its key or its name in any language; left blank: the enterprise's sector "
                "(a new council takes it, an existing one keeps its own)"
            ),
            options=references.reference_names(Sector),
        ),
        Column(
            "dissolved_on",
            field_label(Council, "dissolved_on"),
            parse=values.date,
            accepts=gettext_lazy(
                "a date: YYYY-MM-DD, DD.MM.YYYY or an Excel date cell; left blank while the "
                "council is active"
            ),
        ),
    )

    field_columns = COLUMNS
    # New and changed councils in bulk (imports_bulk.py); False: each through council_save.
    bulk = True

    def begin(self, job: Job) -> None:
        # enterprises: BIN -> Enterprise; councils: enterprise id -> {established_on:
        # Council} for every enterprise the file names; seen: key -> row number; sectors:
        # id -> Sector, so a council's sector is a loaded record (not looked up again).
        job.state.update(
            enterprises={},
            councils={},
            seen={},
            rows=[],
            sectors=Sector.objects.in_bulk(),
            today=timezone.localdate(),
        )

    def _visible(self, job: Job) -> QuerySet[Council]:
        return job.scope.records(Council, councils_visible_to)

    def handle(self, rows: list[Row], job: Job) -> None:
        """Resolve the batch's enterprises and their councils (a query each), check what
        one row can show on its own, and keep the rows for `finish`."""
        enterprises: dict[str, Enterprise] = job.state["enterprises"]
        wanted = {row["enterprise_bin"] for row in rows} - enterprises.keys() - {None}
        found = list(fastwrite.any_of(job.scope.enterprises(), "bin", wanted).order_by())
        sectors = job.state["sectors"]
        for enterprise in found:
            enterprises[enterprise.bin] = enterprise
            Enterprise.sector.field.set_cached_value(enterprise, sectors[enterprise.sector_id])
        councils: dict[int, dict[datetime.date, Council]] = job.state["councils"]
        for enterprise in found:
            councils[enterprise.pk] = {}
        if found:
            known = fastwrite.any_of(self._visible(job), "enterprise", [e.pk for e in found])
            known = known.order_by()
            for council in known:
                councils[council.enterprise_id][council.established_on] = council
        for row in rows:
            self._check_row(row, job)

    def _check_row(self, row: Row, job: Job) -> None:
        bin_, established_on = row["enterprise_bin"], row["established_on"]
        if bin_ is None or established_on is None:
            return  # a required cell is blank or unreadable, and already reported
        seen = job.state["seen"]
        key = (bin_, established_on)
        if key in seen:
            job.row_error(
                row,
                "established_on",
                _("The same record is already in row %(row)s.") % {"row": seen[key]},
            )
            return
        seen[key] = row.number
        enterprise = job.state["enterprises"].get(bin_)
        if enterprise is None:
            job.row_error(row, "enterprise_bin", _("No enterprise with this BIN in your scope."))
            return
        row.extra["enterprise"] = enterprise
        job.state["rows"].append(row)
        dissolved_on = row["dissolved_on"]
        try:
            check_past(established_on, "established_on", job.state["today"])
            check_past(dissolved_on, "dissolved_on", job.state["today"])
        except ValidationError as error:
            job.report(row, error, COLUMNS, "established_on")
        if dissolved_on is not None and dissolved_on < established_on:
            constraint = next(
                c
                for c in Council._meta.constraints
                if c.name == "council_dissolved_after_established"
            )
            job.row_error(row, "dissolved_on", constraint.violation_error_message)

    def finish(self, job: Job) -> None:
        rows: list[Row] = job.state["rows"]
        self._check_periods(rows, job)
        rows.sort(key=lambda row: (row.extra["enterprise"].pk, row["established_on"]))
        if self.bulk:
            BulkCouncils(self, job).run(rows)
            return
        for row in rows:
            if row.failed:
                continue
            outcome = self._import_council(row, job)
            if outcome is not None:
                setattr(job.result, outcome, getattr(job.result, outcome) + 1)

    def _existing(self, row: Row, job: Job) -> Council | None:
        return job.state["councils"][row.extra["enterprise"].pk].get(row["established_on"])

    def _end(self, row: Row, job: Job) -> datetime.date | None:
        """The dissolution date the council will have: a column left out keeps it."""
        if row.has("dissolved_on"):
            return row["dissolved_on"]
        existing = self._existing(row, job)
        return existing.dissolved_on if existing is not None else None

    def _check_periods(self, rows: list[Row], job: Job) -> None:
        """No enterprise with two councils active on the same day, over the register as
        the import would leave it. Each clash is reported once, at a row of the file."""
        by_enterprise: dict[int, list[Row]] = {}
        for row in rows:
            by_enterprise.setdefault(row.extra["enterprise"].pk, []).append(row)
        for enterprise_id, its_rows in by_enterprise.items():
            periods = {
                day: _Period(day, council.dissolved_on, None)
                for day, council in job.state["councils"][enterprise_id].items()
            }
            for row in its_rows:
                # A row that failed says nothing reliable about its council: leave it out.
                periods.pop(row["established_on"], None)
                if not row.failed:
                    periods[row["established_on"]] = _Period(
                        row["established_on"], self._end(row, job), row
                    )
            self._report_clashes(sorted(periods.values(), key=lambda p: p.start), job)

    def _report_clashes(self, periods: list[_Period], job: Job) -> None:
        latest: _Period | None = None  # of the councils so far, the one that ends last
        for period in periods:
            if latest is not None and latest.active_on(period.start):
                self._clash(latest, period, job)
            if (
                latest is None
                or period.end is None
                or (latest.end is not None and period.end > latest.end)
            ):
                latest = period

    def _clash(self, earlier: _Period, later: _Period, job: Job) -> None:
        if later.row is not None and earlier.row is not None:
            job.row_error(
                later.row,
                "established_on",
                _(
                    "The council in row %(row)s, of the same enterprise and established on "
                    "%(date)s, is active in the same period; record when that one was "
                    "dissolved."
                )
                % {"row": earlier.row.number, "date": _day(earlier.start)},
            )
        elif later.row is not None:
            # The same words as council_save, which would find this clash on saving.
            job.row_error(
                later.row,
                "established_on",
                _(
                    "%(enterprise)s already has a council established on %(date)s that is "
                    "active in the same period; record when that one was dissolved first."
                )
                % {
                    "enterprise": later.row.extra["enterprise"].name,
                    "date": _day(earlier.start),
                },
            )
        elif earlier.row is not None:
            job.row_error(
                earlier.row,
                "dissolved_on",
                _(
                    "%(enterprise)s has a later council, established on %(date)s; this one "
                    "must be dissolved on that date or before."
                )
                % {
                    "enterprise": earlier.row.extra["enterprise"].name,
                    "date": _day(later.start),
                },
            )
        # Two councils already in the register are not this file's to answer for.

    def council_for(self, row: Row, job: Job) -> tuple[Council, bool, bool]:
        """The council as the row leaves it: (council, whether it is new, whether it
        differs from the register)."""
        council = self._existing(row, job)
        is_new = council is None
        if council is None:
            council = new_record(Council)
            relate(council, "enterprise", row.extra["enterprise"])
            council.established_on = row["established_on"]
        else:
            # The records this import has read, so the checks need not read them again.
            council.enterprise = row.extra["enterprise"]
            if council.sector_id is not None and not Council.sector.is_cached(council):
                council.sector = job.state["sectors"][council.sector_id]
        before = (council.union_initiative, council.sector_id, council.dissolved_on)
        if row.has("union_initiative"):
            council.union_initiative = row["union_initiative"]
        if row["sector"] is not None:
            # Blank: council_check gives the enterprise's.
            relate(council, "sector", job.state["sectors"][row["sector"]])
        if row.has("dissolved_on"):
            council.dissolved_on = row["dissolved_on"]
        after = (council.union_initiative, council.sector_id, council.dissolved_on)
        return council, is_new, is_new or before != after

    def _import_council(self, row: Row, job: Job) -> str | None:
        """Save one council; 'created', 'updated' or 'unchanged', or None after errors.
        Once an error was found nothing is written (it would be rolled back), but the
        rows are still counted."""
        council, is_new, changed = self.council_for(row, job)
        if not changed:
            return "unchanged"
        if job.writing:
            council._change_reason = HISTORY_REASON
            try:
                council_save(user=job.user, council=council)
            except ValidationError as error:
                job.report(row, error, COLUMNS, "established_on")
                return None
            except PermissionDenied as error:
                job.row_error(row, "enterprise_bin", str(error))
                return None
        return "created" if is_new else "updated"


class OneByOneCouncilsKind(CouncilsKind):
    """Every council through `council_save`, one by one: the path the bulk import is
    tested against (tests/imports/test_council_bulk_import.py)."""

    bulk = False

"""The rows of a page of the inspection and violation lists, by their ids, each in one
fixed statement.

The list's ids come from the scoped and filtered query (inspection_list); what a row shows
(its enterprise, inspector, notice and four figures) was read by the ORM with five
correlated subqueries (`InspectionQuerySet.with_counts`, with the proposals' count the list
does not show), which cost 10–11 ms of CPU a page to build, compile and turn into 125
model instances on the national data, a third of the page (docs/performance.md, "Lists,
fourth round"). This statement is written once per
process; a page costs its execution and 25 small rows. The figures are those of
`with_counts`: tests/inspections/test_list_rows.py compares the two on every kind of row.

The violation list's rows (its inspection's date, enterprise and notice) were 25 model
instances with three related ones each and the overdue flag as an annotation; the flag is
the model's own rule (`overdue_on`), worked out in Python as `Violation.is_overdue` does.

Region, sector and category are shown by name from the reference lists kept in memory
(kzsafety/reference_choices.py), not joined."""

import datetime
from dataclasses import dataclass
from functools import cache

from django.db import connections, router
from django.utils import timezone

from inspections.models import (
    Inspection,
    InspectionStatus,
    Notice,
    Violation,
    ViolationStatus,
    WorkStoppage,
)
from inspections.models.violations import overdue_on
from kzsafety.directories.models import Enterprise, TechnicalInspector


@dataclass(slots=True)
class InspectionRow:
    """What the inspection list shows of one inspection."""

    pk: int
    date: datetime.date
    status: str
    kind: str
    enterprise_name: str
    region_id: int
    sector_id: int
    inspector_name: str
    notice_number: str | None
    violation_total: int
    open_total: int
    overdue_total: int
    has_stoppage: bool

    @property
    def is_draft(self) -> bool:
        return self.status == InspectionStatus.DRAFT


def _table(model) -> str:
    return model._meta.db_table


def _column(model, field: str) -> str:
    return model._meta.get_field(field).column


@cache
def _statement(vendor: str) -> str:
    """The statement with three parameters (the status of an eliminated violation twice,
    today) and then the ids: one array on PostgreSQL (the same text for every page, so it
    is prepared once per connection), a list of placeholders elsewhere (`{ids}`)."""
    v, w = _table(Violation), _table(WorkStoppage)
    v_of, w_of = _column(Violation, "inspection"), _column(WorkStoppage, "inspection")
    violations = f"SELECT COUNT(*) FROM {v} v WHERE v.{v_of} = i.id"  # noqa: S608 — names
    ids = "i.id = ANY(%s)" if vendor == "postgresql" else "i.id IN ({ids})"
    # The models' own table and column names, no input.
    return (
        f"SELECT i.id, i.{_column(Inspection, 'date')}, i.{_column(Inspection, 'status')}, "  # noqa: S608
        f"i.{_column(Inspection, 'kind')}, e.{_column(Enterprise, 'name')}, "
        f"e.{_column(Enterprise, 'region')}, e.{_column(Enterprise, 'sector')}, "
        f"t.{_column(TechnicalInspector, 'full_name')}, n.{_column(Notice, 'number')}, "
        f"({violations}), "
        f"({violations} AND v.{_column(Violation, 'status')} <> %s), "
        f"({violations} AND v.{_column(Violation, 'status')} <> %s "
        f"AND v.{_column(Violation, 'deadline')} < %s), "
        f"EXISTS (SELECT 1 FROM {w} w WHERE w.{w_of} = i.id) "
        f"FROM {_table(Inspection)} i "
        f"JOIN {_table(Enterprise)} e ON e.id = i.{_column(Inspection, 'enterprise')} "
        f"JOIN {_table(TechnicalInspector)} t ON t.id = i.{_column(Inspection, 'inspector')} "
        f"LEFT JOIN {_table(Notice)} n ON n.{_column(Notice, 'inspection')} = i.id "
        f"WHERE {ids}"
    )


def _date(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value  # SQLite


def _fetch(model, statement, params: list, ids: list[int]) -> list[tuple]:
    """Run the statement of `model`'s rows (a function of the database's vendor) with its
    parameters and then the ids, on the database the model is read from."""
    connection = connections[router.db_for_read(model)]
    sql = statement(connection.vendor)
    if connection.vendor == "postgresql":
        params = [*params, list(ids)]
    else:
        sql = sql.format(ids=", ".join(["%s"] * len(ids)))
        params = [*params, *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def inspection_rows(ids: list[int], today: datetime.date) -> list[InspectionRow]:
    """The rows of these inspections (in no particular order: the page puts them in its
    own), with the figures as of `today`."""
    if not ids:
        return []
    eliminated = ViolationStatus.ELIMINATED.value
    rows = _fetch(Inspection, _statement, [eliminated, eliminated, today], ids)
    # the columns in the fields' order; the day and the flag as the database gives them
    return [InspectionRow(row[0], _date(row[1]), *row[2:-1], bool(row[-1])) for row in rows]


@dataclass(slots=True)
class ViolationRow:
    """What the violation list shows of one violation."""

    pk: int
    position: int
    description: str
    category_id: int | None
    deadline: datetime.date | None
    status: str
    inspection_date: datetime.date
    enterprise_name: str
    notice_number: str | None

    @property
    def is_overdue(self) -> bool:
        return overdue_on(self.status, self.deadline, timezone.localdate())


@cache
def _violation_statement(vendor: str) -> str:
    """The statement with the ids as its one parameter (see `_statement`)."""
    ids = "v.id = ANY(%s)" if vendor == "postgresql" else "v.id IN ({ids})"
    col = _column
    # The models' own table and column names, no input.
    return (
        f"SELECT v.id, v.{col(Violation, 'position')}, v.{col(Violation, 'description')}, "  # noqa: S608
        f"v.{col(Violation, 'category')}, v.{col(Violation, 'deadline')}, "
        f"v.{col(Violation, 'status')}, i.{col(Inspection, 'date')}, "
        f"e.{col(Enterprise, 'name')}, n.{col(Notice, 'number')} "
        f"FROM {_table(Violation)} v "
        f"JOIN {_table(Inspection)} i ON i.id = v.{col(Violation, 'inspection')} "
        f"JOIN {_table(Enterprise)} e ON e.id = i.{col(Inspection, 'enterprise')} "
        f"LEFT JOIN {_table(Notice)} n ON n.{col(Notice, 'inspection')} = i.id "
        f"WHERE {ids}"
    )


def violation_rows(ids: list[int]) -> list[ViolationRow]:
    """The rows of these violations, in no particular order."""
    if not ids:
        return []
    rows = _fetch(Violation, _violation_statement, [], ids)
    return [
        ViolationRow(
            pk, position, text, category, _date(deadline), status, _date(day), name, notice
        )
        for pk, position, text, category, deadline, status, day, name, notice in rows
    ]

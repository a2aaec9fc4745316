"""Bulk writes of checked records with their history rows.

On PostgreSQL the rows go in with COPY (ids taken from the table's sequence first, so the
history rows and child records can point at them); Django's bulk_create spends most of its
time preparing parameters and reaches about a third of the speed. Elsewhere (SQLite in
development and tests) django-simple-history's own bulk functions are used. Both write the
same rows: the record, and a history row per record as simple_history would write it."""

import operator
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from django.db import DatabaseError, connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

# Field types whose Python value PostgreSQL takes as it is; others go through Django.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None)


# Rows written per table by the import running in this process (see `counting_writes`).
_written: Counter | None = None
# A table is analysed after an import when the rows it wrote are at least this share of
# what the table held before, as autovacuum would (autovacuum_analyze_scale_factor), and
# at least ANALYZE_AT_LEAST rows.
ANALYZE_SHARE = 0.1
ANALYZE_AT_LEAST = 1000


@contextmanager
def counting_writes() -> Iterator[Counter]:
    """Count the rows this module writes to each table (history tables aside) while the
    block runs; the counter is what `analyze_written` takes."""
    global _written
    outer, _written = _written, Counter()
    try:
        yield _written
    finally:
        _written = outer


def _count(model: type[models.Model], rows: int) -> None:
    if _written is not None and rows:
        _written[model._meta.db_table] += rows


# ---- Batches answered while the next one is read (PostgreSQL) ----------------------------
#
# The end of a batch's writes needs no answer: its history rows (INSERT … SELECT from the
# rows just copied), the foreign-key checks (deferred to the commit by Django's
# constraints; SET CONSTRAINTS ALL IMMEDIATE runs the batch's checks now) and the release of
# its savepoint. They are sent together in pipeline mode (psycopg) and the import goes on
# reading and parsing the next batch while PostgreSQL works on them, on the other core;
# their answers are taken before the connection is used again (`finish_pending`). A refusal
# among them is reported like one during the batch: its savepoint is rolled back and the
# batch's `on_error` is told. The imports of inspectors and inspections spent a third of
# their time waiting for these statements and for the checks at the commit.

_SAVEPOINT = "kzsafety_import_batch"
_deferring: list[tuple[str, list]] | None = None  # a batch's statements that need no answer
_pending: tuple[Any, Any] | None = None  # (the open pipeline, on_error) of the last batch
_pipelining = False  # inside `pipelined_batches`


def _execute_or_defer(cursor, sql: str, params: list) -> None:
    if _deferring is not None:
        _deferring.append((sql, params))
    else:
        cursor.execute(sql, params)


def finish_pending() -> None:
    """Take the answers of the last batch's end (see above); a refusal among them rolls
    that batch back to its savepoint and goes to its `on_error`."""
    global _pending
    if _pending is None:
        return
    pipeline, on_error = _pending
    _pending = None
    try:
        with connection.wrap_database_errors:
            pipeline.__exit__(None, None, None)
    except DatabaseError as error:
        _refused(error, on_error)


def _refused(error: DatabaseError, on_error) -> None:
    """The end of a batch was refused: back to the batch's savepoint, and say so."""
    _undo_batch()
    on_error(error)


def _undo_batch() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
        cursor.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")


def _close(pipeline) -> None:
    """Leave a pipeline whose refusal is already known (or an error is leaving anyway)."""
    with suppress(psycopg.Error):
        pipeline.__exit__(None, None, None)


def _guard(execute, sql, params, many, context):
    finish_pending()
    return execute(sql, params, many, context)


@contextmanager
def pipelined_batches() -> Iterator[None]:
    """While the block runs, `batch` sends the end of each batch without waiting for it
    (PostgreSQL); every query first takes the answers still to come. Leaving the block
    takes them too: a refusal among them is reported before the import decides to commit."""
    global _pipelining, _pending
    if connection.vendor != "postgresql":
        yield
        return
    _pipelining = True
    try:
        with connection.execute_wrapper(_guard):
            yield
            finish_pending()
    finally:
        _pipelining = False
        if _pending is not None:  # leaving on an error: the transaction is rolled back
            pipeline, _pending = _pending[0], None
            _close(pipeline)


@contextmanager
def batch(on_error) -> Iterator[None]:
    """Write one batch all or nothing within the import's transaction. Inside
    `pipelined_batches` the end of the batch is answered later (see above) and a refusal
    there goes to `on_error(error)`; a refusal while the block runs rolls the batch back
    and is raised, as `transaction.atomic()` (used elsewhere) does."""
    global _deferring, _pending
    if not _pipelining:
        with transaction.atomic():
            yield
        return
    finish_pending()
    with connection.cursor() as cursor:
        cursor.execute(f"SAVEPOINT {_SAVEPOINT}")
    _deferring = []
    try:
        yield
    except BaseException:
        _deferring = None
        _undo_batch()
        raise
    statements, _deferring = _deferring, None
    statements += [
        ("SET CONSTRAINTS ALL IMMEDIATE", []),
        ("SET CONSTRAINTS ALL DEFERRED", []),
        (f"RELEASE SAVEPOINT {_SAVEPOINT}", []),
    ]
    raw = connection.connection
    pipeline = raw.pipeline()
    pipeline.__enter__()
    _pending = (pipeline, on_error)
    try:
        with connection.wrap_database_errors, raw.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params or None)
    except DatabaseError as error:
        # Sending also reads the answers already there: the refusal came back before the
        # last statement went.
        _pending = None
        _close(pipeline)
        _refused(error, on_error)


def plan_as_key_lookups() -> None:
    """For the rest of the import's transaction (PostgreSQL): no sequential scans where an
    index serves. An import's queries look records up by the keys of one batch, in tables
    it is filling in the same transaction; PostgreSQL plans them by statistics taken before
    (a table that had no rows has no statistics), estimates that a batch of keys matches
    much of the table, and scans all of it, a scan that grows with every batch written. The
    violations of a national year: 17 ms a batch to find the existing ones, and their
    history rows read back by id the same way; with this setting 10.5 s became 9.1 s, and
    12.4 s became 9.3 s after a dry run of the same file (docs/performance.md). A table
    without a fitting index is still scanned."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")


def analyze_written(written: Counter) -> list[str]:
    """ANALYZE the tables an import filled with many new rows (PostgreSQL; after the
    commit). Their statistics otherwise describe the table before the import until
    autovacuum's next round, up to a minute later: a table that had 0 rows is planned as
    tiny, so the next import's lookups in it by key scan the whole table (the violations
    of a year imported straight after its inspections: 16 ms a batch instead of 2, a
    tenth of the import). Returns the tables analysed."""
    if connection.vendor != "postgresql" or not written:
        return []
    tables = [t for t, rows in written.items() if rows >= ANALYZE_AT_LEAST]
    if not tables:
        return []
    with connection.cursor() as cursor:
        # The tables by name as the connection's search_path finds them.
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE oid = ANY(%s::regclass[])", [tables]
        )
        before = dict(cursor.fetchall())
        grown = [t for t in tables if written[t] >= ANALYZE_SHARE * max(before.get(t, 0), 0)]
        for table in grown:
            cursor.execute(f"ANALYZE {_quote(table)}")
    return grown


def _copy_ready(model: type[models.Model]) -> bool:
    """Whether COPY can write this model and its history exactly as Django would."""
    if connection.vendor != "postgresql":
        return False
    history = _history_model(model)
    if history is None:
        return True
    tracked = {f.name for f in history.tracked_fields}
    return {f.name for f in history._meta.concrete_fields} == tracked | HISTORY_FIELDS


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


_SEQUENCES: dict[tuple[str, str], str] = {}


def _new_ids(cursor, model: type[models.Model], count: int) -> list[int]:
    """`count` ids from the primary key's sequence. The sequence's name is looked up
    once: `pg_get_serial_sequence` in the select list runs again for every row, which made
    the ids cost eight times as much as `nextval` of a named sequence."""
    key = (model._meta.db_table, model._meta.pk.column)
    if key not in _SEQUENCES:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", list(key))
        _SEQUENCES[key] = cursor.fetchone()[0]
    cursor.execute(
        "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [_SEQUENCES[key], count]
    )
    return [row[0] for row in cursor.fetchall()]


def _converter(field: models.Field):
    if field.get_internal_type() in PLAIN_TYPES:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _copy(cursor, table: type[models.Model] | str, fields: Sequence[models.Field], rows) -> None:
    """COPY rows into a model's table (or a table named by its quoted name)."""
    finish_pending()  # COPY cannot share the connection with a batch's answers to come
    name = table if isinstance(table, str) else _quote(table._meta.db_table)
    columns = ", ".join(_quote(f.column) for f in fields)
    sql = f"COPY {name} ({columns}) FROM STDIN"
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _converted(row, converters) -> list[Any]:
    values = list(row)
    for index, convert in converters:
        values[index] = convert(values[index])
    return values


def _rows(instances, fields, converters):
    """COPY rows of model instances: the fields' values, converted where needed."""
    values = operator.attrgetter(*(f.attname for f in fields))  # a tuple, for two or more
    rows = (values(i) for i in instances) if len(fields) > 1 else ((values(i),) for i in instances)
    if converters:
        rows = (_converted(row, converters) for row in rows)
    return rows


def _converters(fields: Sequence[models.Field]) -> list[tuple[int, Any]]:
    return [(i, c) for i, f in enumerate(fields) if (c := _converter(f))]


def _stamped(fields, *, adding: bool) -> list[models.Field]:
    """Fields Django stamps with the time on save (auto_now, and auto_now_add when adding)."""
    return [
        f
        for f in fields
        if getattr(f, "auto_now", False) or (adding and getattr(f, "auto_now_add", False))
    ]


def _write_history(
    cursor, model, ids: list[int], kind: str, user, reason: str, shown: dict | None = None
) -> None:
    """History rows as simple_history writes them, copied by the database from the rows
    just written (the historical table has the same columns plus its own). `shown`: field
    values the history rows show instead of the record's (attribute -> value)."""
    history = _history_model(model)
    if history is None or not ids:
        return
    tracked = [f.column for f in history.tracked_fields]
    shown = {model._meta.get_field(name).column: value for name, value in (shown or {}).items()}
    columns = ", ".join(_quote(c) for c in tracked)
    selected = ", ".join("%s" if c in shown else _quote(c) for c in tracked)
    array, cast = _array(list(ids))
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    _execute_or_defer(
        cursor,
        f"INSERT INTO {_quote(history._meta.db_table)} "  # noqa: S608 — quoted names
        f"({columns}, {', '.join(_quote(c) for c in extra)}) "
        f"SELECT {selected}, %s, %s, %s, %s FROM {_quote(model._meta.db_table)} "
        f"WHERE {_quote(model._meta.pk.column)} = ANY(%s{cast}) "
        f"ORDER BY {_quote(model._meta.pk.column)}",
        [
            *(shown[c] for c in tracked if c in shown),
            timezone.now(),
            reason,
            kind,
            None if user is None else user.pk,
            array,
        ],
    )


def history(
    model: type[models.Model], ids: list[int], kind: str, *, user, reason: str | None, shown=None
) -> None:
    """Write history rows of records already written (kind "+", "~" or "-"), e.g. for a
    record inserted in its final state whose history has an earlier step (`shown`: the
    values of that step). PostgreSQL only (see `copy_ready`)."""
    with connection.cursor() as cursor:
        _write_history(cursor, model, ids, kind, user, reason, shown)


def any_of(queryset: models.QuerySet, name: str, values) -> models.QuerySet:
    """`queryset.filter(<name>__in=values)`, sent on PostgreSQL as one array parameter
    (`= ANY(%s)`): a lookup of a batch names thousands of keys, and an IN list of
    thousands of parameters costs more to build, send and plan than the lookup itself."""
    values = list(values)
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{name}__in": values})
    model = queryset.model
    column = f"{_quote(model._meta.db_table)}.{_quote(model._meta.get_field(name).column)}"
    array, cast = _array(values)
    return queryset.filter(
        RawSQL(f"{column} = ANY(%s{cast})", [array], output_field=models.BooleanField())  # noqa: S611 — quoted names, values as a parameter
    )


def _array(values: list) -> tuple[Any, str]:
    """An array parameter, and the cast it needs. Ids are sent as the text of an array
    (`{1,2,3}`), which the database reads as fast as psycopg's array, while psycopg builds
    its arrays in Python, value by value: a third of a batch's lookup time."""
    if values and all(value.__class__ is int for value in values):
        return "{" + ",".join(map(str, values)) + "}", "::bigint[]"
    return values, ""


def copy_ready(model: type[models.Model]) -> bool:
    return _copy_ready(model)


def insert(
    model: type[models.Model],
    instances: list[models.Model],
    *,
    user,
    reason: str | None,
    shown: dict | None = None,
) -> None:
    """Insert new records (they get their ids) and their history rows (`shown`: values
    the history rows show instead of the record's, see `history`; PostgreSQL only)."""
    if not instances:
        return
    _count(model, len(instances))
    if not _copy_ready(model):
        if _history_model(model) is None:
            model._default_manager.bulk_create(instances)
            return
        bulk_create_with_history(
            instances,
            model,
            batch_size=len(instances),
            default_user=user,
            default_change_reason=reason,
        )
        return
    fields = list(model._meta.concrete_fields)
    stamped = _stamped(fields, adding=True)
    converters = _converters(fields)
    now = timezone.now()  # one moment for the batch, as pre_save would give each record
    pk_name, alias = model._meta.pk.attname, connection.alias
    with connection.cursor() as cursor:
        ids = _new_ids(cursor, model, len(instances))
        for instance, pk in zip(instances, ids, strict=True):
            setattr(instance, pk_name, pk)
            for field in stamped:
                setattr(instance, field.attname, now)
            instance._state.adding = False
            instance._state.db = alias
        _copy(cursor, model, fields, _rows(instances, fields, converters))
        _write_history(cursor, model, ids, "+", user, reason, shown)


def insert_values(
    model: type[models.Model],
    attributes: Sequence[str],
    rows: list[tuple],
    *,
    user=None,
    reason: str = "",
) -> None:
    """Insert new records given as tuples of attribute values, without building model
    instances (the other columns take their defaults, or NULL): for child records nothing
    in the import refers to, such as training dates or imported proposals. Records with
    history get their history rows, as `insert` writes them."""
    if not rows:
        return
    history = _history_model(model)
    if not _copy_ready(model):
        instances = [model(**dict(zip(attributes, row, strict=True))) for row in rows]
        insert(model, instances, user=user, reason=reason)
        return
    fields = [model._meta.get_field(a) for a in attributes]
    stamped = [f for f in _stamped(model._meta.concrete_fields, adding=True) if f not in fields]
    converters = _converters(fields)
    if converters:
        rows = [_converted(row, converters) for row in rows]
    _count(model, len(rows))
    with connection.cursor() as cursor:
        if history is None:
            _copy(cursor, model, fields, rows)
            return
        ids = _new_ids(cursor, model, len(rows))
        now = timezone.now()
        _copy(
            cursor,
            model,
            [model._meta.pk, *fields, *stamped],
            ((pk, *row, *(now for _f in stamped)) for pk, row in zip(ids, rows, strict=True)),
        )
        _write_history(cursor, model, ids, "+", user, reason)


def update(
    model: type[models.Model],
    instances: list[models.Model],
    attributes: list[str],
    *,
    user,
    reason: str,
) -> None:
    """Update changed records in the given attributes, and write their history rows."""
    if not instances:
        return
    _count(model, len(instances))
    names = [model._meta.get_field(a).name for a in attributes]
    stamped = _stamped(model._meta.concrete_fields, adding=False)
    names += [f.name for f in stamped if f.name not in names]
    if not _copy_ready(model):
        if _history_model(model) is None:
            model._default_manager.bulk_update(instances, names)
            return
        bulk_update_with_history(
            instances,
            model,
            names,
            batch_size=len(instances),
            default_user=user,
            default_change_reason=reason,
        )
        return
    now = timezone.now()  # one moment for the batch, as in `insert`
    for instance in instances:
        for field in stamped:
            setattr(instance, field.attname, now)
    fields = [model._meta.pk, *(model._meta.get_field(n) for n in names)]
    converters = _converters(fields)
    table, temporary = _quote(model._meta.db_table), _quote("kzsafety_import_update")
    columns = ", ".join(_quote(f.column) for f in fields)
    assignments = ", ".join(f"{_quote(f.column)} = u.{_quote(f.column)}" for f in fields[1:])
    pk = _quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "  # noqa: S608 — names quoted
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        _copy(cursor, temporary, fields, _rows(instances, fields, converters))
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM {temporary} AS u "  # noqa: S608
            f"WHERE t.{pk} = u.{pk}"
        )
        cursor.execute(f"DROP TABLE {temporary}")
        _write_history(cursor, model, [i.pk for i in instances], "~", user, reason)

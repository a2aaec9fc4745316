"""A kind whose rows are records with a natural key, checked by the model's own rules and
written in bulk: one query per batch to find existing records, one bulk insert and one
bulk update per batch, with their history (django-simple-history) written alongside.

The rules are the model's: field validators (the BIN check digit, lengths, ranges) and
`clean()`, the same code the admin form runs. Checks the admin leaves to database
constraints are repeated by the kind with the constraint's own message."""

import inspect
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import Model, QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext as _

from kzsafety.imports import fastwrite
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import ImportKind, Row
from kzsafety.imports.scope import not_valid_for_you

HISTORY_REASON = "import"
PLAIN_ATTRIBUTES = {DeferredAttribute, ForeignKeyDeferredAttribute}


class ModelKind(ImportKind):
    model: type[Model]
    # Column keys that form the key, in order.
    key_columns: tuple[str, ...] = ()
    # Column key -> model attribute set from it (e.g. "region" -> "region_id").
    fields: dict[str, str] = {}
    batch_size = 2000
    # Check new and changed records by the model's field rules and clean(). A kind whose
    # parsers and rule functions already check everything the model would turns this off:
    # the field validators cost a third of a bulk import's time.
    model_rules = True
    # With model_rules: the fields whose rules the column parsers do not already check
    # (e.g. a BIN's check digit); None: every field. Each field's validators cost a few
    # microseconds a row, which at tens of thousands of rows is a good part of an import.
    rule_fields: tuple[str, ...] | None = None

    # --- what a kind fills in ----------------------------------------------------------------

    def visible(self, job: Job) -> QuerySet:
        """Records the import may change, through the scoping function."""
        raise NotImplementedError

    def lookup(self, keys: list[tuple], queryset: QuerySet) -> Iterable[Model]:
        """Records of `queryset` with these keys; the default handles a one-column key."""
        (column,) = self.key_columns
        return fastwrite.any_of(queryset, self.fields[column], [k[0] for k in keys])

    def row_key(self, row: Row, job: Job) -> tuple | None:
        """The row's key (None when a key cell is missing). A kind keyed by row order,
        such as violations within an inspection, counts rows in `job.state` here."""
        values = row.values
        key = tuple(values.get(c, default) for c, default in self._key_defaults)
        return None if None in key else key

    def key_of(self, instance: Model) -> tuple:
        return tuple(getattr(instance, self.fields[c]) for c in self.key_columns)

    def resolve(self, rows: list[Row], job: Job) -> None:
        """Per-batch lookups of references to other records (one query each)."""

    def found(self, existing: dict[tuple, Model], rows: list[Row], job: Job) -> None:
        """After the batch's existing records are found (e.g. to read their children)."""

    def assign(self, instance: Model, row: Row, job: Job) -> None:
        """Set the instance's attributes from the row; by default the mapped columns (a
        row holds a value, or the column's default, for every column of the file)."""
        values = row.values
        if self._direct and instance._state.adding:
            # A new record has no related object cached that setting an id would clear.
            attributes = instance.__dict__
            for column, attribute in self._assigned:
                attributes[attribute] = values[column]
            return
        for column, attribute in self._assigned:
            setattr(instance, attribute, values[column])

    def check(self, instance: Model, row: Row, job: Job) -> None:
        """Scope and constraint checks beyond the model's field rules."""

    def has_other_changes(self, row: Row) -> bool:
        """Whether a row whose own fields are unchanged still changes child records."""
        return False

    def written(self, rows: list[tuple[Row, Model]], job: Job) -> None:
        """After a batch is written, with the created and changed records (child records)."""

    # --- the batch -------------------------------------------------------------------------

    def begin(self, job: Job) -> None:
        job.state["seen"] = {}
        self._key_defaults = [(c, self.column(c).default) for c in self.key_columns]
        # Taken once per import rather than once per row.
        self._assigned = [(c, a) for c, a in self.fields.items() if c in job.headers]
        attributes = {f.attname for f in self.model._meta.concrete_fields}
        self._direct = _plain(self.model) and set(self.fields.values()) <= attributes
        self._defaults = [
            (self.fields[c.key], c.default)
            for c in self.columns
            if c.key in self.fields and c.key not in job.headers and c.default is not None
        ]

    def _update_fields(self, job: Job) -> list[str]:
        """Attributes the file sets on existing records: its columns, minus the key."""
        return [
            attribute
            for column, attribute in self.fields.items()
            if column in job.headers and column not in self.key_columns
        ]

    def _validate(self, instance: Model, row: Row, job: Job, changed: set[str] | None) -> None:
        """The model's field rules and clean(), for a new record or for the attributes an
        update changes (a value already stored is not the file's to answer for)."""
        if not self.model_rules:
            return
        exclude = [
            f.name
            for f in instance._meta.concrete_fields
            if f.is_relation
            or (changed is not None and f.attname not in changed)
            or (self.rule_fields is not None and f.name not in self.rule_fields)
        ]
        try:
            instance.clean_fields(exclude=exclude)
            instance.clean()
        except ValidationError as error:
            columns = {a.removesuffix("_id"): c for c, a in self.fields.items()}
            job.report(row, error, columns, self.key_columns[0])

    def _duplicate(self, row: Row, key: Hashable, job: Job) -> bool:
        seen = job.state["seen"]
        if len(key) == 1:
            key = key[0]  # a bare string is half the memory of a 1-tuple, for big files
        if key in seen:
            job.row_error(
                row,
                self.key_columns[-1],
                _("The same record is already in row %(row)s.") % {"row": seen[key]},
            )
            return True
        seen[key] = row.number
        return False

    def handle(self, rows: list[Row], job: Job) -> None:
        keyed: list[tuple[Row, tuple]] = []
        for row in rows:
            key = self.row_key(row, job)
            if key is None:
                continue
            if not self._duplicate(row, key, job):
                keyed.append((row, key))
        self.resolve([row for row, _key in keyed if not row.failed], job)
        keys = [key for row, key in keyed if not row.failed]
        # Unordered: a model's default ordering can join other tables just to sort.
        existing = {self.key_of(i): i for i in self.lookup(keys, self.visible(job).order_by())}
        self.found(existing, [row for row, _key in keyed if not row.failed], job)
        hidden: set[tuple] = set()
        if not job.scope.whole_country and len(existing) < len(keys):
            missing = [k for k in keys if k not in existing]
            everyone = self.model._default_manager.order_by()
            hidden = {self.key_of(i) for i in self.lookup(missing, everyone)}
        fields = self._update_fields(job)
        to_create: list[tuple[Row, Model]] = []
        to_update: list[tuple[Row, Model]] = []
        touched: list[tuple[Row, Model]] = []  # only other records change (e.g. trainings)
        unchanged: list[tuple[Row, Model]] = []
        for row, key in keyed:
            if row.failed:
                continue
            if key in hidden:
                # Worded as for any value the user may not use: never "it exists".
                job.row_error(row, self.key_columns[0], not_valid_for_you())
                continue
            instance = existing.get(key)
            if instance is None:
                instance = self.new_instance()
                self.apply_defaults(instance, job)
                self.assign(instance, row, job)
                self.check(instance, row, job)
                self._validate(instance, row, job, None)
                if not row.failed:
                    to_create.append((row, instance))
                continue
            before = [getattr(instance, f) for f in fields]
            self.assign(instance, row, job)
            changed = {
                f for f, old in zip(fields, before, strict=True) if getattr(instance, f) != old
            }
            if not changed and not self.has_other_changes(row):
                unchanged.append((row, instance))
                continue
            self.check(instance, row, job)
            self._validate(instance, row, job, changed)
            if not row.failed:
                (to_update if changed else touched).append((row, instance))
        if job.writing:
            self._write(to_create, to_update, touched, fields, job)
        job.result.created += len(to_create)
        job.result.updated += len(to_update) + len(touched)
        job.result.unchanged += len(unchanged)

    def new_instance(self) -> Model:
        return new_record(self.model)

    def apply_defaults(self, instance: Model, job: Job) -> None:
        """A new record gets every column's default, even for columns left out."""
        for attribute, default in self._defaults:
            setattr(instance, attribute, default)

    def _write(
        self, create: list, update: list, touched: list, fields: list[str], job: Job
    ) -> None:
        """Write a batch in a savepoint: if the database refuses it (a constraint, a
        record created meanwhile by someone else), the error is reported and the import's
        transaction stays usable for checking the rest."""

        def write() -> None:
            fastwrite.insert(
                self.model, [i for _row, i in create], user=job.user, reason=HISTORY_REASON
            )
            if fields:
                fastwrite.update(
                    self.model,
                    [i for _row, i in update],
                    fields,
                    user=job.user,
                    reason=HISTORY_REASON,
                )
            self.written(create + update + touched, job)

        write_batch(job, [row.number for row, _instance in create + update + touched], write)

    @staticmethod
    def values_of(rows: Iterable[Row], key: str) -> set[Any]:
        return {row[key] for row in rows if row[key] is not None}


def write_batch(job: Job, numbers: list[int], write: Callable[[], None]) -> None:
    """Run `write` as one batch (`fastwrite.batch`, all or nothing): if the database
    refuses it (a constraint, a record created meanwhile by someone else), whether while
    it is written or at its end answered later, the error is reported at the batch's rows
    and the import's transaction stays usable for checking the rest."""

    def refused(error: DatabaseError) -> None:
        job.error(
            min(numbers),
            None,
            _("The database refused rows %(first)s–%(last)s: %(reason)s")
            % {"first": min(numbers), "last": max(numbers), "reason": error},
        )

    try:
        with fastwrite.batch(refused):
            write()
    except DatabaseError as error:
        refused(error)


_DEFAULTS_PLANS: dict[type, tuple[dict, list, bool]] = {}


def new_record(model: type[Model]) -> Model:
    """A new record with the model's defaults, as `model()` makes it. Built from the field
    defaults taken once, because a record per row is an import's inner loop: straight into
    the instance's attributes when nothing watches the construction (no init signals, plain
    field attributes), which is five times faster than Django's positional path, still
    taken otherwise; callable defaults are still called for each record."""
    plan = _DEFAULTS_PLANS.get(model)
    if plan is None:
        fields = model._meta.concrete_fields
        plan = _DEFAULTS_PLANS[model] = (
            {f.attname: f.get_default() for f in fields if not _called(f)},
            [f for f in fields if _called(f)],
            _plain(model),
        )
    defaults, called, plain = plan
    if not plain:
        values = {**defaults, **{f.attname: f.get_default() for f in called}}
        return model(*(values[f.attname] for f in model._meta.concrete_fields))
    instance = model.__new__(model)
    instance._state = ModelState()
    attributes = instance.__dict__
    attributes.update(defaults)
    for field in called:
        attributes[field.attname] = field.get_default()
    return instance


def _plain(model: type[Model]) -> bool:
    """Whether `model()` only sets its fields' attributes: no pre_init or post_init
    receivers, and every field's attribute is Django's plain one (a file field's is not)."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return False
    return all(
        type(inspect.getattr_static(model, f.attname, None)) in PLAIN_ATTRIBUTES
        for f in model._meta.concrete_fields
    )


def _called(field: Any) -> bool:
    return field.has_default() and callable(field.default)


def relate(instance: Model, name: str, related: Model | None) -> None:
    """`setattr(instance, name, related)` for a foreign key. On a new record (such as
    `new_record`'s) with nothing else cached under that name, the id and the cached record
    are set straight, as Django's descriptor leaves them, without its per-call checks (the
    related record's class, the routers: this project's allow every relation and write to
    the default database, where the import writes); otherwise through the descriptor."""
    state = instance._state
    if state.adding and related is not None and state.fields_cache.get(name, related) is related:
        key = (type(instance), name)
        attributes = _RELATIONS.get(key)
        if attributes is None:
            ((local, target),) = instance._meta.get_field(name).related_fields
            attributes = _RELATIONS[key] = (local.attname, target.attname)
        instance.__dict__[attributes[0]] = getattr(related, attributes[1])
        state.fields_cache[name] = related
        return
    setattr(instance, name, related)


_RELATIONS: dict[tuple[type, str], tuple[str, str]] = {}

"""Model validation without a query per rule.

Django's `Model.validate_constraints` runs one query per `CheckConstraint` (`Q.check` asks
the database to evaluate the condition), and `clean_fields` one query per foreign key to
see that the related record exists. For a record checked once on a page that does not
matter; for an import of thousands of records it is most of the time (about 34 queries
per accident). `InMemoryChecks` keeps the same rules and the same messages, and answers
them in Python:

- a `CheckConstraint` whose condition uses only plain comparisons of the record's own
  fields (exact, isnull, lt/lte/gt/gte, in; F() with + - * arithmetic) is evaluated here,
  with SQL's three-valued logic: like the database, a condition that is unknown (NULL)
  passes. Any other condition is still sent to the database, as Django does;
- a foreign key that holds a related record loaded from the database is not looked up
  again (it exists: it was just read in this transaction, and the database's own foreign
  key still guards the write);
- a caller that has checked a `UniqueConstraint` for a whole batch in one query names it
  in `instance._unique_checked`, and it is not queried again per record.

Without a query, Django's checks still cost ≈ 100 µs a record in Python (each field's
`clean`, its validators, the constraints' conditions walked as trees), half the CPU of a
bulk accident import. So, also:

- each field gets a fast check, worked out once per model (`fast_check`): a value of the
  exact type the field keeps unchanged is passed when it is blank where blank is allowed,
  among the choices, and passes the field's validators (Django's length and range
  validators by their comparison, any other by calling it). A value the fast check does
  not pass goes through Django's own `clean`, which gives the error, the message and the
  cleaned value as before: the fast check only ever says "passes";
- a constraint's condition is compiled once into a function of the record;
- `validate_unique` leaves out the checks Django skips anyway (the primary key of a new
  record, or of an existing one).

`tests/kzsafety/test_fast_field_checks.py` tries every field of the models that use this
with values of every kind against Django's own `clean_fields`.

The database keeps every constraint: these checks only give the user a readable message
before the write, as Django's do."""

import datetime
import operator
from collections.abc import Callable
from typing import Any

from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression, DatabaseDefault

UNKNOWN = None  # SQL's NULL in a condition


class Unsupported(Exception):
    """A condition this module does not evaluate; the database is asked instead."""


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def referenced_fields(condition: Q) -> set[str]:
    names: set[str] = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= referenced_fields(child)
        elif isinstance(child, tuple):
            names.add(child[0].split("__")[0])
            names |= _expression_fields(child[1])
    return names


def _expression_fields(expression: Any) -> set[str]:
    if isinstance(expression, F):
        return {expression.name}
    if isinstance(expression, CombinedExpression):
        return _expression_fields(expression.lhs) | _expression_fields(expression.rhs)
    return set()


Test = Callable[[models.Model], "bool | None"]


def compile_condition(condition: Q, attributes: dict[str, str]) -> Test:
    """The condition as a function of a record, giving SQL's answer for the record's
    values (True, False or None: unknown, as NULL); `attributes`: field name -> attribute."""
    parts = []
    for child in condition.children:
        if isinstance(child, Q):
            parts.append(compile_condition(child, attributes))
        elif isinstance(child, tuple):
            parts.append(_compile_lookup(child[0], child[1], attributes))
        else:
            raise Unsupported(type(child).__name__)
    if condition.connector not in (Q.AND, Q.OR):
        raise Unsupported(condition.connector)
    decisive = condition.connector == Q.OR  # True decides an OR, False an AND
    negated = condition.negated

    def test(instance: models.Model) -> bool | None:
        unknown = False
        for part in parts:
            result = part(instance)
            if result is decisive:
                break
            if result is UNKNOWN:
                unknown = True
        else:
            result = UNKNOWN if unknown else not decisive
        if negated and result is not UNKNOWN:
            return not result
        return result

    return test


def _compile_operand(expression: Any, attributes: dict[str, str]) -> Callable[[Any], Any]:
    if isinstance(expression, F):
        if expression.name not in attributes:
            raise Unsupported(expression.name)
        return operator.attrgetter(attributes[expression.name])
    if isinstance(expression, Value):
        value = expression.value
        return lambda instance: value
    if isinstance(expression, CombinedExpression):
        combine = _ARITHMETIC.get(expression.connector)
        if combine is None:
            raise Unsupported(expression.connector)
        left = _compile_operand(expression.lhs, attributes)
        right = _compile_operand(expression.rhs, attributes)

        def combined(instance: models.Model) -> Any:
            a, b = left(instance), right(instance)
            return None if a is None or b is None else combine(a, b)

        return combined
    if hasattr(expression, "resolve_expression"):
        raise Unsupported(type(expression).__name__)
    return lambda instance: expression


def _compile_lookup(name: str, wanted: Any, attributes: dict[str, str]) -> Test:
    field, _sep, lookup = name.partition("__")
    lookup = lookup or "exact"
    if "__" in lookup or field not in attributes:
        raise Unsupported(name)
    get = operator.attrgetter(attributes[field])
    if lookup == "isnull":
        want = bool(wanted)
        return lambda instance: (get(instance) is None) == want
    operand = _compile_operand(wanted, attributes)
    if lookup == "exact":

        def exact(instance: models.Model) -> bool | None:
            other = operand(instance)
            value = get(instance)
            if other is None:  # Django turns `field=None` into `field IS NULL`
                return value is None
            return UNKNOWN if value is None else value == other

        return exact
    if lookup == "in":

        def in_(instance: models.Model) -> bool | None:
            value = get(instance)
            options = [o for o in operand(instance) if o is not None]
            return UNKNOWN if value is None else value in options

        return in_
    compare = _COMPARE.get(lookup)
    if compare is None:
        raise Unsupported(lookup)

    def compared(instance: models.Model) -> bool | None:
        value, other = get(instance), operand(instance)
        if value is None or other is None:
            return UNKNOWN
        return compare(value, other)

    return compared


def _plan(constraint: models.CheckConstraint, model: type[models.Model]) -> tuple | None:
    """The condition as a function of a record and the attributes of the fields it reads,
    worked out once per constraint; None when the condition cannot be evaluated here."""
    plans = _plan.cache  # type: ignore[attr-defined]
    key = (model, constraint.name)
    if key not in plans:
        condition = Q(constraint.condition)
        names = referenced_fields(condition)
        try:
            attributes = {
                name: model._meta.pk.attname
                if name == "pk"
                else model._meta.get_field(name).attname
                for name in names
            }
            test = compile_condition(condition, attributes)
        except (Unsupported, FieldDoesNotExist):
            plans[key] = None
        else:
            plans[key] = (test, set(attributes))
    return plans[key]


_plan.cache = {}  # type: ignore[attr-defined]


def check_constraint_passes(
    constraint: models.CheckConstraint, instance: models.Model, exclude: set[str]
) -> bool:
    """Whether the record satisfies the constraint, in Python when the condition allows
    it; a constraint about an excluded field is skipped, as in Django."""
    plan = _plan(constraint, type(instance))
    if plan is None:
        try:
            constraint.validate(type(instance), instance, exclude=exclude)
        except ValidationError:
            return False
        return True
    test, names = plan
    if exclude and not exclude.isdisjoint(names):
        return True
    return test(instance) is not False


class InMemoryChecks(models.Model):
    """A model whose validation answers its check constraints and loaded foreign keys
    without a query each (see the module's docstring)."""

    _unique_checks_cache: dict = {}

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Django's `clean_fields`, with the same errors: a value its field's fast check
        passes (see `fast_check`) is left as it is, any other goes through the field's
        `clean` as in Django; a foreign key holding a loaded record is not looked up."""
        exclude = exclude or ()
        errors = {}
        cache = None
        for field, name, attname, blank, fast, cached_as in _field_plan(type(self)):
            if name in exclude:
                continue
            raw_value = getattr(self, attname)
            if blank and (raw_value is None or raw_value.__class__ is str and raw_value == ""):
                continue  # skipped as blank, as in Django (the commonest case, without a call)
            if fast is not None and fast(raw_value):
                continue
            if cached_as is not None:  # a foreign key holding a record read from the database?
                if cache is None:
                    cache = self._state.fields_cache
                related = cache.get(cached_as)
                if related is not None and not related._state.adding:
                    pk = related.pk
                    if pk is not None and pk == raw_value:
                        continue
            if field.blank and raw_value in field.empty_values:
                continue
            if isinstance(raw_value, DatabaseDefault):
                continue
            try:
                setattr(self, attname, field.clean(raw_value, self))
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)

    def _get_unique_checks(self, exclude=None, include_meta_constraints=False):
        """Django's list of unique checks depends only on the model and `exclude`: worked
        out once for each (an import validates thousands of records)."""
        key = (type(self), frozenset(exclude or ()), include_meta_constraints)
        cache = InMemoryChecks._unique_checks_cache
        if key not in cache:
            cache[key] = super()._get_unique_checks(
                exclude=exclude, include_meta_constraints=include_meta_constraints
            )
        unique_checks, date_checks = cache[key]
        return list(unique_checks), list(date_checks)

    def validate_unique(self, exclude=None):
        """Django's, without the checks it would skip anyway: one naming only the primary
        key, of a record without one or of an existing record (it is not asked then)."""
        unique_checks, date_checks = self._get_unique_checks(exclude=exclude)
        if self.pk is None or not self._state.adding:
            key = (self._meta.pk.name,)
            model = type(self)
            unique_checks = [c for c in unique_checks if c[0] is not model or c[1] != key]
        if not unique_checks and not date_checks:
            return
        errors = self._perform_unique_checks(unique_checks)
        for name, messages in self._perform_date_checks(date_checks).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        checked = getattr(self, "_unique_checked", ())
        errors: dict = {}
        model = type(self)
        if model not in _CONSTRAINTS:
            _CONSTRAINTS[model] = self.get_constraints()
        for model_class, constraints in _CONSTRAINTS[model]:
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint):
                    if not check_constraint_passes(constraint, self, exclude):
                        error = ValidationError(
                            constraint.get_violation_error_message(),
                            code=constraint.violation_error_code,
                        )
                        errors = error.update_error_dict(errors)
                    continue
                if constraint.name in checked:
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude)
                except ValidationError as error:
                    fields = getattr(constraint, "fields", ())
                    if getattr(error, "code", None) == "unique" and len(fields) == 1:
                        errors.setdefault(fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


# --- field checks without Django's machinery per value ------------------------------------

# Field classes whose `to_python` returns a value of this exact class unchanged, so that
# Django's `clean` of such a value is only `validate` and the validators.
_SAME_VALUE = (
    (models.CharField.to_python, str),
    (models.TextField.to_python, str),
    (models.IntegerField.to_python, int),
    (models.BooleanField.to_python, bool),
    (models.DateField.to_python, datetime.date),
    (models.DateTimeField.to_python, datetime.datetime),
    (models.TimeField.to_python, datetime.time),
)


def _value_check(validator: Any) -> Callable[[Any], bool]:
    """Whether a value passes the validator: Django's own validators by their comparison,
    any other by calling it."""
    kind = type(validator)
    limit = getattr(validator, "limit_value", None)
    if kind in (validators.MaxLengthValidator, validators.MinLengthValidator) and not callable(
        limit
    ):
        if kind is validators.MaxLengthValidator:
            return lambda value: len(value) <= limit
        return lambda value: len(value) >= limit
    if kind in (validators.MaxValueValidator, validators.MinValueValidator) and not callable(limit):
        if kind is validators.MaxValueValidator:
            return lambda value: not value > limit
        return lambda value: not value < limit
    if kind is validators.ProhibitNullCharactersValidator:
        return lambda value: "\x00" not in str(value)

    def passes(value: Any) -> bool:
        try:
            validator(value)
        except ValidationError:
            return False
        return True

    return passes


def fast_check(field: models.Field) -> Callable[[Any], bool] | None:
    """A check that says True only when Django's `clean_fields` would let the field's
    value pass unchanged (skipped as blank, or cleaned to itself without an error); False
    means "ask Django", which then gives its own errors. None: the field is always left to
    Django (relations, and field classes whose cleaning changes or converts values)."""
    if field.is_relation or field.generated:
        return None
    kind = type(field)
    if (
        kind.clean is not models.Field.clean
        or kind.validate is not models.Field.validate
        or kind.run_validators is not models.Field.run_validators
    ):
        return None
    python_type = next((t for to_python, t in _SAME_VALUE if kind.to_python is to_python), None)
    if python_type is None:
        return None
    blank = field.blank
    keys = None
    if field.choices is not None and field.editable:
        keys = set()
        for key, label in field.choices:
            if isinstance(label, (list, tuple)):
                keys.update(k for k, _label in label)
            else:
                keys.add(key)
        if not all(type(k) is python_type for k in keys):
            return None
        keys = frozenset(keys)
    value_checks = tuple(_value_check(v) for v in field.validators)

    def check(value: Any) -> bool:
        if value is None:
            return blank  # skipped as blank; otherwise Django says "null"
        if value.__class__ is not python_type:
            if python_type is not str or not isinstance(value, models.TextChoices):
                return False
            # A member such as AccidentStatus.DRAFT: Django compares, measures and shows
            # it as its str value (its hash differs, so it is not looked up as itself).
            value = value.value
        if python_type is str and value == "":
            return blank  # skipped as blank; otherwise Django says "blank"
        if keys is not None and value not in keys:
            return False
        for value_check in value_checks:  # noqa: SIM110 — a loop: all() of a generator is slower
            if not value_check(value):
                return False
        return True

    return check


def _field_plan(model: type[models.Model]) -> list[tuple]:
    """(field, name, attname, blank, fast check, cache name) of the fields `clean_fields`
    visits, in its order; worked out once per model. The cache name is that of a foreign
    key whose loaded record is not looked up again (with the same id, read from the
    database); None for the other fields."""
    plan = _FIELD_PLANS.get(model)
    if plan is None:
        plan = [
            (f, f.name, f.attname, f.blank, fast_check(f), _cache_name(f))
            for f in model._meta.fields
            if not f.generated
        ]
        _FIELD_PLANS[model] = plan
    return plan


def _cache_name(field: models.Field) -> str | None:
    """Where a foreign key to a primary key caches its record; None for a field whose
    existence check is left to Django (other relations, and choices limited by a query)."""
    if not field.is_relation or not field.many_to_one or field.remote_field.limit_choices_to:
        return None
    ((_local, target),) = field.related_fields
    return field.cache_name if target.primary_key else None


_FIELD_PLANS: dict[type[models.Model], list[tuple]] = {}

_CONSTRAINTS: dict[type[models.Model], list] = {}

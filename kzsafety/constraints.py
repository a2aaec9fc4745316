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

The database keeps every constraint: these checks only give the user a readable message
before the write, as Django's do."""

import operator
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression

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


def _field_value(name: str, values: dict[str, Any]) -> Any:
    if name not in values:
        raise Unsupported(name)
    return values[name]


def _operand(expression: Any, values: dict[str, Any]) -> Any:
    if isinstance(expression, F):
        return _field_value(expression.name, values)
    if isinstance(expression, Value):
        return expression.value
    if isinstance(expression, CombinedExpression):
        combine = _ARITHMETIC.get(expression.connector)
        if combine is None:
            raise Unsupported(expression.connector)
        left = _operand(expression.lhs, values)
        right = _operand(expression.rhs, values)
        return None if left is None or right is None else combine(left, right)
    if hasattr(expression, "resolve_expression"):
        raise Unsupported(type(expression).__name__)
    return expression


def _lookup(name: str, wanted: Any, values: dict[str, Any]) -> bool | None:
    field, _sep, lookup = name.partition("__")
    lookup = lookup or "exact"
    if "__" in lookup:
        raise Unsupported(name)  # a join or a transform
    value = _field_value(field, values)
    if lookup == "isnull":
        return (value is None) == bool(wanted)
    operand = _operand(wanted, values)
    if lookup == "exact":
        if operand is None:  # Django turns `field=None` into `field IS NULL`
            return value is None
        return UNKNOWN if value is None else value == operand
    if lookup == "in":
        options = [o for o in operand if o is not None]
        return UNKNOWN if value is None else value in options
    compare = _COMPARE.get(lookup)
    if compare is None:
        raise Unsupported(lookup)
    if value is None or operand is None:
        return UNKNOWN
    return compare(value, operand)


def evaluate(condition: Q, values: dict[str, Any]) -> bool | None:
    """The condition's truth for these field values: True, False or None (unknown)."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(child, values))
        elif isinstance(child, tuple):
            results.append(_lookup(child[0], child[1], values))
        else:
            raise Unsupported(type(child).__name__)
    if condition.connector == Q.AND:
        result = False if False in results else (UNKNOWN if UNKNOWN in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (UNKNOWN if UNKNOWN in results else False)
    else:
        raise Unsupported(condition.connector)
    if condition.negated and result is not UNKNOWN:
        result = not result
    return result


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


def field_values(instance: models.Model, exclude: set[str]) -> dict[str, Any]:
    """The record's values by field name, as Django hands them to a condition (a foreign
    key by its name, holding the id); excluded fields are absent."""
    meta = instance._meta
    values = {
        f.name: getattr(instance, f.attname)
        for f in meta.local_concrete_fields
        if f.name not in exclude
    }
    if "pk" not in exclude:
        values["pk"] = instance.pk
    return values


def _plan(constraint: models.CheckConstraint, model: type[models.Model]) -> tuple | None:
    """The condition and the attributes of the fields it reads, worked out once per
    constraint; None when the condition cannot be evaluated here."""
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
            evaluate(condition, dict.fromkeys(names))  # raises Unsupported early
        except (Unsupported, FieldDoesNotExist):
            plans[key] = None
        else:
            plans[key] = (condition, attributes)
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
    condition, attributes = plan
    if exclude and not exclude.isdisjoint(attributes):
        return True
    values = {name: getattr(instance, attribute) for name, attribute in attributes.items()}
    try:
        return evaluate(condition, values) is not False
    except Unsupported:  # a value of a type the condition's operators do not take
        _plan.cache[(type(instance), constraint.name)] = None  # type: ignore[attr-defined]
        return check_constraint_passes(constraint, instance, exclude)


class InMemoryChecks(models.Model):
    """A model whose validation answers its check constraints and loaded foreign keys
    without a query each (see the module's docstring)."""

    _unique_checks_cache: dict = {}

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        for field in self._meta.concrete_fields:
            if field.is_relation and field.name not in exclude and _loaded(self, field):
                exclude.add(field.name)
        super().clean_fields(exclude=exclude)

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

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        checked = getattr(self, "_unique_checked", ())
        errors: dict = {}
        for model_class, constraints in self.get_constraints():
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


def _loaded(instance: models.Model, field: models.Field) -> bool:
    """Whether the foreign key holds a record read from the database, with the same id."""
    try:
        if not field.is_cached(instance):
            return False
    except (AttributeError, FieldDoesNotExist):
        return False
    if field.remote_field.limit_choices_to:
        return False  # the lookup also checks the choices: leave it to Django
    related = field.get_cached_value(instance)
    return (
        related is not None
        and not related._state.adding
        and related.pk is not None
        and related.pk == getattr(instance, field.attname)
    )

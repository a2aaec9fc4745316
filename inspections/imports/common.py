"""What the public-control import kinds share: finding inspections by reference, and
reporting the rules' errors at the cells they are about."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from kzsafety.imports import fastwrite, values
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import Column, Row

REFERENCE_ACCEPTS = gettext_lazy("the inspection's number in your records, up to 64 characters")


def inspection_ref_column(accepts: Any = REFERENCE_ACCEPTS) -> Column:
    return Column(
        "inspection_ref",
        gettext_lazy("Inspection reference"),
        parse=values.text(64),
        required=True,
        accepts=accepts,
    )


def by_reference(queryset: QuerySet, references_: Iterable[str]) -> QuerySet:
    """Inspections with these references. Saying "not blank" lets PostgreSQL use the
    partial unique index on references, which it cannot infer from a long IN list."""
    return fastwrite.any_of(queryset.exclude(reference=""), "reference", references_).order_by()


def keys(choices: Iterable[str]) -> str:
    return ", ".join(choices)


def check_rule(rule: Callable[[], None], row: Row, job: Job, columns: dict[str, str]) -> None:
    try:
        rule()
    except ValidationError as error:
        job.report(row, error, columns, None)


def lookup_once(job: Job, name: str, wanted: set, load: Callable[[set], Iterable]) -> dict:
    """A lookup kept for the whole import (inspections of a file come in any order); only
    the keys not seen before are queried, one query per batch."""
    cache = job.state.setdefault(name, {})
    missing = wanted - cache.keys()
    if missing:
        found = dict(load(missing))
        for key in missing:
            cache[key] = found.get(key)
    return cache

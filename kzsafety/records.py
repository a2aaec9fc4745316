"""Helpers every app's write functions share."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

STALE = "stale"


def locked(model: type[models.Model], pk: int):
    """The record, locked until the transaction ends (SELECT … FOR UPDATE)."""
    return model.objects.select_for_update().get(pk=pk)


def with_history_user(instance, user):
    """Name the acting user on the history record the next save or delete writes
    (django-simple-history)."""
    instance._history_user = user
    return instance


class HistoryByRecord(HistoricalRecords):
    """django-simple-history's records, read only by the record's id (a detail page's
    changes, an audit of one record): no index on the time of each version. The package
    indexes `history_date` by default, for queries across records by time, which nothing
    here asks; every history row written (an import writes tens of thousands at a time)
    would pay for it. Pass the other columns nothing reads by to `no_db_index`."""

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"] = models.DateTimeField()
        return extra


class Versioned(models.Model):
    """A record several people edit through forms: every save through its write function
    counts one version up, so a form opened from an older version can be refused instead
    of silently reverting someone else's changes (a lost update)."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True


def next_version(current: Versioned, expected: int | None) -> int:
    """The version the record gets on this save. `current` is the locked row (see locked());
    `expected` the version the editor started from, or None for a writer that overwrites
    deliberately (a trusted import). An editor who started from an older version is
    refused with the code "stale" and the current version in the params, for the form
    to show what changed and the API to answer 409."""
    if expected is not None and expected != current.version:
        raise ValidationError(
            _(
                "Someone else saved this record after you opened it. Their changes are shown "
                "below; your input is kept. Check it and save again to replace their values."
            ),
            code=STALE,
            params={"version": current.version},
        )
    return current.version + 1


def is_stale(error: ValidationError) -> bool:
    return getattr(error, "code", None) == STALE


def count_of(queryset: models.QuerySet, parent: str) -> models.Subquery:
    """The number of `queryset`'s rows per `parent` (the field pointing to the outer row,
    filtered on OuterRef("pk") by the caller), as a correlated subquery: it costs nothing
    in count() and is evaluated only for the rows of the page shown, where a join with
    Count() groups the whole list first. None where there are no rows."""
    return models.Subquery(
        queryset.order_by().values(parent).annotate(n=models.Count("pk")).values("n")[:1],
        output_field=models.IntegerField(),
    )

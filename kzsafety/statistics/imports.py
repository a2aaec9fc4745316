"""Import kind of entered figures (CONTRACTS.md §3, `figures`): one aggregate number per
(year, source, indicator, scope). Figures are national, so only imports with the whole
country in scope may bring them."""

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from kzsafety.imports import values
from kzsafety.imports.bulk import ModelKind
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import Column, Row, choice_labels, field_label
from kzsafety.statistics.models import Figure, Indicator, Scope, Source


def _choice_column(key: str, choices, label=None, **kwargs) -> Column:
    return Column(
        key,
        label or field_label(Figure, key),
        parse=values.choice(choices),
        accepts=", ".join(choices.values),
        options=choice_labels(choices),
        **kwargs,
    )


class FiguresKind(ModelKind):
    key = "figures"
    label = _("Entered figures")
    description = _(
        "One row is an aggregate figure; rows are matched by year, source, indicator and scope."
    )
    federation_only = True
    model = Figure
    key_columns = ("year", "source", "indicator", "scope")
    fields = {
        "year": "year",
        "source": "source",
        "indicator": "indicator",
        "scope": "scope",
        "value": "value",
    }
    columns = (
        Column(
            "year",
            field_label(Figure, "year"),
            parse=values.integer(0, 9999),
            required=True,
            accepts=_("a year, e.g. 2024"),
        ),
        _choice_column("source", Source, required=True),
        _choice_column("indicator", Indicator, required=True),
        _choice_column("scope", Scope, label=_("Enterprises covered"), default=Scope.ALL),
        Column(
            "value",
            field_label(Figure, "value"),
            parse=values.integer(0, 2_147_483_647),
            required=True,
            accepts=_("a whole number, 0 or more"),
        ),
    )

    def visible(self, job: Job) -> QuerySet:
        return Figure.objects.all()

    def lookup(self, keys: list[tuple], queryset: QuerySet) -> list[Model]:
        wanted = set(keys)
        years = {key[0] for key in keys}
        return [f for f in queryset.filter(year__in=years) if self.key_of(f) in wanted]

    def _update_fields(self, job: Job) -> list[str]:
        return [*super()._update_fields(job), "entered_by_id"]

    def assign(self, instance: Model, row: Row, job: Job) -> None:
        previous = instance.value if instance.pk else None
        super().assign(instance, row, job)
        if instance.pk is None or instance.value != previous:
            instance.entered_by_id = job.user.pk if job.user else None

    def check(self, instance: Model, row: Row, job: Job) -> None:
        # Figures are few: the admin form's own constraint checks (a plausible year) run
        # here as they are, one query each.
        try:
            instance.validate_constraints()
        except ValidationError as error:
            for message in error.messages:
                job.row_error(row, "year", message)

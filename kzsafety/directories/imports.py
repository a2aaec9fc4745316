"""Import kinds of the directories: enterprises (key: BIN) and technical inspectors (key:
registry number), CONTRACTS.md §3. Rows are checked by the models' own rules (the BIN
check digit, lengths, ranges) and written in bulk with their history."""

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kzsafety.directories.models import Enterprise, Sector, TechnicalInspector, TrainingRecord
from kzsafety.imports import fastwrite, references, values
from kzsafety.imports.bulk import ModelKind
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import DATE_ACCEPTS, YES_NO_ACCEPTS, Column, Row, field_label


def yes_no_options() -> list[str]:
    return [_("yes"), _("no")]


REGION_ACCEPTS = gettext_lazy("the two-digit KATO code or the region's name in any language")
KEY_OR_NAME_ACCEPTS = gettext_lazy("its key or its name in any language")


def region_column(**kwargs: Any) -> Column:
    return Column(
        "region",
        field_label(Enterprise, "region"),
        build=references.region,
        accepts=REGION_ACCEPTS,
        options=references.region_names,
        **kwargs,
    )


def check_region(instance: Model, row: Row, job: Job) -> None:
    if not job.scope.allows_region(instance.region_id):
        job.row_error(row, "region", _("You can only import records of your own region."))


IN_SCOPE_ACCEPTS = gettext_lazy("the BIN of an enterprise in your scope")


def enterprise_bin_column(required: bool = True, accepts: Any = IN_SCOPE_ACCEPTS) -> Column:
    """The column naming an enterprise of the directory by its BIN (kinds that belong to
    an enterprise: inspectors, accidents, inspections, councils)."""
    return Column(
        "enterprise_bin",
        gettext_lazy("Enterprise BIN"),
        parse=values.identification_number,
        required=required,
        accepts=accepts,
    )


def date_column(
    key: str, label: Any, required: bool = False, accepts: Any = DATE_ACCEPTS
) -> Column:
    return Column(key, label, parse=values.date, required=required, accepts=accepts)


class EnterprisesKind(ModelKind):
    key = "enterprises"
    label = gettext_lazy("Enterprises")
    description = gettext_lazy("One row is an enterprise; rows are matched by BIN.")
    model = Enterprise
    key_columns = ("bin",)
    # The parsers check lengths, ranges and references; the BIN's check digit is the
    # model validator's.
    rule_fields = ("bin",)
    fields = {
        "bin": "bin",
        "name": "name",
        "region": "region_id",
        "sector": "sector_id",
        "oked": "oked_section_id",
        "headcount": "headcount",
        "union_member": "union_member",
    }
    columns = (
        Column(
            "bin",
            field_label(Enterprise, "bin"),
            parse=values.identification_number,
            required=True,
            accepts=gettext_lazy("12 digits with a valid check digit"),
        ),
        Column("name", field_label(Enterprise, "name"), parse=values.text(255), required=True),
        region_column(required=True),
        Column(
            "sector",
            field_label(Enterprise, "sector"),
            build=references.sector,
            required=True,
            accepts=KEY_OR_NAME_ACCEPTS,
            options=references.reference_names(Sector),
        ),
        Column(
            "oked",
            field_label(Enterprise, "oked_section"),
            build=references.oked_section,
            accepts=gettext_lazy(
                "the section letter (A–U), its name, or an OKED code such as 07.10.0"
            ),
            options=references.oked_names,
        ),
        Column(
            "headcount",
            field_label(Enterprise, "headcount"),
            parse=values.integer(0, 2_147_483_647),
            accepts=gettext_lazy("a whole number, 0 or more"),
        ),
        Column(
            "union_member",
            field_label(Enterprise, "union_member"),
            build=values.boolean,
            default=False,
            accepts=YES_NO_ACCEPTS,
            options=yes_no_options,
        ),
    )

    def visible(self, job: Job) -> QuerySet:
        return job.scope.enterprises()

    def check(self, instance: Model, row: Row, job: Job) -> None:
        check_region(instance, row, job)


class InspectorsKind(ModelKind):
    key = "inspectors"
    label = gettext_lazy("Technical inspectors")
    description = gettext_lazy(
        "One row is a technical inspector; rows are matched by registry number."
    )
    model = TechnicalInspector
    key_columns = ("number",)
    rule_fields = ()  # the parsers check every field's length and type
    fields = {
        "number": "number",
        "full_name": "full_name",
        "region": "region_id",
        "enterprise_bin": "enterprise_id",
        "appointed_on": "appointed_on",
        "left_on": "left_on",
    }
    columns = (
        Column(
            "number",
            field_label(TechnicalInspector, "number"),
            parse=values.text(32),
            required=True,
        ),
        Column(
            "full_name",
            field_label(TechnicalInspector, "full_name"),
            parse=values.text(255),
            required=True,
        ),
        region_column(required=True),
        enterprise_bin_column(
            required=False,
            accepts=gettext_lazy("the BIN of an enterprise already in the directory"),
        ),
        date_column("appointed_on", field_label(TechnicalInspector, "appointed_on"), required=True),
        date_column("left_on", field_label(TechnicalInspector, "left_on")),
        Column(
            "trained_on",
            gettext_lazy("Trainings completed on"),
            parse=values.date_list,
            accepts=gettext_lazy(
                "one or more dates separated by “;”, each a training completed; "
                "trainings already recorded are kept"
            ),
        ),
    )

    def visible(self, job: Job) -> QuerySet:
        return job.scope.inspectors()

    def resolve(self, rows: list[Row], job: Job) -> None:
        """Enterprise BINs to ids, one query."""
        bins = self.values_of(rows, "enterprise_bin")
        found = dict(
            fastwrite.any_of(job.scope.enterprises(), "bin", bins)
            .order_by()
            .values_list("bin", "pk")
        )
        for row in rows:
            bin_ = row["enterprise_bin"]
            if bin_ is None:
                continue
            if bin_ not in found:
                job.row_error(
                    row, "enterprise_bin", _("No enterprise with this BIN in your scope.")
                )
            else:
                row.extra["enterprise_bin"] = bin_
                row.values["enterprise_bin"] = found[bin_]

    def found(self, existing: dict[tuple, Model], rows: list[Row], job: Job) -> None:
        """Training dates not yet recorded: one query, for the inspectors that exist."""
        recorded: dict[int, set] = {}
        if existing:
            ids = [inspector.pk for inspector in existing.values()]
            for pk, day in (
                fastwrite.any_of(TrainingRecord.objects.all(), "inspector", ids)
                .order_by()
                .values_list("inspector_id", "completed_on")
            ):
                recorded.setdefault(pk, set()).add(day)
        for row in rows:
            inspector = existing.get((row["number"],))
            known = recorded.get(inspector.pk, ()) if inspector else ()
            row.extra["trainings"] = [d for d in row["trained_on"] or () if d not in known]

    def check(self, instance: Model, row: Row, job: Job) -> None:
        check_region(instance, row, job)
        if instance.left_on and instance.appointed_on and instance.left_on < instance.appointed_on:
            constraint = next(
                c
                for c in TechnicalInspector._meta.constraints
                if c.name == "inspector_left_after_appointed"
            )
            job.row_error(row, "left_on", constraint.violation_error_message)

    def has_other_changes(self, row: Row) -> bool:
        return bool(row.extra.get("trainings"))

    def written(self, rows: list[tuple[Row, Model]], job: Job) -> None:
        fastwrite.insert_values(
            TrainingRecord,
            ("inspector_id", "completed_on", "course"),
            [
                (inspector.pk, day, "")
                for row, inspector in rows
                for day in row.extra.get("trainings", ())
            ],
        )

"""Import kind `violations` (CONTRACTS.md §3): one row is a violation found in an
inspection imported before; key: `inspection_ref` and the row's order among the rows of
that inspection, which is the violation's number in the notice. Written in bulk, checked by
the phone flow's rules (`inspections/services/public_control_rules.py`)."""

from collections.abc import Iterable

from django.db.models import Model, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.access import inspections_visible_to, violations_visible_to
from inspections.imports.common import (
    by_reference,
    check_rule,
    inspection_ref_column,
    lookup_once,
)
from inspections.models import (
    Inspection,
    InspectionStatus,
    Violation,
    ViolationStatus,
)
from inspections.services.public_control_rules import (
    check_deadline,
    check_description,
    check_eliminated_on,
)
from kzsafety.directories.models import ViolationCategory
from kzsafety.imports import fastwrite, references, values
from kzsafety.imports.bulk import ModelKind
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import DATE_ACCEPTS, Column, Row, choice_labels, field_label


class ImportedStatus(TextChoices):
    """The states a file gives: "open" means not eliminated (a fix reported in the app
    stands); the lifecycle in between belongs to the app."""

    OPEN = ViolationStatus.OPEN.value, ViolationStatus.OPEN.label
    ELIMINATED = ViolationStatus.ELIMINATED.value, ViolationStatus.ELIMINATED.label


# A proposal an import made: a count in a file, no text, no answer recorded yet.


class ViolationsKind(ModelKind):
    key = "violations"
    label = gettext_lazy("Violations")
    description = gettext_lazy(
        "One row is a violation found in an inspection imported before; the rows of one "
        "inspection are its violations in order (the first row is No. 1 of the notice)."
    )
    model = Violation
    model_rules = False  # parsed columns and the phone flow's rules cover the model's
    key_columns = ("inspection_ref",)
    fields = {
        "description": "description",
        "category": "category_id",
        "deadline": "deadline",
        "status": "status",
        "eliminated_on": "eliminated_on",
    }
    columns = (
        inspection_ref_column(gettext_lazy("the reference of an inspection imported before")),
        Column(
            "description",
            field_label(Violation, "description"),
            parse=values.text(20_000),
            required=True,
        ),
        Column(
            "category",
            field_label(Violation, "category"),
            build=lambda: references.reference(ViolationCategory, active_only=True),
            accepts=gettext_lazy("its key or its name in any language"),
            options=references.reference_names(ViolationCategory),
        ),
        Column(
            "deadline", field_label(Violation, "deadline"), parse=values.date, accepts=DATE_ACCEPTS
        ),
        Column(
            "status",
            field_label(Violation, "status"),
            parse=values.choice(ImportedStatus),
            default=ViolationStatus.OPEN,
            accepts="open, eliminated",
            options=choice_labels(ImportedStatus),
        ),
        Column(
            "eliminated_on",
            field_label(Violation, "eliminated_on"),
            parse=values.date,
            accepts=gettext_lazy("a date; required when the status is eliminated, and only then"),
        ),
    )
    rule_columns = {
        "description": "description",
        "deadline": "deadline",
        "eliminated_on": "eliminated_on",
        "category": "category",
        "status": "status",
    }

    def visible(self, job: Job) -> QuerySet:
        return job.scope.records(Violation, violations_visible_to)

    def begin(self, job: Job) -> None:
        super().begin(job)
        job.state["positions"] = {}
        job.state["today"] = timezone.localdate()

    def row_key(self, row: Row, job: Job) -> tuple | None:
        """(reference, position): the row's order among the rows of its inspection."""
        reference = row["inspection_ref"]
        if reference is None:
            return None
        positions = job.state["positions"]
        position = positions.get(reference, 0) + 1
        positions[reference] = position
        row.extra["position"] = position
        return (reference, position)

    def _duplicate(self, row: Row, key: tuple, job: Job) -> bool:
        return False  # the position makes every key unique

    def lookup(self, keys: list[tuple], queryset: QuerySet) -> Iterable[Model]:
        """The violations at these positions of these inspections (one query)."""
        wanted = set(keys)
        ids = {
            self._inspections[reference][0]: reference
            for reference in {reference for reference, _position in keys}
            if self._inspections.get(reference) is not None
        }
        if not ids:
            return []
        found = []
        for violation in fastwrite.any_of(queryset, "inspection", ids):
            violation.reference = ids[violation.inspection_id]
            if (violation.reference, violation.position) in wanted:
                found.append(violation)
        return found

    def key_of(self, instance: Model) -> tuple:
        return (instance.reference, instance.position)

    def resolve(self, rows: list[Row], job: Job) -> None:
        """Inspection references to (id, date, status): one query for those not seen."""
        visible = job.scope.records(Inspection, inspections_visible_to)
        self._inspections = lookup_once(
            job,
            "inspections",
            self.values_of(rows, "inspection_ref"),
            lambda refs: (
                (reference, (pk, day, status))
                for reference, pk, day, status in by_reference(visible, refs).values_list(
                    "reference", "pk", "date", "status"
                )
            ),
        )
        for row in rows:
            reference = row["inspection_ref"]
            inspection = self._inspections.get(reference)
            if inspection is None:
                # One message whether it does not exist or lies outside the scope.
                job.row_error(
                    row,
                    "inspection_ref",
                    _(
                        "No inspection with this reference in your scope. Import the "
                        "inspections first, then their violations."
                    ),
                )
            elif inspection[2] == InspectionStatus.DRAFT:
                job.row_error(
                    row,
                    "inspection_ref",
                    _(
                        "This inspection is still a draft in the system; its inspector records "
                        "its violations there."
                    ),
                )

    def apply_defaults(self, instance: Model, job: Job) -> None:
        super().apply_defaults(instance, job)
        instance.status = ViolationStatus.OPEN

    def assign(self, instance: Model, row: Row, job: Job) -> None:
        previous = instance.status
        super().assign(instance, row, job)
        if instance.pk is None:
            attributes = instance.__dict__  # a new record: nothing related is cached yet
            attributes["inspection_id"] = self._inspections[row["inspection_ref"]][0]
            attributes["position"] = row.extra["position"]
        elif previous == ViolationStatus.REPORTED_FIXED and instance.status == ViolationStatus.OPEN:
            # "open" in a file means "not eliminated": a fix reported in the app stands.
            instance.status = previous
        if instance.status != ViolationStatus.ELIMINATED:
            if instance.verified_by_id is not None:
                instance.verified_by_id = None
            if not row.has("eliminated_on"):
                instance.eliminated_on = None

    def check(self, instance: Model, row: Row, job: Job) -> None:
        inspected_on = self._inspections[row["inspection_ref"]][1]
        columns = self.rule_columns
        check_rule(lambda: check_description(instance.description), row, job, columns)
        check_rule(lambda: check_deadline(instance.deadline, inspected_on), row, job, columns)
        if instance.status == ViolationStatus.ELIMINATED:
            if instance.eliminated_on is None:
                job.row_error(
                    row,
                    "eliminated_on" if row.has("eliminated_on") else "status",
                    _("An eliminated violation needs the date it was eliminated."),
                )
            else:
                check_rule(
                    lambda: check_eliminated_on(
                        instance.eliminated_on, inspected_on, job.state["today"]
                    ),
                    row,
                    job,
                    columns,
                )
        elif instance.eliminated_on is not None:
            job.row_error(
                row,
                "eliminated_on",
                _("Only an eliminated violation has a date of elimination; leave this blank."),
            )

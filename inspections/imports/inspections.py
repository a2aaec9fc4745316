"""Import kind `inspections` (CONTRACTS.md §3): one row is a completed inspection, key
`inspection_ref`. Its violations come in a second file, kind `violations`.

Imported inspections are records of inspections already completed and handed over on
paper: they are created finalized. `work_stopped = yes` is a work stoppage dated on the
inspection day; `proposals = N` is N proposals without a text. A re-import changes what an
import made and never what people recorded in the app: a stoppage or a proposal written in
the app (it has a text) stays, and a file that would remove it is an error at its cell.

The rules are the phone flow's (`inspections/services/public_control_rules.py`); the
records are written in bulk (COPY on PostgreSQL) with their history, because the regions'
files hold tens of thousands of inspections a year."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.access import inspections_visible_to
from inspections.imports.common import (
    by_reference,
    check_rule,
    inspection_ref_column,
    keys,
    lookup_once,
)
from inspections.models import (
    Inspection,
    InspectionKind,
    InspectionStatus,
    Proposal,
    ProposalStatus,
    Violation,
    WorkStoppage,
)
from inspections.services.public_control_rules import (
    check_date,
    check_date_keeps_deadlines,
)
from kzsafety.directories.imports import date_column, enterprise_bin_column, yes_no_options
from kzsafety.imports import fastwrite, values
from kzsafety.imports.bulk import HISTORY_REASON, ModelKind
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import YES_NO_ACCEPTS, Column, Row, choice_labels, field_label
from kzsafety.records import with_history_user

# A proposal an import made: a count in a file, no text, no answer recorded yet.
IMPORTED_PROPOSAL = Q(text="", status=ProposalStatus.PROPOSED)


class InspectionsKind(ModelKind):
    key = "inspections"
    label = gettext_lazy("Inspections")
    description = gettext_lazy(
        "One row is a completed inspection; rows are matched by the inspection reference. "
        "Imported inspections are recorded as finalized."
    )
    model = Inspection
    model_rules = False  # parsed columns and the phone flow's rules cover the model's
    key_columns = ("inspection_ref",)
    fields = {
        "inspection_ref": "reference",
        "date": "date",
        "enterprise_bin": "enterprise_id",
        "inspector_number": "inspector_id",
        "kind": "kind",
    }
    columns = (
        inspection_ref_column(),
        date_column("date", field_label(Inspection, "date"), required=True),
        enterprise_bin_column(),
        Column(
            "inspector_number",
            gettext_lazy("Inspector's registry number"),
            parse=values.text(32),
            required=True,
            accepts=gettext_lazy("the number of a technical inspector in the register"),
        ),
        Column(
            "kind",
            field_label(Inspection, "kind"),
            parse=values.choice(InspectionKind),
            default=InspectionKind.PLANNED,
            accepts=keys(InspectionKind.values),
            options=choice_labels(InspectionKind),
        ),
        Column(
            "work_stopped",
            gettext_lazy("Work stopped"),
            build=values.boolean,
            default=False,
            accepts=YES_NO_ACCEPTS,
            options=yes_no_options,
        ),
        Column(
            "proposals",
            gettext_lazy("Proposals made"),
            parse=values.integer(0, 100),
            default=0,
            accepts=gettext_lazy("how many proposals to improve working conditions, 0 to 100"),
        ),
    )
    # Model field -> column, for the rules' messages.
    rule_columns = {
        "date": "date",
        "reference": "inspection_ref",
        "kind": "kind",
        "enterprise": "enterprise_bin",
        "inspector": "inspector_number",
    }

    def visible(self, job: Job) -> QuerySet:
        return job.scope.records(Inspection, inspections_visible_to)

    def lookup(self, keys: list[tuple], queryset: QuerySet) -> Iterable[Model]:
        return by_reference(queryset, [key[0] for key in keys])

    def begin(self, job: Job) -> None:
        super().begin(job)
        job.state["now"] = timezone.now()
        job.state["today"] = timezone.localdate()
        job.state["user_id"] = None if job.user is None else job.user.pk

    def resolve(self, rows: list[Row], job: Job) -> None:
        """Enterprise BINs and inspector numbers to ids: a query each, for those not seen."""
        enterprises = lookup_once(
            job,
            "enterprises",
            self.values_of(rows, "enterprise_bin"),
            # Unordered: the enterprises' default ordering would sort each batch by name.
            lambda bins: (
                fastwrite.any_of(job.scope.enterprises(), "bin", bins)
                .order_by()
                .values_list("bin", "pk")
            ),
        )
        inspectors = lookup_once(
            job,
            "inspectors",
            self.values_of(rows, "inspector_number"),
            lambda numbers: (
                (number, (pk, appointed, left))
                for number, pk, appointed, left in fastwrite.any_of(
                    job.scope.inspectors(), "number", numbers
                )
                .order_by()
                .values_list("number", "pk", "appointed_on", "left_on")
            ),
        )
        for row in rows:
            bin_ = row["enterprise_bin"]
            if bin_ is not None:
                if enterprises[bin_] is None:
                    job.row_error(
                        row, "enterprise_bin", _("No enterprise with this BIN in your scope.")
                    )
                else:
                    row.values["enterprise_bin"] = enterprises[bin_]
            number = row["inspector_number"]
            if number is None:
                continue
            inspector = inspectors[number]
            if inspector is None:
                job.row_error(
                    row,
                    "inspector_number",
                    _("No technical inspector with this number in the register of your scope."),
                )
                continue
            pk, appointed_on, left_on = inspector
            row.values["inspector_number"] = pk
            day = row["date"]
            if day is not None and (day < appointed_on or (left_on and day > left_on)):
                job.row_error(
                    row,
                    "inspector_number",
                    _(
                        "On %(date)s this inspector was not serving: the register gives "
                        "%(appointed)s – %(left)s."
                    )
                    % {
                        "date": date_format(day, "SHORT_DATE_FORMAT"),
                        "appointed": date_format(appointed_on, "SHORT_DATE_FORMAT"),
                        "left": date_format(left_on, "SHORT_DATE_FORMAT") if left_on else "…",
                    },
                )

    def found(self, existing: dict[tuple, Model], rows: list[Row], job: Job) -> None:
        """For the inspections that exist: their stoppages, proposals and earliest
        deadline, one query each, and what the file changes in them."""
        ids = [inspection.pk for inspection in existing.values()]
        moved = [
            inspection.pk
            for row in rows
            if (inspection := existing.get((row["inspection_ref"],))) is not None
            and row["date"] is not None
            and row["date"] != inspection.date
        ]
        stoppages: dict[int, list] = {}
        proposals: dict[int, tuple[int, int]] = {}
        earliest: dict[int, tuple[int, datetime.date]] = {}
        if ids:
            for stoppage in (
                fastwrite.any_of(WorkStoppage.objects.all(), "inspection", ids)
                .order_by()
                .only("inspection_id", "reason", "started_on", "lifted_on")
            ):
                stoppages.setdefault(stoppage.inspection_id, []).append(stoppage)
            for inspection_id, total, blank in (
                fastwrite.any_of(Proposal.objects.all(), "inspection", ids)
                .order_by()
                .values("inspection_id")
                .annotate(total=Count("pk"), blank=Count("pk", filter=IMPORTED_PROPOSAL))
                .values_list("inspection_id", "total", "blank")
            ):
                proposals[inspection_id] = (total, blank)
        if moved:
            for inspection_id, position, deadline in (
                Violation.objects.filter(inspection_id__in=moved, deadline__isnull=False)
                .order_by("inspection_id", "deadline", "position")
                .values_list("inspection_id", "position", "deadline")
            ):
                earliest.setdefault(inspection_id, (position, deadline))
        for row in rows:
            inspection = existing.get((row["inspection_ref"],))
            if inspection is None:
                self._plan_new(row)
                continue
            row.extra["earliest"] = earliest.get(inspection.pk)
            row.extra["old_date"] = inspection.date
            self._plan_stoppage(row, inspection, stoppages.get(inspection.pk, []), job)
            self._plan_proposals(row, proposals.get(inspection.pk, (0, 0)), job)

    @staticmethod
    def _plan_new(row: Row) -> None:
        row.extra["add_stoppage"] = bool(row["work_stopped"])
        row.extra["add_proposals"] = row["proposals"] or 0

    def _plan_stoppage(self, row: Row, inspection: Inspection, stoppages: list, job: Job) -> None:
        imported = [s for s in stoppages if not s.reason and s.lifted_on is None]
        day = row["date"]
        if day is not None and day != inspection.date:
            # An imported stoppage starts on the inspection day, wherever that moves.
            row.extra["move_stoppages"] = [s for s in imported if s.started_on == inspection.date]
        if not row.has("work_stopped"):
            return
        if row["work_stopped"]:
            row.extra["add_stoppage"] = not stoppages
        elif stoppages:
            if len(imported) < len(stoppages):
                job.row_error(
                    row,
                    "work_stopped",
                    _(
                        "A work stoppage with its reason is recorded for this inspection in "
                        "the system; the import cannot remove it. Write “yes”."
                    ),
                )
            row.extra["remove_stoppages"] = imported

    def _plan_proposals(self, row: Row, counts: tuple[int, int], job: Job) -> None:
        """`counts`: the inspection's proposals, and those of them an import made."""
        if not row.has("proposals"):
            return
        wanted = row["proposals"] or 0
        total, removable = counts
        if wanted >= total:
            row.extra["add_proposals"] = wanted - total
            return
        kept = total - removable
        if kept > wanted:
            job.row_error(
                row,
                "proposals",
                _(
                    "%(count)s proposals of this inspection are recorded in the system with "
                    "their text; the import cannot remove them. Write %(count)s or more."
                )
                % {"count": kept},
            )
            return
        row.extra["remove_proposals"] = total - wanted

    def apply_defaults(self, instance: Model, job: Job) -> None:
        super().apply_defaults(instance, job)
        instance.status = InspectionStatus.FINALIZED
        instance.finalized_at = job.state["now"]
        instance.created_by_id = job.state["user_id"]

    def check(self, instance: Model, row: Row, job: Job) -> None:
        check_rule(
            lambda: check_date(instance.date, today=job.state["today"]),
            row,
            job,
            self.rule_columns,
        )
        if instance.pk is not None and instance.date != row.extra.get("old_date"):
            check_rule(
                lambda: check_date_keeps_deadlines(instance.date, row.extra.get("earliest")),
                row,
                job,
                self.rule_columns,
            )

    def has_other_changes(self, row: Row) -> bool:
        extra = row.extra
        return bool(
            extra.get("add_stoppage")
            or extra.get("add_proposals")
            or extra.get("remove_stoppages")
            or extra.get("remove_proposals")
            or extra.get("move_stoppages")
        )

    def written(self, rows: list[tuple[Row, Model]], job: Job) -> None:
        user = job.user
        fastwrite.insert_values(
            WorkStoppage,
            ("inspection_id", "reason", "works", "started_on", "created_by_id"),
            [
                (inspection.pk, "", "", inspection.date, None if user is None else user.pk)
                for row, inspection in rows
                if row.extra.get("add_stoppage")
            ],
            user=user,
            reason=HISTORY_REASON,
        )
        fastwrite.insert_values(
            Proposal,
            ("inspection_id", "text", "status"),
            [
                (inspection.pk, "", ProposalStatus.PROPOSED.value)
                for row, inspection in rows
                for _n in range(row.extra.get("add_proposals", 0))
            ],
            user=user,
            reason=HISTORY_REASON,
        )
        # Rare: a re-import that removes or moves what an earlier import made. One by one,
        # so django-simple-history records each change.
        for row, inspection in rows:
            for stoppage in row.extra.get("move_stoppages", ()):
                stoppage.started_on = inspection.date
                with_history_user(stoppage, user)
                stoppage._change_reason = HISTORY_REASON
                stoppage.save(update_fields=["started_on"])
            for stoppage in row.extra.get("remove_stoppages", ()):
                with_history_user(stoppage, user)
                stoppage.delete()
            removed = row.extra.get("remove_proposals")
            if removed:
                imported = Proposal.objects.filter(IMPORTED_PROPOSAL, inspection=inspection)
                for proposal in imported.order_by("-pk")[:removed]:
                    with_history_user(proposal, user)
                    proposal.delete()

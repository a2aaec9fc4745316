"""Import kind of accident reports (CONTRACTS.md §3, `accidents`): one row is one victim;
rows with the same `accident_ref` form one accident, its victims in row order.

New accidents are checked by the rules of `accident_save`, the write function of the
filing page (the same functions, `accident_start` and `accident_check`), and written in
bulk (accidents_bulk.py); a report already in the database goes through `accident_save`
itself. The page and the import can never disagree on a rule. An imported report records
something already reported, so it is then moved to "submitted" with a status change by
the importing user. A report that can no longer be changed
(submitted or verified) is left alone when the file says the same as the database, and is
an error when the file says something else, exactly as on the page."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspections.access import accidents_visible_to
from inspections.imports.accidents_bulk import Segment, duplicate_message
from inspections.models import Accident, AccidentStatus, AccidentStatusChange, Victim
from inspections.models.accidents import Outcome, Sex
from inspections.services.accidents import accident_duplicates, accident_save
from kzsafety.accounts.models import Role, User
from kzsafety.directories.imports import enterprise_bin_column
from kzsafety.directories.models import Cause, EventType
from kzsafety.imports import fastwrite, references, values
from kzsafety.imports.bulk import relate
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import (
    DATE_ACCEPTS,
    Column,
    ImportKind,
    Row,
    choice_labels,
    field_label,
)
from kzsafety.imports.scope import not_valid_for_you
from kzsafety.records import with_history_user

SYSTEM_USERNAME = "system-import"

# Columns that describe the accident (the same on every row of one accident) and the
# Accident attribute each sets; the others describe the victim of the row.
ACCIDENT_FIELDS = {
    "date": "date",
    "enterprise_bin": "enterprise_id",
    "cause": "cause_id",
    "event_type": "event_type_id",
    "employer_fault_pct": "employer_fault_pct",
    "description": "description",
}
VICTIM_FIELDS = {
    "victim_name": "full_name",
    "victim_iin": "iin",
    "victim_sex": "sex",
    "victim_age": "age",
    "outcome": "outcome",
    "victim_died_on": "died_on",
    "days_lost": "days_lost",
}
# Model field -> column, to show the model's errors at the right cell.
ACCIDENT_COLUMNS = {
    "date": "date",
    "enterprise": "enterprise_bin",
    "cause": "cause",
    "event_type": "event_type",
    "employer_fault_pct": "employer_fault_pct",
    "employee_fault_pct": "employer_fault_pct",
    "description": "description",
    "union_present": "union_present",
}
VICTIM_COLUMNS = {field: column for column, field in VICTIM_FIELDS.items()}


def _accident(field: str) -> Any:
    return field_label(Accident, field)


def _victim(field: str) -> Any:
    return field_label(Victim, field)


def system_user() -> User:
    """The account a system import (a command run without --user) files reports as: a
    status change must name someone. It cannot log in (no usable password)."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.FEDERATION_STAFF, "first_name": "System import"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class AccidentsKind(ImportKind):
    key = "accidents"
    # New accidents in bulk (accidents_bulk.py); False: each through accident_save, the
    # reference the bulk path is tested against (OneByOneAccidentsKind).
    bulk = True
    segment_size = 1000
    accident_columns = ACCIDENT_COLUMNS
    label = gettext_lazy("Accidents")
    description = gettext_lazy(
        "One row is a victim; rows with the same accident reference form one accident, its "
        "victims in row order. Repeat the accident's columns on every row of it."
    )
    columns = (
        Column("accident_ref", _accident("reference"), parse=values.text(64), required=True),
        Column("date", _accident("date"), parse=values.date, required=True, accepts=DATE_ACCEPTS),
        enterprise_bin_column(),
        Column(
            "union_present",
            _accident("union_present"),
            build=values.boolean,
            accepts=gettext_lazy(
                "yes/no, true/false, 1/0, иә/жоқ, да/нет; left blank: the enterprise's union "
                "membership (a new report takes it as it is now, an existing one keeps its value)"
            ),
            options=lambda: [_("yes"), _("no")],
        ),
        Column(
            "cause",
            _accident("cause"),
            build=references.cause,
            accepts=gettext_lazy("its key or its name in any language"),
            options=references.reference_names(Cause),
        ),
        Column(
            "event_type",
            _accident("event_type"),
            build=references.event_type,
            accepts=gettext_lazy("its key or its name in any language"),
            options=references.reference_names(EventType),
        ),
        Column(
            "employer_fault_pct",
            _accident("employer_fault_pct"),
            parse=values.integer(0, 100, percent=True),
            accepts=gettext_lazy("a whole number from 0 to 100"),
        ),
        Column("description", _accident("description"), parse=values.text(20_000), default=""),
        Column("victim_name", _victim("full_name"), parse=values.text(255), default=""),
        Column(
            "victim_iin",
            _victim("iin"),
            parse=values.identification_number,
            default="",
            accepts=gettext_lazy("12 digits with a valid check digit"),
        ),
        Column(
            "victim_sex",
            _victim("sex"),
            parse=values.choice(Sex),
            default="",
            accepts="m, f",
            options=choice_labels(Sex),
        ),
        Column(
            "victim_age",
            _victim("age"),
            parse=values.integer(0, 32767),
            accepts=gettext_lazy("a whole number from 14 to 100"),
        ),
        Column(
            "outcome",
            _victim("outcome"),
            parse=values.choice(Outcome),
            required=True,
            accepts="light, severe, fatal",
            options=choice_labels(Outcome),
        ),
        Column(
            "victim_died_on",
            _victim("died_on"),
            parse=values.date,
            accepts=gettext_lazy("a date, only for a fatal outcome"),
        ),
        Column(
            "days_lost",
            _victim("days_lost"),
            parse=values.integer(0, 2_147_483_647),
            accepts=gettext_lazy("a whole number, 0 or more"),
        ),
    )

    def begin(self, job: Job) -> None:
        # The directories' records, so that checking a report's cause and event type needs
        # no query each (kzsafety.constraints): the parsers give their ids.
        job.state.update(
            groups={},
            enterprises={},
            causes=Cause.objects.in_bulk(),
            event_types=EventType.objects.in_bulk(),
        )

    def handle(self, rows: list[Row], job: Job) -> None:
        """Resolve the batch's enterprises (one query) and collect rows by accident."""
        enterprises = job.state["enterprises"]
        wanted = {row["enterprise_bin"] for row in rows} - enterprises.keys() - {None}
        for enterprise in fastwrite.any_of(job.scope.enterprises().order_by(), "bin", wanted):
            enterprises[enterprise.bin] = enterprise
        groups: dict[str, list[Row]] = job.state["groups"]
        for row in rows:
            bin_ = row["enterprise_bin"]
            if bin_ is not None and bin_ not in enterprises:
                job.row_error(
                    row, "enterprise_bin", _("No enterprise with this BIN in your scope.")
                )
            if row["accident_ref"] is None:
                continue
            group = groups.setdefault(row["accident_ref"], [])
            if group:
                self._check_same_accident(group[0], row, job)
            group.append(row)

    def _check_same_accident(self, first: Row, row: Row, job: Job) -> None:
        for column in (*ACCIDENT_FIELDS, "union_present"):
            if not row.has(column) or row[column] in (None, ""):
                continue
            if first[column] in (None, "") and not first.failed:
                first.values[column] = row[column]
            elif row[column] != first[column]:
                job.row_error(
                    row,
                    column,
                    _("This differs from row %(row)s of the same accident.")
                    % {"row": first.number},
                )

    def _visible(self, job: Job) -> QuerySet[Accident]:
        return job.scope.records(Accident, accidents_visible_to)

    def finish(self, job: Job) -> None:
        # The rules ask for today's date for every report (Accident.clean). With the
        # current time zone pinned for the import, each ask finds it set; otherwise each
        # goes through asgiref's "nothing activated" path (an exception caught inside
        # its Local), which cost about 20 µs a report. The same zone, the same dates.
        with timezone.override(timezone.get_current_timezone()):
            self._finish(job)

    def _finish(self, job: Job) -> None:
        groups: dict[str, list[Row]] = job.state["groups"]
        references_ = list(groups)
        existing: dict[str, Accident] = {}
        for start in range(0, len(references_), 1000):
            chunk = references_[start : start + 1000]
            for accident in fastwrite.any_of(self._visible(job).order_by(), "reference", chunk):
                existing[accident.reference] = accident
            others = set(chunk) - existing.keys()
            hidden = fastwrite.any_of(Accident.objects.order_by(), "reference", others)
            for reference in hidden.values_list("reference", flat=True):
                job.row_error(groups[reference][0], "accident_ref", not_valid_for_you())
                groups[reference][0].failed = True
        victims_of = self._victims_of([accident.pk for accident in existing.values()])
        importer = job.user or system_user()
        segment = Segment(self, job, importer)
        new: list[tuple[str, list[Row]]] = []
        for reference, rows in groups.items():
            if any(row.failed for row in rows):
                continue
            if self.bulk and reference not in existing:
                new.append((reference, rows))
                if len(new) >= self.segment_size:
                    segment.run(new)
                    new = []
                continue
            if new:  # the file's earlier accidents are saved first, as one by one
                segment.run(new)
                new = []
            accident = existing.get(reference)
            old = None if accident is None else victims_of.get(accident.pk, [])
            outcome = self._import_accident(accident, reference, rows, job, importer, old)
            if outcome is not None:
                setattr(job.result, outcome, getattr(job.result, outcome) + len(rows))
        if new:
            segment.run(new)

    @staticmethod
    def _victims_of(accident_ids: list[int]) -> dict[int, list[Victim]]:
        """The victims of reports already in the database, in their order, one query per
        thousand reports (a re-import compares them with the file)."""
        victims: dict[int, list[Victim]] = {}
        for start in range(0, len(accident_ids), 1000):
            chunk = accident_ids[start : start + 1000]
            found = Victim.objects.filter(accident_id__in=chunk).order_by(
                "accident_id", "position", "pk"
            )
            for victim in found:
                victims.setdefault(victim.accident_id, []).append(victim)
        return victims

    def assign_accident(self, accident: Accident, first: Row, job: Job) -> None:
        """The accident's values from its first row (the others were checked to agree)."""
        # A new record has no related record cached that setting an id would clear: its
        # attributes are set straight (Django's descriptors only add that check).
        state = accident._state
        direct = state.adding and not state.fields_cache
        attributes = accident.__dict__
        for column, attribute in ACCIDENT_FIELDS.items():
            if first.has(column) and column != "enterprise_bin":
                if direct:
                    attributes[attribute] = first[column]
                else:
                    setattr(accident, attribute, first[column])
        relate(accident, "enterprise", job.state["enterprises"][first["enterprise_bin"]])
        if accident.cause_id is not None:
            relate(accident, "cause", job.state["causes"][accident.cause_id])
        if accident.event_type_id is not None:
            relate(accident, "event_type", job.state["event_types"][accident.event_type_id])
        union_present = first["union_present"] if first.has("union_present") else None
        if union_present is not None:
            accident.union_present = union_present

    @staticmethod
    def assign_victim(victim: Victim, row: Row, accident: Accident, position: int) -> None:
        for column, attribute in VICTIM_FIELDS.items():
            if row.has(column):
                setattr(victim, attribute, row[column])
        relate(victim, "accident", accident)
        victim.position = position + 1

    def _import_accident(
        self,
        accident: Accident | None,
        reference: str,
        rows: list[Row],
        job: Job,
        user: User,
        old_victims: list[Victim] | None = None,
    ) -> str | None:
        """Save one accident; 'created', 'updated' or 'unchanged', or None after errors.
        `old_victims`: an existing report's victims in order, if already loaded."""
        first = rows[0]
        is_new = accident is None
        if is_new:
            accident = Accident(reference=reference)
            old_victims = []
        elif old_victims is None:
            old_victims = list(accident.victims.order_by("position", "pk"))
        before = None if is_new else self._snapshot(accident, old_victims)
        self.assign_accident(accident, first, job)
        union_present = first["union_present"] if first.has("union_present") else None
        victims = []
        for position, row in enumerate(rows):
            victim = old_victims[position] if position < len(old_victims) else Victim()
            self.assign_victim(victim, row, accident, position)
            self.validate_victim(victim, row, job)
            victims.append(victim)
        if any(row.failed for row in rows):
            return None
        removed = old_victims[len(rows) :]
        if not is_new and not removed and before == self._snapshot(accident, victims):
            return "unchanged"
        # accident_save names the user in the history through the request on the page; an
        # import runs in a worker, without one.
        for record in (accident, *victims, *removed):
            with_history_user(record, user)
        try:
            accident = accident_save(
                user=user,
                accident=accident,
                victims=victims,
                removed=removed,
                union_present=union_present,
            )
        except ValidationError as error:
            job.report(first, error, ACCIDENT_COLUMNS, "accident_ref")
            return None
        except PermissionDenied as error:
            job.row_error(first, "accident_ref", str(error) or _("You cannot file this report."))
            return None
        if accident_duplicates(accident).exists():
            job.row_error(first, "accident_ref", duplicate_message())
            return None
        if accident.status in (AccidentStatus.DRAFT, AccidentStatus.RETURNED):
            AccidentStatusChange.objects.create(
                accident=accident,
                from_status=accident.status,
                to_status=AccidentStatus.SUBMITTED,
                by=user,
                comment=_("Imported from a spreadsheet."),
            )
            accident.status = AccidentStatus.SUBMITTED
            accident.save(update_fields=["status", "updated_at"])
        return "created" if is_new else "updated"

    @staticmethod
    def _snapshot(accident: Accident, victims: list[Victim]) -> tuple:
        fields = [*ACCIDENT_FIELDS.values(), "union_present"]
        return (
            tuple(getattr(accident, f) for f in fields),
            tuple(tuple(getattr(v, f) for f in VICTIM_FIELDS.values()) for v in victims),
        )

    def validate_victim(self, victim: Victim, row: Row, job: Job) -> None:
        """The victim's rules (all of those accident_save runs, constraints included),
        reported at the cell; accident_save checks them again, the bulk path does not."""
        try:
            victim.full_clean(exclude=["accident"])
        except ValidationError as error:
            job.report(row, error, VICTIM_COLUMNS, "outcome")


class OneByOneAccidentsKind(AccidentsKind):
    """Every accident through `accident_save`, one by one: the path the bulk import is
    tested against (not offered to users)."""

    key = "accidents_one_by_one"
    bulk = False

"""New accidents of an import, checked and written in bulk.

The rules are `accident_save`'s, through the same functions (`accident_start`,
`accident_check`; the model checks run in memory, see kzsafety.constraints) and in the same
order, so each accident gets the errors it would get one by one. What the one-by-one path
asks the database per accident is asked once per segment of accidents instead:

- who may file for the enterprises (`enterprises_fileable`);
- the reference's uniqueness: the kind has already looked every reference of the file up
  (an accident is new only when no report has its reference), and a file names each
  reference once;
- the duplicate check (`accident_duplicates`: another report of the same enterprise and
  date naming the same victim) against the reports in the database and the ones of this
  import before it, which one by one would already have been saved.

The records are then written as `accident_save` and the import's submission write them:
the report as a draft with its victims, a history row each (`+`), the status changes
draft and then submitted, and the report's history row of the submission (`~`). A report
found to be a duplicate is written as a draft, as one by one, and the import fails."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import Accident, AccidentStatus, AccidentStatusChange, Victim
from inspections.services.accidents import accident_check, accident_start, enterprises_fileable
from kzsafety.accounts.models import User
from kzsafety.imports import fastwrite
from kzsafety.imports.bulk import new_record, relate, write_batch
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import Row

if TYPE_CHECKING:
    from inspections.imports.accidents import AccidentsKind

UNIQUE_REFERENCE = "accident_reference_unique"


def duplicate_message() -> str:
    return _(
        "A report of this enterprise on the same date already names the same "
        "victim. Check it, and if this is a different accident, say why to submit "
        "anyway."
    )


@dataclass
class Pending:
    """Accidents checked and not yet written, in file order."""

    accidents: list[Accident] = field(default_factory=list)
    victims: list[list[Victim]] = field(default_factory=list)
    submitted: list[bool] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def _people(victims: Iterable[tuple[str, str]]) -> tuple[set[str], set[str]]:
    """The IINs and the names a duplicate is recognised by, as `accident_duplicates` takes
    them (names compared without case, as the database's iexact does)."""
    victims = list(victims)
    iins = {iin for iin, _name in victims if iin}
    names = {name.strip().lower().upper() for _iin, name in victims if name.strip()}
    return iins, names


class Segment:
    """Consecutive new accidents of a file, checked and written together."""

    def __init__(self, kind: "AccidentsKind", job: Job, user: User):
        self.kind, self.job, self.user = kind, job, user
        self.pending = Pending()
        # (enterprise id, date) -> [(accident key, iin, NAME)]: the victims of the reports
        # saved before, in the database or pending in this segment.
        self.known: dict[tuple, list[tuple[object, str, str]]] = {}

    def run(self, groups: list[tuple[str, list[Row]]]) -> None:
        """Check and write these accidents (everything before them is in the database)."""
        self.known = {}
        enterprises = self.job.state["enterprises"]
        accidents = []
        for reference, rows in groups:
            accident = new_record(Accident)
            accident.reference = reference
            self.kind.assign_accident(accident, rows[0], self.job)
            accidents.append((accident, rows))
        fileable = enterprises_fileable(
            self.user, {enterprises[rows[0]["enterprise_bin"]].pk for _a, rows in accidents}
        )
        self._load_known({(a.enterprise_id, a.date) for a, _rows in accidents})
        for accident, rows in accidents:
            self._check(accident, rows, accident.enterprise_id in fileable)
        self.write()

    def _load_known(self, pairs: set[tuple]) -> None:
        pairs = {pair for pair in pairs if pair[1] is not None}
        if not pairs:
            return
        # Each list as one array parameter (fastwrite.any_of): the segment names up to
        # a thousand enterprises and dates.
        reports = fastwrite.any_of(
            Accident.objects.order_by(), "enterprise", {e for e, _d in pairs}
        )
        reports = fastwrite.any_of(reports, "date", sorted({d for _e, d in pairs}))
        keys = {
            pk: (enterprise_id, date)
            for pk, enterprise_id, date in reports.values_list("pk", "enterprise_id", "date")
            if (enterprise_id, date) in pairs
        }
        if not keys:
            return
        victims = fastwrite.any_of(Victim.objects.order_by(), "accident", list(keys))
        for accident_id, iin, name in victims.values_list("accident_id", "iin", "full_name"):
            self.known.setdefault(keys[accident_id], []).append((accident_id, iin, name.upper()))

    def _check(self, accident: Accident, rows: list[Row], may_file: bool) -> None:
        job, first = self.job, rows[0]
        union_present = first["union_present"] if first.has("union_present") else None
        victims = []
        for position, row in enumerate(rows):
            victim = new_record(Victim)
            self.kind.assign_victim(victim, row, accident, position)
            self.kind.validate_victim(victim, row, job)
            victims.append(victim)
        if any(row.failed for row in rows):
            return
        try:
            accident_start(
                user=self.user, accident=accident, union_present=union_present, may_file=may_file
            )
            accident._unique_checked = {UNIQUE_REFERENCE}
            victims = accident_check(accident=accident, victims=victims, victims_checked=True)
        except ValidationError as error:
            job.report(first, error, self.kind.accident_columns, "accident_ref")
            return
        except PermissionDenied as error:
            job.row_error(first, "accident_ref", str(error) or _("You cannot file this report."))
            return
        key = (accident.enterprise_id, accident.date)
        iins, names = _people((v.iin, v.full_name) for v in victims)
        duplicate = any(
            iin in iins or name in names for _other, iin, name in self.known.get(key, ())
        )
        self.known.setdefault(key, []).extend(
            (id(accident), v.iin, v.full_name.upper()) for v in victims
        )
        self.pending.accidents.append(accident)
        self.pending.victims.append(victims)
        self.pending.submitted.append(not duplicate)
        self.pending.rows.append(first)
        if duplicate:
            job.row_error(first, "accident_ref", duplicate_message())
            return
        job.result.created += len(rows)

    def write(self) -> None:
        """Write the pending accidents in a savepoint: if the database refuses them (a
        report with one of the references created meanwhile), that is reported and the
        import's transaction stays usable."""
        pending, self.pending = self.pending, Pending()
        if not pending.accidents:
            return
        write_batch(
            self.job, [row.number for row in pending.rows], lambda: _write(pending, self.user)
        )


def _write(pending: Pending, user: User) -> None:
    if not fastwrite.copy_ready(Accident):
        _write_steps(pending, user)
        return
    # Reports go in in their final status; their history shows the draft first, then the
    # submission, as the two saves one by one write it.
    for accident, submit in zip(pending.accidents, pending.submitted, strict=True):
        if submit:
            accident.status = AccidentStatus.SUBMITTED
    fastwrite.insert(
        Accident,
        pending.accidents,
        user=user,
        reason=None,
        shown={"status": AccidentStatus.DRAFT},
    )
    _write_children(pending, user)
    fastwrite.history(
        Accident,
        [a.pk for a, submit in zip(pending.accidents, pending.submitted, strict=True) if submit],
        "~",
        user=user,
        reason=None,
    )


def _write_steps(pending: Pending, user: User) -> None:
    """Elsewhere than on PostgreSQL: the draft, then the submission as an update."""
    fastwrite.insert(Accident, pending.accidents, user=user, reason=None)
    _write_children(pending, user)
    submitted = []
    for accident, submit in zip(pending.accidents, pending.submitted, strict=True):
        if submit:
            accident.status = AccidentStatus.SUBMITTED
            submitted.append(accident)
    fastwrite.update(Accident, submitted, ["status"], user=user, reason=None)


def _write_children(pending: Pending, user: User) -> None:
    """The victims, and the status changes: draft, then submitted unless a duplicate."""
    victims = []
    for accident, its_victims in zip(pending.accidents, pending.victims, strict=True):
        for victim in its_victims:
            relate(victim, "accident", accident)  # now with its id
            victims.append(victim)
    fastwrite.insert(Victim, victims, user=user, reason=None)
    now = timezone.now()
    comment = _("Imported from a spreadsheet.")
    changes = []
    for accident, submit in zip(pending.accidents, pending.submitted, strict=True):
        changes.append((accident.pk, "", AccidentStatus.DRAFT, user.pk, now, ""))
        if submit:
            changes.append(
                (accident.pk, AccidentStatus.DRAFT, AccidentStatus.SUBMITTED, user.pk, now, comment)
            )
    fastwrite.insert_values(
        AccidentStatusChange,
        ["accident_id", "from_status", "to_status", "by_id", "at", "comment"],
        changes,
    )

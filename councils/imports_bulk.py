"""New and changed councils of an import, checked and written in bulk.

The rules are `council_save`'s, through the same function (`council_prepare`: who may keep
the register, the version, then `council_check`; the model checks run in memory, see
kzsafety.constraints), in the same order as one by one, so each council gets the errors
it would get there. What the one-by-one path asks the database per council is asked once
per segment of councils instead:

- the locks: `council_save` locks the council and its enterprise; here the segment's
  enterprises are locked in one statement (in id order), and their councils with them;
- the councils of those enterprises, read once after the locks: the uniqueness of the
  establishment date and the overlapping periods are answered from them, kept up to date
  as the segment's councils are checked (each council sees the ones checked before it,
  as one by one it would see the ones saved before it).

Then new councils are inserted and changed ones updated, each with its history row, as
the saves would write them (the import's user, the reason "import"). Once an error is
found nothing more is checked or written, as one by one."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from councils.models import Council
from councils.services.registry import council_prepare
from kzsafety.directories.models import Enterprise
from kzsafety.imports import fastwrite
from kzsafety.imports.bulk import HISTORY_REASON, write_batch
from kzsafety.imports.engine import Job
from kzsafety.imports.kinds import Row

if TYPE_CHECKING:
    from councils.imports import CouncilsKind

SEGMENT = 2000
WRITTEN = ["union_initiative", "sector", "dissolved_on", "version"]


class BulkCouncils:
    def __init__(self, kind: "CouncilsKind", job: Job):
        self.kind, self.job = kind, job

    def run(self, rows: list[Row]) -> None:
        """Check and write the file's councils, in the order one by one saves them (by
        enterprise, then establishment date)."""
        rows = [row for row in rows if not row.failed]
        for start in range(0, len(rows), SEGMENT):
            self._segment(rows[start : start + SEGMENT])

    def _segment(self, rows: list[Row]) -> None:
        job = self.job
        changed = []
        for row in rows:
            council, is_new, differs = self.kind.council_for(row, job)
            if differs:
                changed.append((row, council, is_new))
            else:
                job.result.unchanged += 1
        registry: dict[int, list[Council]] = {}
        if job.writing and changed:
            registry = _locked_registry({council.enterprise_id for _r, council, _n in changed})
        new: list[Council] = []
        updated: list[Council] = []
        for row, council, is_new in changed:
            if job.writing:
                if not self._check(row, council, is_new, registry):
                    continue
                (new if is_new else updated).append(council)
            if is_new:
                job.result.created += 1
            else:
                job.result.updated += 1
        if job.writing:
            self._write(rows, new, updated)

    def _check(self, row: Row, council: Council, is_new: bool, registry) -> bool:
        job = self.job
        others = registry.setdefault(council.enterprise_id, [])
        current = None
        if not is_new:
            current = next((o for o in others if o.pk == council.pk), None)
            if current is None:  # deleted since the import read it
                job.row_error(row, "established_on", _("This council no longer exists."))
                return False
        try:
            council_prepare(
                user=job.user,
                council=council,
                current=current,
                enterprise=row.extra["enterprise"],
                others=others,
                today=job.state["today"],
            )
        except ValidationError as error:
            job.report(row, error, self.kind.field_columns, "established_on")
            return False
        except PermissionDenied as error:
            job.row_error(row, "enterprise_bin", str(error))
            return False
        # The next councils of the enterprise see this one as it will be saved.
        if current is not None:
            others.remove(current)
        others.append(council)
        return True

    def _write(self, rows: list[Row], new: list[Council], updated: list[Council]) -> None:
        """In a savepoint: if the database refuses the rows (a council created meanwhile by
        someone else), that is reported and the import's transaction stays usable."""
        if not new and not updated:
            return
        user = self.job.user

        def write() -> None:
            fastwrite.insert(Council, new, user=user, reason=HISTORY_REASON)
            fastwrite.update(Council, updated, WRITTEN, user=user, reason=HISTORY_REASON)

        write_batch(self.job, [row.number for row in rows], write)


def _locked_registry(enterprise_ids: set[int]) -> dict[int, list[Council]]:
    """Lock the enterprises (as `council_save` locks each one, and in id order, so two
    imports cannot deadlock) and read all their councils, locked too."""
    ids = sorted(enterprise_ids)
    enterprises = fastwrite.any_of(Enterprise.objects.select_for_update(), "id", ids)
    list(enterprises.order_by("pk").values_list("pk", flat=True))
    registry: dict[int, list[Council]] = {}
    councils = fastwrite.any_of(Council.objects.select_for_update(), "enterprise", ids)
    councils = councils.order_by("pk")
    for council in councils:
        registry.setdefault(council.enterprise_id, []).append(council)
    return registry

"""The runs: which scans each schedule runs, written in batches through notify_many.

Each batch is written (and its e-mails queued) in its own transaction, so a run killed in
the middle keeps what it wrote; the task is then delivered again (acks_late) and the second
run writes only what the first did not, because every note is keyed."""

import datetime
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone

from kzsafety.accounts.notify import Note, notify_many
from kzsafety.reminders import scans

Scan = Callable[..., Iterator[Note]]

DAILY: tuple[Scan, ...] = (
    scans.violation_deadline_notes,
    scans.decision_overdue_notes,
    scans.accident_review_notes,
    scans.accident_returned_notes,
)
WEEKLY: tuple[Scan, ...] = (scans.escalation_notes,)
MONTHLY: tuple[Scan, ...] = (scans.untrained_inspector_notes,)

WRITE_BATCH = 5000


class RunStopped(Exception):
    """A run stopped after the number of batches it was allowed (see `run`)."""


def _chunks(notes: Iterable[Note], size: int) -> Iterator[list[Note]]:
    chunk: list[Note] = []
    for note in notes:
        chunk.append(note)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    scan_list: Iterable[Scan],
    today: datetime.date | None = None,
    *,
    batch: int = WRITE_BATCH,
    max_batches: int | None = None,
) -> dict[str, int]:
    """Run the scans as of `today` (Asia/Almaty's today by default) and write their notes
    `batch` at a time. Returns the notifications written per scan. With `max_batches`, it
    raises RunStopped after writing that many batches, as a worker killed in the middle
    would stop (for tests, and to try a run on a copy of production)."""
    today = today or timezone.localdate()
    written: dict[str, int] = {}
    batches = 0
    for scan in scan_list:
        name = scan.__name__.removesuffix("_notes")
        written[name] = 0
        for chunk in _chunks(scan(today), batch):
            if max_batches is not None and batches >= max_batches:
                raise RunStopped(f"stopped after {batches} batches")
            written[name] += notify_many(chunk)
            batches += 1
    return written

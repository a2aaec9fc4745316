"""Recording an inspection: starting and correcting the draft, its violations, proposals
and work stoppages, and finalizing it, which issues the numbered notice. Afterwards the
inspector records the employer's answer to a proposal, records a stoppage (a danger does not
wait for the paperwork) and lifts one here too; the
remediation of each violation is in public_control_lifecycle.

Every function takes the acting user, checks what that user may do
(public_control_rights), runs in a transaction and raises ValidationError with a readable
message (PermissionDenied when the role may not act at all). The rules on the values are
public_control_rules, which the spreadsheet import applies too, so they cannot disagree."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.access import proposals_visible_to, stoppages_visible_to
from inspections.models import (
    EvidencePhoto,
    EvidenceStage,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Notice,
    NoticeCounter,
    Proposal,
    ProposalStatus,
    Violation,
    ViolationStatus,
    ViolationStatusChange,
    WorkStoppage,
)
from inspections.services.public_control_photos import (
    check_photo,
    delete_files_on_commit,
    store_photo,
)
from inspections.services.public_control_rights import (
    may_manage_follow_up,
    may_record_inspections,
    registry_record_of,
    require_draft,
    require_in_scope,
    require_inspector_of,
)
from inspections.services.public_control_rules import (
    check_date,
    check_date_keeps_deadlines,
    check_deadline,
    check_description,
    check_joint,
    check_stoppage_start,
)
from kzsafety.access import enterprises_visible_to
from kzsafety.accounts.models import User
from kzsafety.directories.models import Enterprise, ViolationCategory
from kzsafety.records import locked, with_history_user

# --- The draft ----------------------------------------------------------------------------


@transaction.atomic
def inspection_start(
    *,
    user: User,
    enterprise: Enterprise,
    date: datetime.date,
    kind: str = InspectionKind.PLANNED,
    state_inspector_name: str = "",
    notes: str = "",
    reference: str = "",
) -> Inspection:
    """Start a draft inspection at an enterprise of the inspector's scope."""
    if not may_record_inspections(user):
        raise PermissionDenied(_("Only technical inspectors record inspections."))
    record = registry_record_of(user)
    if not enterprises_visible_to(user).filter(pk=enterprise.pk).exists():
        raise PermissionDenied(_("You can only inspect the enterprises you serve."))
    check_date(date)
    check_joint(kind, state_inspector_name)
    inspection = Inspection(
        inspector=record,
        enterprise=enterprise,
        date=date,
        kind=kind,
        state_inspector_name=state_inspector_name.strip() if kind == InspectionKind.JOINT else "",
        notes=notes,
        reference=reference.strip(),
        created_by=user,
    )
    inspection.full_clean()
    with_history_user(inspection, user).save()
    return inspection


@transaction.atomic
def inspection_update(
    *,
    user: User,
    inspection: Inspection,
    date: datetime.date,
    kind: str,
    state_inspector_name: str = "",
    notes: str = "",
) -> Inspection:
    require_inspector_of(inspection, user)
    inspection = locked(Inspection, inspection.pk)
    require_draft(inspection)
    check_date(date)
    check_joint(kind, state_inspector_name)
    earliest = (
        inspection.violations.filter(deadline__isnull=False)
        .order_by("deadline", "position")
        .values_list("position", "deadline")
        .first()
    )
    check_date_keeps_deadlines(date, earliest)
    inspection.date = date
    inspection.kind = kind
    inspection.state_inspector_name = (
        state_inspector_name.strip() if kind == InspectionKind.JOINT else ""
    )
    inspection.notes = notes
    with_history_user(inspection, user).save()
    return inspection


@transaction.atomic
def inspection_discard(*, user: User, inspection: Inspection) -> None:
    """Delete a draft that should not have been started, with its photos."""
    require_inspector_of(inspection, user)
    inspection = locked(Inspection, inspection.pk)
    require_draft(inspection)
    photos = EvidencePhoto.objects.filter(violation__inspection=inspection)
    delete_files_on_commit((photo.file.storage, photo.file.name) for photo in photos)
    inspection.delete()


@transaction.atomic
def violation_add(
    *,
    user: User,
    inspection: Inspection,
    description: str,
    deadline: datetime.date | None,
    category: ViolationCategory | None = None,
    legal_reference: str = "",
    photo: UploadedFile | None = None,
) -> Violation:
    """Add the next violation of a draft inspection, with an optional photo."""
    require_inspector_of(inspection, user)
    inspection = locked(Inspection, inspection.pk)  # serializes the numbering
    require_draft(inspection)
    description = check_description(description)
    check_deadline(deadline, inspection.date)
    if photo is not None:
        check_photo(photo)
    last = inspection.violations.order_by("-position").values_list("position", flat=True).first()
    violation = Violation(
        inspection=inspection,
        position=(last or 0) + 1,
        description=description,
        category=category,
        legal_reference=legal_reference.strip(),
        deadline=deadline,
    )
    violation.full_clean(exclude=["inspection"])
    with_history_user(violation, user).save()
    ViolationStatusChange.objects.create(
        violation=violation, from_status="", to_status=ViolationStatus.OPEN, by=user
    )
    if photo is not None:
        store_photo(user=user, violation=violation, file=photo, stage=EvidenceStage.FOUND)
    return violation


@transaction.atomic
def violation_update(
    *,
    user: User,
    violation: Violation,
    description: str,
    deadline: datetime.date | None,
    category: ViolationCategory | None = None,
    legal_reference: str = "",
) -> Violation:
    """Correct a violation while its inspection is still a draft."""
    require_inspector_of(violation.inspection, user)
    inspection = locked(Inspection, violation.inspection_id)
    require_draft(inspection)
    description = check_description(description)
    check_deadline(deadline, inspection.date)
    violation = locked(Violation, violation.pk)
    violation.description = description
    violation.deadline = deadline
    violation.category = category
    violation.legal_reference = legal_reference.strip()
    with_history_user(violation, user).save()
    return violation


@transaction.atomic
def violation_remove(*, user: User, violation: Violation) -> None:
    """Remove a violation from a draft; the ones after it move up a number."""
    require_inspector_of(violation.inspection, user)
    inspection = locked(Inspection, violation.inspection_id)
    require_draft(inspection)
    photos = EvidencePhoto.objects.filter(violation=violation)
    delete_files_on_commit((photo.file.storage, photo.file.name) for photo in photos)
    position = violation.position
    with_history_user(violation, user).delete()
    # One by one in ascending order, so each moves into a free number.
    for later in inspection.violations.filter(position__gt=position).order_by("position"):
        later.position -= 1
        with_history_user(later, user).save(update_fields=["position", "updated_at"])


@transaction.atomic
def proposal_add(*, user: User, inspection: Inspection, text: str) -> Proposal:
    require_inspector_of(inspection, user)
    inspection = locked(Inspection, inspection.pk)
    require_draft(inspection)
    if not text.strip():
        raise ValidationError({"text": _("Write the proposal.")})
    proposal = Proposal(inspection=inspection, text=text.strip())
    with_history_user(proposal, user).save()
    return proposal


@transaction.atomic
def work_stoppage_record(
    *,
    user: User,
    inspection: Inspection,
    reason: str,
    started_on: datetime.date,
    works: str = "",
) -> WorkStoppage:
    """Record the work stoppage the inspector demanded at a direct threat to life. A threat
    can appear or be found after the notice was handed over, so a finalized inspection
    takes a stoppage too; its date is still not before the inspection day."""
    require_inspector_of(inspection, user)
    inspection = locked(Inspection, inspection.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what threatens life or health.")})
    check_stoppage_start(started_on, inspection.date)
    stoppage = WorkStoppage(
        inspection=inspection,
        reason=reason.strip(),
        works=works.strip(),
        started_on=started_on,
        created_by=user,
    )
    with_history_user(stoppage, user).save()
    return stoppage


# --- Finalizing and the notice ------------------------------------------------------------


def _next_notice_sequence(year: int) -> int:
    """Take the next number of the year. The counter row stays locked until the caller's
    transaction ends, so concurrent finalizations queue here instead of colliding."""
    NoticeCounter.objects.get_or_create(year=year)
    counter = NoticeCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def inspection_finalize(*, user: User, inspection: Inspection) -> Notice | None:
    """Close the inspection. If it found violations, issue the numbered notice listing
    them; an inspection that found nothing has no notice."""
    require_inspector_of(inspection, user)
    inspection = locked(Inspection, inspection.pk)
    require_draft(inspection)
    violations = list(inspection.violations.order_by("position"))
    without_deadline = [str(v.position) for v in violations if v.deadline is None]
    if without_deadline:
        raise ValidationError(
            _("Set a deadline for violations %(numbers)s before finalizing.")
            % {"numbers": ", ".join(without_deadline)}
        )
    inspection.status = InspectionStatus.FINALIZED
    inspection.finalized_at = timezone.now()
    with_history_user(inspection, user).save()
    if not violations:
        return None
    today = timezone.localdate()
    sequence = _next_notice_sequence(today.year)
    notice = Notice.objects.create(
        inspection=inspection,
        year=today.year,
        sequence=sequence,
        number=Notice.format_number(today.year, sequence),
        issued_on=today,
        issued_by=user,
    )
    notice.violations.set(violations)
    return notice


# --- Follow-up: the employer's answer to a proposal, lifting a stoppage -------------------


@transaction.atomic
def proposal_set_status(*, user: User, proposal: Proposal, status: str) -> Proposal:
    """Record the employer's answer to a proposal."""
    if not may_manage_follow_up(user):
        raise PermissionDenied(_("Only technical inspectors record the employer's answer."))
    require_in_scope(proposals_visible_to, user, proposal)
    if status not in ProposalStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    proposal = locked(Proposal, proposal.pk)
    proposal.status = status
    with_history_user(proposal, user).save()
    return proposal


@transaction.atomic
def work_stoppage_lift(
    *, user: User, stoppage: WorkStoppage, lifted_on: datetime.date
) -> WorkStoppage:
    if not may_manage_follow_up(user):
        raise PermissionDenied(_("Only technical inspectors lift a work stoppage."))
    require_in_scope(stoppages_visible_to, user, stoppage)
    stoppage = locked(WorkStoppage, stoppage.pk)
    if stoppage.lifted_on is not None:
        raise ValidationError(_("This work stoppage has already been lifted."))
    check_date(lifted_on, "lifted_on")
    if lifted_on < stoppage.started_on:
        raise ValidationError({"lifted_on": _("Work cannot resume before it was stopped.")})
    stoppage.lifted_on = lifted_on
    with_history_user(stoppage, user).save()
    return stoppage

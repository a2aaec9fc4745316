"""Writes of public control: recording an inspection, its violations, proposals and work
stoppages, finalizing it (which issues the numbered notice), and the remediation lifecycle
of each violation:

    open ──report fixed──▶ reported fixed ──eliminate──▶ eliminated
      ▲                          │
      └──────────reopen──────────┘

Every function takes the acting user, checks what that user may do, runs in a transaction
and raises ValidationError with a readable message (PermissionDenied when the role may not
act at all). Views and imports both call these, so they cannot disagree."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.access import (
    inspections_visible_to,
    proposals_visible_to,
    stoppages_visible_to,
    violations_visible_to,
)
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
from inspections.services.public_control_rules import (
    check_date,
    check_deadline,
    check_description,
    check_eliminated_on,
    check_joint,
    check_stoppage_start,
)
from kzsafety.access import enterprises_visible_to
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise, TechnicalInspector, ViolationCategory
from kzsafety.uploads import IMAGE_TYPES, checked_upload

# --- Who may act -------------------------------------------------------------------------
# Visibility is the scoping module's job; these add the role on top. For inspectors and
# council members "in scope" means "at their own enterprise".


def _is(user: User, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def may_record_inspections(user: User) -> bool:
    return _is(user, Role.INSPECTOR)


def may_edit_inspection(user: User, inspection: Inspection) -> bool:
    """Add to or change a draft: inspectors of the enterprise (the view has already
    fetched the inspection through the user's scope)."""
    return inspection.is_draft and _is(user, Role.INSPECTOR)


def may_report_fixed(user: User, violation: Violation) -> bool:
    # The council (once councils exist) or, until then, the inspector reports the fix.
    return (
        violation.status == ViolationStatus.OPEN
        and violation.inspection.status == InspectionStatus.FINALIZED
        and _is(user, Role.INSPECTOR, Role.COUNCIL_MEMBER)
    )


def may_confirm(user: User, violation: Violation) -> bool:
    """Eliminate or reopen: the inspectors of the enterprise only."""
    return violation.status == ViolationStatus.REPORTED_FIXED and _is(user, Role.INSPECTOR)


def may_manage_follow_up(user: User) -> bool:
    """Lift a stoppage or record the employer's answer to a proposal."""
    return _is(user, Role.INSPECTOR)


def _require_in_scope(visible, user: User, obj) -> None:
    if not visible(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("This record is outside your scope."))


def _require_inspector_of(inspection: Inspection, user: User) -> None:
    if not _is(user, Role.INSPECTOR):
        raise PermissionDenied(_("Only technical inspectors record inspections."))
    _require_in_scope(inspections_visible_to, user, inspection)


def _require_draft(inspection: Inspection) -> None:
    if not inspection.is_draft:
        raise ValidationError(
            _("This inspection is finalized and its notice issued; it can no longer be changed.")
        )


def _locked(model, pk: int):
    return model.objects.select_for_update().get(pk=pk)


def registry_record_of(user: User) -> TechnicalInspector:
    """The user's active record in the inspectors' registry, or a readable refusal."""
    try:
        record = user.inspector_record
    except ObjectDoesNotExist:
        record = None
    if record is None:
        raise ValidationError(
            _(
                "Your account is not linked to a record in the register of technical "
                "inspectors. Ask federation staff to link your registry record to your "
                "account; then you can record inspections."
            )
        )
    if not record.is_active:
        raise ValidationError(
            _(
                "Your registry record %(number)s shows you are not serving as a technical "
                "inspector today. Ask federation staff to correct the register."
            )
            % {"number": record.number}
        )
    return record


def _with_history_user(instance, user: User):
    instance._history_user = user
    return instance


# --- Photos ------------------------------------------------------------------------------


def check_photo(file: UploadedFile) -> str:
    """Validate an uploaded photo and return its real content type (read from its first
    bytes by the project's upload check: JPEG, PNG or WebP, at most 10 MB)."""
    if file.size == 0:
        raise ValidationError({"photo": _("The photo file is empty.")})
    try:
        return checked_upload(file, IMAGE_TYPES)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error


def _store_photo(*, user: User, violation: Violation, file: UploadedFile, stage: str):
    content_type = check_photo(file)
    photo = EvidencePhoto(
        violation=violation,
        stage=stage,
        original_name=(file.name or "photo")[-255:],
        content_type=content_type,
        size=file.size,
        uploaded_by=user,
    )
    # Validation happens before anything is written; a file left by a later rollback has a
    # random name and no row pointing at it, so nobody can reach it.
    photo.file.save("photo", file, save=False)
    photo.save()
    return photo


def _delete_files_on_commit(names: Iterable[tuple]) -> None:
    names = list(names)

    def delete():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def evidence_photo_add(
    *, user: User, violation: Violation, file: UploadedFile, stage: str = EvidenceStage.FOUND
) -> EvidencePhoto:
    """Add a photo to a violation: while its inspection is a draft, by its inspectors;
    later, as evidence of fixing, by whoever may report it fixed or confirm it."""
    _require_in_scope(violations_visible_to, user, violation)
    violation = _locked(Violation, violation.pk)
    if violation.inspection.is_draft:
        _require_inspector_of(violation.inspection, user)
    elif not (may_report_fixed(user, violation) or may_confirm(user, violation)):
        raise PermissionDenied(_("You cannot add photos to this violation now."))
    else:
        stage = EvidenceStage.FIXED
    return _store_photo(user=user, violation=violation, file=file, stage=stage)


# --- Recording an inspection -------------------------------------------------------------


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
    _with_history_user(inspection, user).save()
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
    _require_inspector_of(inspection, user)
    inspection = _locked(Inspection, inspection.pk)
    _require_draft(inspection)
    check_date(date)
    check_joint(kind, state_inspector_name)
    earliest_deadline = (
        inspection.violations.filter(deadline__isnull=False).order_by("deadline").first()
    )
    if earliest_deadline and earliest_deadline.deadline < date:
        raise ValidationError(
            {
                "date": _(
                    "Violation %(number)s has a deadline before this date; change its "
                    "deadline first."
                )
                % {"number": earliest_deadline.position}
            }
        )
    inspection.date = date
    inspection.kind = kind
    inspection.state_inspector_name = (
        state_inspector_name.strip() if kind == InspectionKind.JOINT else ""
    )
    inspection.notes = notes
    _with_history_user(inspection, user).save()
    return inspection


@transaction.atomic
def inspection_discard(*, user: User, inspection: Inspection) -> None:
    """Delete a draft that should not have been started, with its photos."""
    _require_inspector_of(inspection, user)
    inspection = _locked(Inspection, inspection.pk)
    _require_draft(inspection)
    photos = EvidencePhoto.objects.filter(violation__inspection=inspection)
    _delete_files_on_commit((photo.file.storage, photo.file.name) for photo in photos)
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
    _require_inspector_of(inspection, user)
    inspection = _locked(Inspection, inspection.pk)  # serializes the numbering
    _require_draft(inspection)
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
    _with_history_user(violation, user).save()
    ViolationStatusChange.objects.create(
        violation=violation, from_status="", to_status=ViolationStatus.OPEN, by=user
    )
    if photo is not None:
        _store_photo(user=user, violation=violation, file=photo, stage=EvidenceStage.FOUND)
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
    _require_inspector_of(violation.inspection, user)
    inspection = _locked(Inspection, violation.inspection_id)
    _require_draft(inspection)
    description = check_description(description)
    check_deadline(deadline, inspection.date)
    violation = _locked(Violation, violation.pk)
    violation.description = description
    violation.deadline = deadline
    violation.category = category
    violation.legal_reference = legal_reference.strip()
    _with_history_user(violation, user).save()
    return violation


@transaction.atomic
def violation_remove(*, user: User, violation: Violation) -> None:
    """Remove a violation from a draft; the ones after it move up a number."""
    _require_inspector_of(violation.inspection, user)
    inspection = _locked(Inspection, violation.inspection_id)
    _require_draft(inspection)
    photos = EvidencePhoto.objects.filter(violation=violation)
    _delete_files_on_commit((photo.file.storage, photo.file.name) for photo in photos)
    position = violation.position
    _with_history_user(violation, user).delete()
    # One by one in ascending order, so each moves into a free number.
    for later in inspection.violations.filter(position__gt=position).order_by("position"):
        later.position -= 1
        _with_history_user(later, user).save(update_fields=["position", "updated_at"])


@transaction.atomic
def proposal_add(*, user: User, inspection: Inspection, text: str) -> Proposal:
    _require_inspector_of(inspection, user)
    inspection = _locked(Inspection, inspection.pk)
    _require_draft(inspection)
    if not text.strip():
        raise ValidationError({"text": _("Write the proposal.")})
    proposal = Proposal(inspection=inspection, text=text.strip())
    _with_history_user(proposal, user).save()
    return proposal


@transaction.atomic
def proposal_set_status(*, user: User, proposal: Proposal, status: str) -> Proposal:
    """Record the employer's answer to a proposal."""
    if not may_manage_follow_up(user):
        raise PermissionDenied(_("Only technical inspectors record the employer's answer."))
    _require_in_scope(proposals_visible_to, user, proposal)
    if status not in ProposalStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    proposal = _locked(Proposal, proposal.pk)
    proposal.status = status
    _with_history_user(proposal, user).save()
    return proposal


@transaction.atomic
def work_stoppage_record(
    *, user: User, inspection: Inspection, reason: str, started_on: datetime.date
) -> WorkStoppage:
    """Record the work stoppage the inspector demanded at a direct threat to life."""
    _require_inspector_of(inspection, user)
    inspection = _locked(Inspection, inspection.pk)
    _require_draft(inspection)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what threatens life or health.")})
    check_stoppage_start(started_on, inspection.date)
    stoppage = WorkStoppage(
        inspection=inspection, reason=reason.strip(), started_on=started_on, created_by=user
    )
    _with_history_user(stoppage, user).save()
    return stoppage


@transaction.atomic
def work_stoppage_lift(
    *, user: User, stoppage: WorkStoppage, lifted_on: datetime.date
) -> WorkStoppage:
    if not may_manage_follow_up(user):
        raise PermissionDenied(_("Only technical inspectors lift a work stoppage."))
    _require_in_scope(stoppages_visible_to, user, stoppage)
    stoppage = _locked(WorkStoppage, stoppage.pk)
    if stoppage.lifted_on is not None:
        raise ValidationError(_("This work stoppage has already been lifted."))
    check_date(lifted_on, "lifted_on")
    if lifted_on < stoppage.started_on:
        raise ValidationError({"lifted_on": _("Work cannot resume before it was stopped.")})
    stoppage.lifted_on = lifted_on
    _with_history_user(stoppage, user).save()
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
    _require_inspector_of(inspection, user)
    inspection = _locked(Inspection, inspection.pk)
    _require_draft(inspection)
    violations = list(inspection.violations.order_by("position"))
    without_deadline = [str(v.position) for v in violations if v.deadline is None]
    if without_deadline:
        raise ValidationError(
            _("Set a deadline for violations %(numbers)s before finalizing.")
            % {"numbers": ", ".join(without_deadline)}
        )
    inspection.status = InspectionStatus.FINALIZED
    inspection.finalized_at = timezone.now()
    _with_history_user(inspection, user).save()
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


# --- Remediation lifecycle ----------------------------------------------------------------


def _transition(
    *, violation: Violation, allowed_from: str, to: str, refusal: str
) -> tuple[str, Violation]:
    """Lock the violation and move it, if the move is legal; the caller saves it."""
    violation = _locked(Violation, violation.pk)
    if violation.inspection.is_draft:
        raise ValidationError(
            _("Finalize the inspection first: remediation starts once the notice is issued.")
        )
    if violation.status != allowed_from:
        raise ValidationError(refusal % {"status": violation.get_status_display()})
    previous = violation.status
    violation.status = to
    if to != ViolationStatus.ELIMINATED:
        violation.eliminated_on = None
        violation.verified_by = None
    return previous, violation


def _record(*, user: User, violation: Violation, previous: str, comment: str) -> None:
    _with_history_user(violation, user).save()
    ViolationStatusChange.objects.create(
        violation=violation,
        from_status=previous,
        to_status=violation.status,
        by=user,
        comment=comment.strip(),
    )


@transaction.atomic
def violation_report_fixed(
    *, user: User, violation: Violation, comment: str = "", photo: UploadedFile | None = None
) -> Violation:
    """The council (until councils exist, the inspector) reports the violation fixed, with
    evidence: a photo, a description of what was done, or both."""
    if not _is(user, Role.INSPECTOR, Role.COUNCIL_MEMBER):
        raise PermissionDenied(
            _("Only the inspectors and council members of the enterprise report fixes.")
        )
    _require_in_scope(violations_visible_to, user, violation)
    if not comment.strip() and photo is None:
        raise ValidationError(_("Add a photo or describe what was done, as evidence of the fix."))
    if photo is not None:
        check_photo(photo)
    previous, violation = _transition(
        violation=violation,
        allowed_from=ViolationStatus.OPEN,
        to=ViolationStatus.REPORTED_FIXED,
        refusal=_("Only an open violation can be reported fixed; this one is %(status)s."),
    )
    _record(user=user, violation=violation, previous=previous, comment=comment)
    if photo is not None:
        _store_photo(user=user, violation=violation, file=photo, stage=EvidenceStage.FIXED)
    return violation


@transaction.atomic
def violation_eliminate(
    *,
    user: User,
    violation: Violation,
    eliminated_on: datetime.date | None = None,
    comment: str = "",
) -> Violation:
    """The inspector confirms a reported fix: the violation is eliminated."""
    if not _is(user, Role.INSPECTOR):
        raise PermissionDenied(_("Only the inspectors of the enterprise confirm elimination."))
    _require_in_scope(violations_visible_to, user, violation)
    eliminated_on = eliminated_on or timezone.localdate()
    previous, violation = _transition(
        violation=violation,
        allowed_from=ViolationStatus.REPORTED_FIXED,
        to=ViolationStatus.ELIMINATED,
        refusal=_(
            "Only a violation reported fixed can be confirmed eliminated; this one is %(status)s."
        ),
    )
    check_eliminated_on(eliminated_on, violation.inspection.date)
    violation.eliminated_on = eliminated_on
    violation.verified_by = user
    _record(user=user, violation=violation, previous=previous, comment=comment)
    return violation


@transaction.atomic
def violation_reopen(*, user: User, violation: Violation, comment: str) -> Violation:
    """The inspector does not accept the reported fix: back to open, with the reason."""
    if not _is(user, Role.INSPECTOR):
        raise PermissionDenied(_("Only the inspectors of the enterprise reopen a violation."))
    _require_in_scope(violations_visible_to, user, violation)
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the fix is not accepted.")})
    previous, violation = _transition(
        violation=violation,
        allowed_from=ViolationStatus.REPORTED_FIXED,
        to=ViolationStatus.OPEN,
        refusal=_("Only a violation reported fixed can be reopened; this one is %(status)s."),
    )
    _record(user=user, violation=violation, previous=previous, comment=comment)
    return violation

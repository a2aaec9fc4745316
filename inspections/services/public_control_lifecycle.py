"""The remediation lifecycle of a violation, once its inspection is finalized and the
notice issued:

    open ──report fixed──▶ reported fixed ──eliminate──▶ eliminated
      ▲                          │
      └──────────reopen──────────┘

Every move is recorded on the violation's timeline (ViolationStatusChange). The
public-control pages and the council's remediation board both call these, so they keep one
lifecycle. Each function takes the acting user, runs in a transaction and raises
ValidationError with a readable message (PermissionDenied when the role may not act)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.access import violations_visible_to
from inspections.models import EvidenceStage, Violation, ViolationStatus, ViolationStatusChange
from inspections.services.public_control_photos import check_photo, store_photo
from inspections.services.public_control_rights import has_role, require_in_scope
from inspections.services.public_control_rules import check_eliminated_on
from kzsafety.accounts.models import Role, User
from kzsafety.records import locked, with_history_user


def _transition(
    *, violation: Violation, allowed_from: str, to: str, refusal: str
) -> tuple[str, Violation]:
    """Lock the violation and move it, if the move is legal; the caller saves it."""
    violation = locked(Violation, violation.pk)
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
    with_history_user(violation, user).save()
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
    if not has_role(user, Role.INSPECTOR, Role.COUNCIL_MEMBER):
        raise PermissionDenied(
            _("Only the inspectors and council members of the enterprise report fixes.")
        )
    require_in_scope(violations_visible_to, user, violation)
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
        store_photo(user=user, violation=violation, file=photo, stage=EvidenceStage.FIXED)
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
    if not has_role(user, Role.INSPECTOR):
        raise PermissionDenied(_("Only the inspectors of the enterprise confirm elimination."))
    require_in_scope(violations_visible_to, user, violation)
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
    if not has_role(user, Role.INSPECTOR):
        raise PermissionDenied(_("Only the inspectors of the enterprise reopen a violation."))
    require_in_scope(violations_visible_to, user, violation)
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

"""Who may act in public control. Visibility is the scoping module's job
(inspections/access.py); these add the role on top. For inspectors and council members
"in scope" means "at their own enterprise".

The may_* questions answer the pages (show a button or not); the require_* checks are what
the write functions of public_control_recording, public_control_lifecycle and
public_control_photos raise on (PermissionDenied when the role may not act at all,
ValidationError with a readable message otherwise)."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from inspections.access import inspections_visible_to
from inspections.models import Inspection, InspectionStatus, Violation, ViolationStatus
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import TechnicalInspector


def has_role(user: User, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def may_record_inspections(user: User) -> bool:
    return has_role(user, Role.INSPECTOR)


def may_edit_inspection(user: User, inspection: Inspection) -> bool:
    """Add to or change a draft: inspectors of the enterprise (the view has already
    fetched the inspection through the user's scope)."""
    return inspection.is_draft and has_role(user, Role.INSPECTOR)


def may_record_stoppage(user: User, inspection: Inspection) -> bool:
    """A stoppage follows the danger, not the paperwork: the inspectors of the enterprise
    record one on a draft and after the notice has been issued alike."""
    return has_role(user, Role.INSPECTOR)


def may_report_fixed(user: User, violation: Violation) -> bool:
    # The council (once councils exist) or, until then, the inspector reports the fix.
    return (
        violation.status == ViolationStatus.OPEN
        and violation.inspection.status == InspectionStatus.FINALIZED
        and has_role(user, Role.INSPECTOR, Role.COUNCIL_MEMBER)
    )


def may_confirm(user: User, violation: Violation) -> bool:
    """Eliminate or reopen: the inspectors of the enterprise only."""
    return violation.status == ViolationStatus.REPORTED_FIXED and has_role(user, Role.INSPECTOR)


def may_manage_follow_up(user: User) -> bool:
    """Lift a stoppage or record the employer's answer to a proposal."""
    return has_role(user, Role.INSPECTOR)


def require_in_scope(visible, user: User, obj) -> None:
    if not visible(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("This record is outside your scope."))


def require_inspector_of(inspection: Inspection, user: User) -> None:
    if not has_role(user, Role.INSPECTOR):
        raise PermissionDenied(_("Only technical inspectors record inspections."))
    require_in_scope(inspections_visible_to, user, inspection)


def require_draft(inspection: Inspection) -> None:
    if not inspection.is_draft:
        raise ValidationError(
            _("This inspection is finalized and its notice issued; it can no longer be changed.")
        )


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

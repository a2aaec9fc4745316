"""The council's remediation plan for a violation. Moving the violation itself (reported
fixed, eliminated, reopened) belongs to inspections.services.public_control_lifecycle; the
board calls those functions and never moves a violation by itself."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils.models import RemediationPlan
from councils.services.common import require_text
from councils.services.rights import is_council_worker
from inspections.access import violations_visible_to
from inspections.models import Violation, ViolationStatus
from kzsafety.accounts.models import User
from kzsafety.records import locked, with_history_user


@transaction.atomic
def remediation_plan_save(
    *,
    user: User,
    violation: Violation,
    responsible: str,
    planned_on: datetime.date | None,
    note: str = "",
) -> RemediationPlan:
    """Say who will fix a violation and by when: the council's members and the
    enterprise's inspectors, while the violation is not eliminated."""
    if not is_council_worker(user):
        raise PermissionDenied(
            _("Only the council's members and the enterprise's technical inspectors plan fixes.")
        )
    if not violations_visible_to(user).filter(pk=violation.pk).exists():
        raise PermissionDenied(_("This record is outside your scope."))
    violation = locked(Violation, violation.pk)
    if violation.inspection.is_draft:
        raise ValidationError(
            _("The inspection is still a draft; plan the fix once the notice is issued.")
        )
    if violation.status == ViolationStatus.ELIMINATED:
        raise ValidationError(_("This violation is already eliminated; it needs no plan."))
    responsible = require_text(responsible, "responsible", _("Name the person responsible."))
    if planned_on is None:
        raise ValidationError({"planned_on": _("Enter the planned date.")})
    if planned_on < violation.inspection.date:
        raise ValidationError(
            {"planned_on": _("The plan cannot be dated before the violation was found.")}
        )
    plan = RemediationPlan.objects.select_for_update().filter(violation=violation).first()
    plan = plan or RemediationPlan(violation=violation)
    plan.responsible = responsible
    plan.planned_on = planned_on
    plan.note = (note or "").strip()
    plan.updated_by = user
    plan.full_clean(exclude=["violation", "updated_by"])
    with_history_user(plan, user).save()
    return plan

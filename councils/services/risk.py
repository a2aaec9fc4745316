"""Writes of professional-risk assessments and their register entries."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from councils.models import Council, RiskAssessment, RiskEntry
from councils.services.common import next_position, require_text
from councils.services.rights import require_not_dissolved, require_worker
from kzsafety.accounts.models import User
from kzsafety.records import locked, next_version, with_history_user

ASSESSMENT_FIELDS = [
    "period_start",
    "period_end",
    "commission",
    "objects_assessed",
    "professions",
    "schedule",
]
ENTRY_FIELDS = [
    "hazard",
    "workplace",
    "probability",
    "severity",
    "controls",
    "residual_probability",
    "residual_severity",
    "review_on",
]


@transaction.atomic
def risk_assessment_save(
    *, user: User, assessment: RiskAssessment, version: int | None = None
) -> RiskAssessment:
    """Set up an assessment of the council (commission, objects, professions, schedule)
    or correct it. It stays with the council it was set up for. `version`: the version the
    editor started from (kzsafety.records.next_version); None overwrites."""
    if assessment.pk is None:
        target = RiskAssessment(council=locked(Council, assessment.council_id), created_by=user)
    else:
        target = locked(RiskAssessment, assessment.pk)
        target.version = next_version(target, version)
    council = target.council
    require_worker(user, council)
    require_not_dissolved(council)
    for field in ASSESSMENT_FIELDS:
        setattr(target, field, getattr(assessment, field))
    target.commission = require_text(
        target.commission, "commission", _("Name the members of the assessment commission.")
    )
    target.objects_assessed = require_text(
        target.objects_assessed, "objects_assessed", _("List the objects and units to assess.")
    )
    target.professions = require_text(
        target.professions, "professions", _("List the professions to assess.")
    )
    target.full_clean(exclude=["created_by"])
    with_history_user(target, user).save()
    assessment.pk = target.pk
    return target


@transaction.atomic
def risk_entry_save(*, user: User, entry: RiskEntry) -> RiskEntry:
    """Add a hazard to the register (numbered in order) or correct one. Controls may only
    lower the risk: the residual product cannot exceed the one before controls."""
    if entry.pk is None:
        assessment = locked(RiskAssessment, entry.assessment_id)  # serializes the numbering
        target = RiskEntry(assessment=assessment)
    else:
        target = locked(RiskEntry, entry.pk)
        assessment = target.assessment
    require_worker(user, assessment.council)
    require_not_dissolved(assessment.council)
    for field in ENTRY_FIELDS:
        setattr(target, field, getattr(entry, field))
    target.hazard = require_text(target.hazard, "hazard", _("Describe the hazard."))
    target.workplace = require_text(
        target.workplace, "workplace", _("Name the workplace or profession.")
    )
    if target.pk is None:
        target.position = next_position(assessment.entries)
    target.full_clean()
    residual = target.residual_risk
    if residual is not None and residual > target.risk:
        raise ValidationError(
            _(
                "The residual risk (%(residual)s) cannot be higher than the risk before "
                "controls (%(risk)s)."
            )
            % {"residual": residual, "risk": target.risk}
        )
    with_history_user(target, user).save()
    entry.pk, entry.position = target.pk, target.position
    return target


@transaction.atomic
def risk_entry_remove(*, user: User, entry: RiskEntry) -> None:
    """Remove an entry; the ones after it move up a number."""
    entry = locked(RiskEntry, entry.pk)
    assessment = locked(RiskAssessment, entry.assessment_id)
    require_worker(user, assessment.council)
    require_not_dissolved(assessment.council)
    position = entry.position
    with_history_user(entry, user).delete()
    for later in assessment.entries.filter(position__gt=position).order_by("position"):
        later.position -= 1
        with_history_user(later, user).save(update_fields=["position", "updated_at"])

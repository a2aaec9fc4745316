"""Writes with rules for accident reports. The filing page and the spreadsheet import both
call these, so they can never disagree on a rule."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from inspections.models import Accident, AccidentStatus, AccidentStatusChange, Victim
from kzsafety.access import enterprises_visible_to
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise
from kzsafety.records import locked, next_version

# The only legal moves of the workflow; a returned report goes back to submitted.
TRANSITIONS: dict[str, set[str]] = {
    AccidentStatus.DRAFT: {AccidentStatus.SUBMITTED},
    AccidentStatus.SUBMITTED: {AccidentStatus.RETURNED, AccidentStatus.VERIFIED},
    AccidentStatus.RETURNED: {AccidentStatus.SUBMITTED},
    AccidentStatus.VERIFIED: set(),
}


# --- who may do what -----------------------------------------------------------------------


def can_file(user: User, enterprise: Enterprise | None = None) -> bool:
    """Inspectors file reports for their enterprises, regional staff for the enterprises
    of their region (reports that reach the association on paper, and the region's
    spreadsheets of earlier years), federation staff for any."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return True
    if user.role not in (Role.INSPECTOR, Role.REGIONAL_STAFF):
        return False
    if enterprise is None:
        return True
    return enterprises_visible_to(user).filter(pk=enterprise.pk).exists()


def can_edit(user: User, accident: Accident) -> bool:
    return accident.is_editable and can_file(user, accident.enterprise)


def can_review(user: User, accident: Accident) -> bool:
    """Regional staff of the accident's region and federation staff verify or return."""
    if accident.status != AccidentStatus.SUBMITTED or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return True
    return user.role == Role.REGIONAL_STAFF and user.region_id == accident.enterprise.region_id


def can_attach(user: User, accident: Accident) -> bool:
    return accident.status != AccidentStatus.VERIFIED and can_file(user, accident.enterprise)


# --- writes --------------------------------------------------------------------------------


def _clean_victims(accident: Accident, victims: Iterable[Victim]) -> list[Victim]:
    victims = list(victims)
    errors = []
    for number, victim in enumerate(victims, start=1):
        victim.accident = accident
        try:
            victim.full_clean(exclude=["accident"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = Victim._meta.get_field(field).verbose_name if field != "__all__" else ""
                for message in messages:
                    errors.append(
                        _("Victim %(number)s, %(field)s: %(message)s")
                        % {"number": number, "field": label, "message": message}
                    )
    if errors:
        raise ValidationError(errors)
    return victims


def enterprises_fileable(user: User, enterprise_ids: Iterable[int]) -> set[int]:
    """Of these enterprises, the ids the user may file reports for (`can_file` for many
    enterprises in one query, for imports)."""
    enterprise_ids = set(enterprise_ids)
    if not enterprise_ids or not can_file(user):
        return set()
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return enterprise_ids
    visible = enterprises_visible_to(user).filter(pk__in=enterprise_ids).order_by()
    return set(visible.values_list("pk", flat=True))


def accident_start(
    *, user: User, accident: Accident, union_present: bool | None, may_file: bool | None = None
) -> None:
    """The rules of a new report before its checks: who may file it (`may_file` when the
    caller asked `enterprises_fileable` for a batch), who filed it, its first status, and
    the union's presence (None: the enterprise's current membership)."""
    if not (can_file(user, accident.enterprise) if may_file is None else may_file):
        raise PermissionDenied(_("You cannot file reports for this enterprise."))
    accident.created_by = user
    accident.status = AccidentStatus.DRAFT
    if union_present is not None:
        accident.union_present = union_present
    else:
        accident.union_present = accident.enterprise.union_member


def accident_check(
    *, accident: Accident, victims: Iterable[Victim], victims_checked: bool = False
) -> list[Victim]:
    """Every rule a report and its victims must meet to be saved, raising ValidationError:
    the one rule set of the filing page, the import one by one and the bulk import. The
    model checks run in memory (kzsafety.constraints), so this costs no query beyond the
    reference's uniqueness, which a bulk caller checks for its whole batch.
    `victims_checked`: the caller has already run each victim's full checks
    (`full_clean(exclude=["accident"])` with this accident), to report them at its cells."""
    accident.full_clean(exclude=["created_by"])
    if victims_checked:
        return list(victims)
    return _clean_victims(accident, victims)


@transaction.atomic
def accident_save(
    *,
    user: User,
    accident: Accident,
    victims: Iterable[Victim],
    removed: Iterable[Victim] = (),
    union_present: bool | None = None,
    version: int | None = None,
) -> Accident:
    """Create or update a report while it is a draft or returned. `union_present=None`
    on a new report copies the enterprise's current union membership. `version` is the
    version the editor started from: a report saved by someone else since is refused
    (code "stale"); None overwrites (a trusted import)."""
    is_new = accident.pk is None
    if is_new:
        accident_start(user=user, accident=accident, union_present=union_present)
    else:
        current = locked(Accident, accident.pk)
        if not can_edit(user, current):
            raise PermissionDenied(_("This report can no longer be changed."))
        accident.version = next_version(current, version)
        if union_present is not None:
            accident.union_present = union_present
    victims = accident_check(accident=accident, victims=victims)
    accident.save()
    for victim in removed:
        if victim.pk:
            victim.delete()
    for position, victim in enumerate(victims, start=1):
        victim.accident = accident
        victim.position = position
        victim.save()
    if is_new:
        AccidentStatusChange.objects.create(
            accident=accident, from_status="", to_status=AccidentStatus.DRAFT, by=user
        )
    return accident


def accident_duplicates(accident: Accident) -> QuerySet[Accident]:
    """Other reports of the same enterprise and date sharing a victim's IIN or name."""
    victims = list(accident.victims.values_list("iin", "full_name"))
    iins = {iin for iin, _name in victims if iin}
    names = {name.strip().lower() for _iin, name in victims if name.strip()}
    if not iins and not names:
        return Accident.objects.none()
    same_person = Q(victims__iin__in=iins) if iins else Q(pk__in=[])
    for name in names:
        same_person |= Q(victims__full_name__iexact=name)
    return (
        Accident.objects.filter(enterprise_id=accident.enterprise_id, date=accident.date)
        .exclude(pk=accident.pk)
        .filter(same_person)
        .distinct()
    )


def _move(accident: Accident, to: str, user: User, comment: str = "") -> AccidentStatusChange:
    if to not in TRANSITIONS[accident.status]:
        raise ValidationError(
            _("A report that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": AccidentStatus(accident.status).label,
                "target": AccidentStatus(to).label,
            },
            code="illegal_transition",
        )
    change = AccidentStatusChange.objects.create(
        accident=accident, from_status=accident.status, to_status=to, by=user, comment=comment
    )
    accident.status = to
    accident.save(update_fields=["status", "duplicate_reason", "updated_at"])
    return change


@transaction.atomic
def accident_submit(*, user: User, accident: Accident, duplicate_reason: str = "") -> Accident:
    accident = locked(Accident, accident.pk)
    if not can_edit(user, accident):
        raise PermissionDenied(_("You cannot submit this report."))
    victims = list(accident.victims.all())
    if not victims:
        raise ValidationError(_("Add at least one victim before submitting."), code="no_victims")
    accident_check(accident=accident, victims=victims)
    duplicate_reason = duplicate_reason.strip()
    if accident_duplicates(accident).exists() and not duplicate_reason:
        raise ValidationError(
            _(
                "A report of this enterprise on the same date already names the same victim. "
                "Check it, and if this is a different accident, say why to submit anyway."
            ),
            code="duplicate",
        )
    accident.duplicate_reason = duplicate_reason or accident.duplicate_reason
    _move(accident, AccidentStatus.SUBMITTED, user, duplicate_reason)
    if accident.is_fatal:
        from inspections.notifications import notify_fatal_accident

        notify_fatal_accident(accident)
    return accident


@transaction.atomic
def accident_return(*, user: User, accident: Accident, comment: str) -> Accident:
    accident = Accident.objects.select_for_update().select_related("enterprise").get(pk=accident.pk)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to be corrected.")}, code="required")
    if not can_review(user, accident) and accident.status == AccidentStatus.SUBMITTED:
        raise PermissionDenied(_("You cannot review this report."))
    change = _move(accident, AccidentStatus.RETURNED, user, comment.strip())
    from inspections.notifications import notify_accident_returned

    notify_accident_returned(accident, change)
    return accident


@transaction.atomic
def accident_verify(*, user: User, accident: Accident, comment: str = "") -> Accident:
    accident = Accident.objects.select_for_update().select_related("enterprise").get(pk=accident.pk)
    if not can_review(user, accident) and accident.status == AccidentStatus.SUBMITTED:
        raise PermissionDenied(_("You cannot review this report."))
    change = _move(accident, AccidentStatus.VERIFIED, user, comment.strip())
    from inspections.notifications import notify_accident_verified

    notify_accident_verified(accident, change)
    return accident

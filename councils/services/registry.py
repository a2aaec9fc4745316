"""Writes of the council register: the council, its members and attached inspectors.
The web pages and the spreadsheet import (`councils` kind) both call these."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from councils.models import Council, CouncilMember
from councils.services.common import check_past, require_text
from councils.services.rights import require_registry_manager
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise, Sector, TechnicalInspector
from kzsafety.records import locked, next_version, with_history_user

UNIQUE_ESTABLISHED = "council_unique_enterprise_established_on"


def _overlapping(council: Council):
    """Other councils of the enterprise active on some day this one is. A council is active
    from established_on up to the day before dissolved_on, as the annual tables count it."""
    others = Council.objects.filter(enterprise_id=council.enterprise_id).exclude(pk=council.pk)
    others = others.filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=council.established_on)
    )
    if council.dissolved_on is not None:
        others = others.filter(established_on__lt=council.dissolved_on)
    return others.order_by("established_on")


def active_together(council: Council, other: Council) -> bool:
    """`_overlapping`'s condition for one other council the caller holds in memory."""
    return (other.dissolved_on is None or other.dissolved_on > council.established_on) and (
        council.dissolved_on is None or other.established_on < council.dissolved_on
    )


def council_check(
    council: Council,
    *,
    others: Iterable[Council] | None = None,
    today: datetime.date | None = None,
) -> Council:
    """The rules of one council record, without saving it: a missing sector becomes the
    enterprise's; dates in order and not in the future; one council per enterprise and
    establishment date; two councils of one enterprise never active at the same time.

    `others`: every other council of the enterprise, as the caller holds them after
    locking the enterprise (the bulk import, which reads them once for many councils);
    None: they are asked from the database. The same rules either way. `today`: the
    caller's today, read once for many councils."""
    if council.enterprise_id is None:
        raise ValidationError({"enterprise": _("Choose the enterprise of the council.")})
    if council.established_on is None:
        raise ValidationError({"established_on": _("Enter the date the council was established.")})
    if council.sector_id is None:
        council.sector = council.enterprise.sector
    today = today or timezone.localdate()
    check_past(council.established_on, "established_on", today)
    check_past(council.dissolved_on, "dissolved_on", today)
    if others is not None:
        others = [o for o in others if o is not council and (o.pk is None or o.pk != council.pk)]
        if all(o.established_on != council.established_on for o in others):
            # Answered from `others`; a clash is left to the model's own check, which
            # words it.
            council._unique_checked = {UNIQUE_ESTABLISHED}
    try:
        council.full_clean()
    finally:
        council.__dict__.pop("_unique_checked", None)
    if others is None:
        clash = _overlapping(council).first()
    else:
        together = [o for o in others if active_together(council, o)]
        clash = min(together, key=lambda o: o.established_on, default=None)
    if clash is not None:
        raise ValidationError(
            _(
                "%(enterprise)s already has a council established on %(date)s that is active "
                "in the same period; record when that one was dissolved first."
            )
            % {
                "enterprise": council.enterprise.name,
                "date": date_format(clash.established_on, "SHORT_DATE_FORMAT"),
            }
        )
    return council


def council_prepare(
    *,
    user: User | None,
    council: Council,
    current: Council | None,
    enterprise: Enterprise,
    version: int | None = None,
    others: Iterable[Council] | None = None,
    today: datetime.date | None = None,
) -> Council:
    """Every rule `council_save` applies before writing, given the rows it locked: the
    council as stored (`current`, None for a new one) and its enterprise. The bulk import
    calls this for many councils after locking their enterprises and reading their
    councils once (`others`, see council_check)."""
    if current is not None:
        held = enterprise if current.enterprise_id == enterprise.pk else current.enterprise
        require_registry_manager(user, held)
        council.version = next_version(current, version)
    require_registry_manager(user, enterprise)
    return council_check(council, others=others, today=today)


@transaction.atomic
def council_save(*, user: User | None, council: Council, version: int | None = None) -> Council:
    """Create or update one council: federation staff anywhere, regional staff in their
    region (see council_check for the rules). `user=None` is a trusted command-line
    import. `version` is the version the editor started from: a council saved by someone
    else since is refused (code "stale"); None overwrites (an import)."""
    if council.enterprise_id is None:
        raise ValidationError({"enterprise": _("Choose the enterprise of the council.")})
    current = locked(Council, council.pk) if council.pk is not None else None
    # Locking the enterprise serializes councils of one enterprise, so two saves at the
    # same moment cannot both pass the overlap check.
    council_prepare(
        user=user,
        council=council,
        current=current,
        enterprise=locked(Enterprise, council.enterprise_id),
        version=version,
    )
    with_history_user(council, user).save()
    return council


def council_create(
    *,
    user: User | None,
    enterprise: Enterprise,
    established_on,
    union_initiative: bool = False,
    sector: Sector | None = None,
    dissolved_on=None,
) -> Council:
    return council_save(
        user=user,
        council=Council(
            enterprise=enterprise,
            established_on=established_on,
            union_initiative=union_initiative,
            sector=sector,
            dissolved_on=dissolved_on,
        ),
    )


def _check_account(member: CouncilMember, council: Council) -> None:
    account = member.user
    if account is None:
        return
    if account.role not in (Role.COUNCIL_MEMBER, Role.INSPECTOR) or (
        account.enterprise_id != council.enterprise_id
    ):
        raise ValidationError(
            {
                "user": _(
                    "The account %(username)s is not a council member's or inspector's account "
                    "at %(enterprise)s; set its role and enterprise first."
                )
                % {"username": account.username, "enterprise": council.enterprise.name}
            }
        )


@transaction.atomic
def council_member_save(*, user: User | None, member: CouncilMember) -> CouncilMember:
    """Add or change a member. A member stays on the council they were added to."""
    if member.pk is not None:
        member.council = locked(CouncilMember, member.pk).council
    council = member.council
    require_registry_manager(user, council.enterprise)
    member.full_name = require_text(member.full_name, "full_name", _("Enter the member's name."))
    member.position = (member.position or "").strip()
    member.phone = (member.phone or "").strip()
    _check_account(member, council)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def council_member_remove(*, user: User | None, member: CouncilMember) -> None:
    member = locked(CouncilMember, member.pk)
    require_registry_manager(user, member.council.enterprise)
    member.delete()


@transaction.atomic
def council_inspectors_set(
    *, user: User | None, council: Council, inspectors: Iterable[TechnicalInspector]
) -> Council:
    """Attach exactly these technical inspectors; they must be registered at the
    council's enterprise."""
    council = locked(Council, council.pk)
    require_registry_manager(user, council.enterprise)
    inspectors = list(inspectors)
    strangers = [i.full_name for i in inspectors if i.enterprise_id != council.enterprise_id]
    if strangers:
        raise ValidationError(
            {
                "inspectors": _("Not registered at this enterprise: %(names)s.")
                % {"names": ", ".join(strangers)}
            }
        )
    council.inspectors.set(inspectors)
    return council

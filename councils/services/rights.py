"""Who may act on councils. Visibility is the scoping module's job (councils/access.py);
these add the role on top:

- the council's own people — council members (their account's enterprise is the council's)
  and the technical inspectors of the enterprise — record meetings, decisions, remediation
  plans and risk assessments, and report violations fixed;
- only inspectors confirm or reopen a reported fix (inspections' own rule);
- federation staff, and regional staff for their region, keep the register of councils
  (the council, its members and attached inspectors)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from councils.access import councils_visible_to
from councils.models import Council
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise

STAFF_ROLES = (Role.REGIONAL_STAFF, Role.SECTOR_STAFF, Role.FEDERATION_STAFF)


def _active(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff_reader(user: User) -> bool:
    """Regional, sector and federation staff: they follow councils, they do not run them."""
    return _active(user) and (user.is_superuser or user.role in STAFF_ROLES)


def may_manage_registry(user: User, enterprise: Enterprise | None = None) -> bool:
    """Create or change council records: federation staff anywhere, regional staff in
    their region. Without an enterprise: may they manage any at all."""
    if not _active(user):
        return False
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return True
    if user.role != Role.REGIONAL_STAFF or not user.region_id:
        return False
    return enterprise is None or enterprise.region_id == user.region_id


def is_council_worker(user: User) -> bool:
    return _active(user) and user.role in (Role.COUNCIL_MEMBER, Role.INSPECTOR)


def may_work_in(user: User, council: Council) -> bool:
    """Record meetings, decisions, plans and assessments of this council."""
    return is_council_worker(user) and councils_visible_to(user).filter(pk=council.pk).exists()


def require_registry_manager(user: User | None, enterprise: Enterprise) -> None:
    """`user=None` is a trusted command-line run (an import without --user)."""
    if user is not None and not may_manage_registry(user, enterprise):
        raise PermissionDenied(
            _("Only federation staff, and regional staff for their region, keep the register.")
        )


def require_worker(user: User, council: Council) -> None:
    if not may_work_in(user, council):
        raise PermissionDenied(
            _("Only the council's members and the enterprise's technical inspectors do this.")
        )


def require_not_dissolved(council: Council) -> None:
    if council.dissolved_on is not None and council.dissolved_on <= timezone.localdate():
        raise ValidationError(
            _("This council was dissolved on %(date)s; its records can no longer change.")
            % {"date": date_format(council.dissolved_on, "SHORT_DATE_FORMAT")}
        )

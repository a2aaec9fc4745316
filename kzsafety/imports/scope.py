"""Who may import, and into what. Federation staff (and superusers) import for the whole
country, regional staff for their region only; nobody else imports. A command run without
--user is a system import with the whole country in scope.

Existing records are read through the project's scoping functions (kzsafety.access), so an
import can never touch a record its user could not see on a page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from kzsafety.access import enterprises_visible_to, inspectors_visible_to
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise, TechnicalInspector


def may_import(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return True
    return user.role == Role.REGIONAL_STAFF and user.region_id is not None


@dataclass(frozen=True)
class ImportScope:
    user: User | None
    region_id: int | None  # None: the whole country

    @property
    def whole_country(self) -> bool:
        return self.region_id is None

    def allows_region(self, region_id: int | None) -> bool:
        return self.region_id is None or region_id == self.region_id

    def records(self, model: type[Model], visible_to: Callable[[User], QuerySet]) -> QuerySet:
        """Records of `model` the import may read: through the app's scoping function, or
        all of them for a system import."""
        if self.user is None:
            return model._default_manager.all()
        return visible_to(self.user)

    def enterprises(self) -> QuerySet[Enterprise]:
        return self.records(Enterprise, enterprises_visible_to)

    def inspectors(self) -> QuerySet[TechnicalInspector]:
        return self.records(TechnicalInspector, inspectors_visible_to)


def not_valid_for_you() -> str:
    """The one answer for a key the user may not use because a record by that key lies
    outside their scope: worded like any invalid value, so an import never confirms that a
    record exists where its user cannot see it."""
    return _(
        "This value is not valid for you. Check it, or ask federation staff to import the row."
    )


def import_scope(user: User | None) -> ImportScope:
    """The scope an import runs in, or PermissionDenied for a user who may not import."""
    if user is None:
        return ImportScope(user=None, region_id=None)
    if not may_import(user):
        raise PermissionDenied(_("Only federation staff and regional staff can import records."))
    if user.is_federation_staff:
        return ImportScope(user=user, region_id=None)
    return ImportScope(user=user, region_id=user.region_id)

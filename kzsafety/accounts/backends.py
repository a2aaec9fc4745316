"""Permissions that follow from a role rather than from per-user grants."""

from kzsafety.accounts.models import Role

# Federation staff administer users and all directories and records in the admin.
FEDERATION_APPS = {"accounts", "directories", "inspections", "councils", "statistics"}


class RolePermissionBackend:
    def authenticate(self, request, **credentials):
        return None

    def _is_federation(self, user) -> bool:
        return user.is_active and getattr(user, "role", "") == Role.FEDERATION_STAFF

    def has_perm(self, user, perm: str, obj=None) -> bool:
        return self._is_federation(user) and perm.split(".", 1)[0] in FEDERATION_APPS

    def has_module_perms(self, user, app_label: str) -> bool:
        return self._is_federation(user) and app_label in FEDERATION_APPS

"""Who may administer which account. The admin, its actions and any future user-management
page ask these functions; none of them decides by role on its own."""

from kzsafety.accounts.models import Role, User

# Roles only a superuser hands out: they reach the admin and manage other accounts.
PRIVILEGED_ROLES = frozenset({Role.FEDERATION_STAFF})


def is_privileged(user: User) -> bool:
    """Superusers, staff and federation staff: accounts that can manage other accounts."""
    return bool(user.is_superuser or user.is_staff or user.role in PRIVILEGED_ROLES)


def may_administer(actor: User, target: User) -> bool:
    """May `actor` change `target`'s password, activity, role or scope, or delete it?

    Only a superuser touches a privileged account; nobody but a superuser administers their
    own account either (role, activity and password without the old one): otherwise federation
    staff could take over the superuser or another staff member, or lift themselves."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    if actor.is_superuser:
        return True
    return target.pk != actor.pk and not is_privileged(target)


def assignable_roles(actor: User) -> list[tuple[str, str]]:
    """The roles `actor` may give an account, as choices."""
    if actor.is_superuser:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value not in PRIVILEGED_ROLES]

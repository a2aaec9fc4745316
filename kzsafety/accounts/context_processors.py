from kzsafety.accounts.models import Role


def navigation(request):
    """What the base layout needs to draw the menu for the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_role_label": Role(user.role).label if user.role else "",
        "user_scope_label": user.scope_label(),
        "user_can_admin": user.is_superuser or user.role == Role.FEDERATION_STAFF,
        "unread_notifications": user.notifications.unread().count(),
    }

"""How a page names a person: `{{ change.user|person }}`."""

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else their username; "—" for no user (a history row written by
    a program, or by an account since deleted). One filter, because a template cannot use
    `user.get_full_name|default:user.username` safely: a filter argument looked up on None
    raises instead of rendering empty."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username

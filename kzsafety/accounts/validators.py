from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class UsernameInPasswordValidator:
    """Refuse a password that contains the username in any letter case. Django's similarity
    validator compares whole strings and lets `councilcouncil` pass for the user `council`.
    Usernames shorter than `min_length` are ignored: two letters inside a password say
    nothing about it."""

    def __init__(self, min_length: int = 3):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        username = (getattr(user, "username", "") or "").casefold()
        if len(username) >= self.min_length and username in password.casefold():
            raise ValidationError(
                _("The password must not contain the username."),
                code="password_contains_username",
            )

    def get_help_text(self) -> str:
        return _("Your password must not contain your username.")

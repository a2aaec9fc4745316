"""Write functions for personal API tokens: create (the token is returned once, only its
hash is kept) and revoke."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kzsafety.accounts.models import User
from kzsafety.api.models import ApiToken, hash_token, new_token


def may_revoke(actor: User, token: ApiToken) -> bool:
    """A user revokes their own tokens; federation staff and superusers anyone's."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    return token.user_id == actor.pk or actor.is_superuser or actor.is_federation_staff


@transaction.atomic
def token_create(*, user: User, name: str, expires_on: datetime.date) -> tuple[ApiToken, str]:
    """A new token for `user`, valid until the end of `expires_on` (local time). Returns the
    token record and the token itself, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The expiry date must be in the future.")})
    longest = today + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS)
    if expires_on > longest:
        raise ValidationError(
            {
                "expires_on": _("A token lives at most %(days)d days (until %(date)s).")
                % {"days": settings.API_TOKEN_MAX_DAYS, "date": longest.isoformat()}
            }
        )
    raw = new_token()
    end_of_day = datetime.datetime.combine(
        expires_on + datetime.timedelta(days=1), datetime.time.min
    )
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        key_hash=hash_token(raw),
        expires_at=timezone.make_aware(end_of_day),
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not may_revoke(actor, token):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token

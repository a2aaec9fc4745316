"""Write functions for personal API tokens: create (the token is returned once, only its
hash is kept) and revoke."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kzsafety.accounts.models import User
from kzsafety.api.models import ApiToken, hash_token, new_token


def sees_all_tokens(user: User) -> bool:
    return bool(user.is_active and (user.is_superuser or user.is_federation_staff))


def tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    """A user's own tokens; everyone's for federation staff and superusers."""
    if not (user.is_authenticated and user.is_active):
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    return tokens if sees_all_tokens(user) else tokens.filter(user=user)


def may_revoke(actor: User, token: ApiToken) -> bool:
    """A user revokes their own tokens; federation staff and superusers anyone's."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    return token.user_id == actor.pk or sees_all_tokens(actor)


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

"""`Authorization: Bearer <token>` (or `Token <token>`): the request acts as the token's
user, with that user's scope. A revoked or expired token, or one of a deactivated user,
answers 401 with a code saying which."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from kzsafety.api.models import ApiToken, hash_token

KEYWORDS = ("bearer", "token")
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class TokenFailed(exceptions.AuthenticationFailed):
    def __init__(self, detail, code: str):
        super().__init__(detail, code)
        self.code = code


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise TokenFailed(
                _("The Authorization header must be 'Bearer <token>'."), "token_malformed"
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise TokenFailed(_("The token is not valid."), "token_invalid") from error
        return self.authenticate_token(raw)

    def authenticate_token(self, raw: str):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
        if token is None:
            raise TokenFailed(_("The token is not valid."), "token_invalid")
        if token.is_revoked:
            raise TokenFailed(_("The token has been revoked."), "token_revoked")
        now = timezone.now()
        if token.expires_at <= now:
            raise TokenFailed(_("The token has expired."), "token_expired")
        if not token.user.is_active:
            raise TokenFailed(_("The token's account is deactivated."), "account_inactive")
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'

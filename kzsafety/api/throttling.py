"""Request limits: one budget per token and one per user (whatever the token or session),
one per address for anonymous requests. Rates come from settings.API_THROTTLE_RATES, read
at each request so a deployment (or a test) can change them. Over the limit: 429 with
Retry-After."""

from django.conf import settings
from rest_framework import throttling

from kzsafety.api.models import ApiToken


class _RatesFromSettings:
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_RatesFromSettings, throttling.SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    scope = "anon"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "kzsafety.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the OpenAPI description of the token authentication.
        from kzsafety.api import schema  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "kzsafety.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # The top layer knows every app's models: watch them for the scope cache.
        from kzsafety import scope_cache

        scope_cache.connect()

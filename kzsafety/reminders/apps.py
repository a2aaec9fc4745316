from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "kzsafety.reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from kzsafety.reminders import kinds  # noqa: F401  registers the notification kinds

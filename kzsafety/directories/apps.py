from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoriesConfig(AppConfig):
    name = "kzsafety.directories"
    label = "directories"
    verbose_name = _("Directories")

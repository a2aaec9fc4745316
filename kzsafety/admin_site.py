from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kzsafety.admin_input import checked


class KzAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        # Imported here: this module loads before the apps, the form needs the models.
        from kzsafety.accounts.forms import AdminLoginForm

        self.login_form = AdminLoginForm
        return super().login(request, extra_context)

    site_header = _("kzsafety administration")
    site_title = _("kzsafety")
    index_title = _("Administration")

    def get_app_list(self, request, app_label=None):
        """Adds an "Annual statistics" entry leading federation staff to generate and
        download the annual report (the page itself lives outside the admin)."""
        apps = super().get_app_list(request, app_label)
        if app_label is None and getattr(request.user, "is_federation_staff", False):
            url = reverse("statistics:annual")
            apps.insert(
                0,
                {
                    "name": _("Annual statistics"),
                    "app_label": "annual_statistics",
                    "app_url": url,
                    "has_module_perms": True,
                    "models": [
                        {
                            "name": _("Generate and download the annual report"),
                            "object_name": "AnnualReport",
                            "admin_url": url,
                            "add_url": None,
                            "view_only": True,
                            "perms": {"view": True},
                        },
                        {
                            "name": _("Enter figures of other sources"),
                            "object_name": "EnteredFigures",
                            "admin_url": reverse("statistics:figures"),
                            "add_url": None,
                            "view_only": True,
                            "perms": {"view": True},
                        },
                    ],
                },
            )
        return apps

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin refuses crafted selections and duplicate inline rows with a
        message instead of a 500 (kzsafety.admin_input)."""
        admin_class = checked(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or getattr(user, "is_federation_staff", False))


class KzAdminConfig(AdminConfig):
    default_site = "kzsafety.admin_site.KzAdminSite"

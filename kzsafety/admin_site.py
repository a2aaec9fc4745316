from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class KzAdminSite(admin.AdminSite):
    site_header = _("kzsafety administration")
    site_title = _("kzsafety")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or getattr(user, "is_federation_staff", False))


class KzAdminConfig(AdminConfig):
    default_site = "kzsafety.admin_site.KzAdminSite"

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kzsafety.accounts.models import User

SCOPE_FIELDSET = (_("Role and scope"), {"fields": ("role", "enterprise", "region", "sector")})


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "scope", "is_active")
    list_filter = ("role", "is_active", "region", "sector")
    search_fields = ("username", "first_name", "last_name", "email", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    list_select_related = ("enterprise", "region", "sector")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "language")}),
        SCOPE_FIELDSET,
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        SCOPE_FIELDSET,
    )
    readonly_fields = ("last_login",)

    @admin.display(description=_("scope"))
    def scope(self, obj: User) -> str:
        return obj.scope_label()

    def get_readonly_fields(self, request, obj=None):
        # Only superusers hand out superuser or staff rights; federation staff manage roles.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser"]
        return readonly

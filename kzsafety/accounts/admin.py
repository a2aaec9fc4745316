"""Users in the admin. Who may touch which account is decided in `kzsafety.accounts.rules`;
every way the admin changes a user (form, password page, delete, actions) asks it."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kzsafety.accounts import lockout
from kzsafety.accounts.models import User
from kzsafety.accounts.rules import assignable_roles, may_administer

SCOPE_FIELDSET = (_("Role and scope"), {"fields": ("role", "enterprise", "region", "sector")})
# What nobody but a superuser changes on their own account.
OWN_ACCOUNT_LOCKED = ["role", "enterprise", "region", "sector", "is_active"]


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
        (
            _("Status"),
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "login_lock")},
        ),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        SCOPE_FIELDSET,
    )
    readonly_fields = ("last_login", "login_lock")
    actions = ["unlock_login"]

    @admin.display(description=_("scope"))
    def scope(self, obj: User) -> str:
        return obj.scope_label()

    @admin.display(description=_("log-in paused until"))
    def login_lock(self, obj: User) -> str:
        until = lockout.username_locked_until(obj.username)
        return formats.date_format(until, "DATETIME_FORMAT", use_l10n=True) if until else "—"

    @admin.action(description=_("Unlock log-in after failed attempts"), permissions=["change"])
    def unlock_login(self, request, queryset: QuerySet) -> None:
        refused = [user.username for user in queryset if not may_administer(request.user, user)]
        if refused:
            self.message_user(
                request,
                _("Nothing was unlocked: only a superuser may unlock %(users)s.")
                % {"users": ", ".join(refused)},
                messages.ERROR,
            )
            return
        lockout.unlock(queryset.values_list("username", flat=True))
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Unlocked log-in of %(count)d user.", "Unlocked log-in of %(count)d users.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_readonly_fields(self, request, obj=None):
        # Only superusers hand out superuser or staff rights; federation staff manage roles.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser"]
            if obj is not None and obj.pk == request.user.pk:
                readonly += OWN_ACCOUNT_LOCKED
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *assignable_roles(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        # One's own name, e-mail and language stay editable; the rest is read-only above.
        if obj is not None and obj.pk != request.user.pk and not may_administer(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not may_administer(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Setting a password here needs no old password, so it is never for one's own account
        # (that goes through the password change page) nor for a privileged account.
        user = self.get_object(request, unquote(id))
        if user is not None and not may_administer(request.user, user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def delete_queryset(self, request, queryset: QuerySet) -> None:
        refuse_unless_all_administrable(request, queryset)
        super().delete_queryset(request, queryset)


def refuse_unless_all_administrable(request, queryset: QuerySet) -> None:
    """Bulk actions act on every selected account or on none."""
    if any(not may_administer(request.user, user) for user in queryset):
        raise PermissionDenied

"""Admin of accident reports (federation staff): corrections and look-ups. The workflow
itself runs through the app's pages so every status change is recorded."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Accident, AccidentStatusChange, Attachment, Victim


class VictimInline(admin.StackedInline):
    model = Victim
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = AccidentStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "comment")

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    exclude = ("file",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Accident)
class AccidentAdmin(SimpleHistoryAdmin):
    list_display = ("date", "enterprise", "status", "union_present", "cause", "event_type")
    list_filter = ("status", "union_present", "enterprise__region", "cause", "event_type")
    search_fields = ("enterprise__name", "enterprise__bin", "reference", "act_number")
    date_hierarchy = "date"
    list_select_related = ("enterprise", "cause", "event_type")
    autocomplete_fields = ("enterprise",)
    readonly_fields = ("status", "created_by", "created_at", "updated_at")
    inlines = [VictimInline, AttachmentInline, StatusChangeInline]

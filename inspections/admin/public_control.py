"""Admin of inspections, violations, notices, stoppages and proposals (federation staff):
look-ups and corrections with field history. Statuses and notice numbers are read-only
here: the lifecycle runs through the app's pages so every change is recorded, and photos
are reached only through the scoped view, never through a file URL."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import (
    EvidencePhoto,
    Inspection,
    Notice,
    NoticeCounter,
    Proposal,
    Violation,
    ViolationStatusChange,
    WorkStoppage,
)


class ViolationInline(admin.TabularInline):
    model = Violation
    extra = 0
    fields = ("position", "description", "category", "deadline", "status", "eliminated_on")
    readonly_fields = ("status", "eliminated_on")
    show_change_link = True


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0


class WorkStoppageInline(admin.TabularInline):
    model = WorkStoppage
    extra = 0
    readonly_fields = ("created_by",)


class StatusChangeInline(admin.TabularInline):
    model = ViolationStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "comment")

    def has_add_permission(self, request, obj=None):
        return False


class EvidencePhotoInline(admin.TabularInline):
    model = EvidencePhoto
    extra = 0
    fields = ("link", "stage", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def link(self, photo):
        return format_html('<a href="{}">{}</a>', photo.get_absolute_url(), photo.original_name)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ("date", "enterprise", "inspector", "kind", "status", "reference")
    list_filter = ("status", "kind", "enterprise__region", "enterprise__sector")
    search_fields = ("enterprise__name", "enterprise__bin", "reference", "inspector__full_name")
    date_hierarchy = "date"
    list_select_related = ("enterprise", "inspector")
    autocomplete_fields = ("enterprise",)
    raw_id_fields = ("inspector",)
    readonly_fields = ("status", "finalized_at", "created_by", "created_at", "updated_at")
    inlines = [ViolationInline, ProposalInline, WorkStoppageInline]


@admin.register(Violation)
class ViolationAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "category", "deadline", "status", "eliminated_on")
    list_filter = ("status", "category", "inspection__enterprise__region")
    search_fields = ("description", "legal_reference", "inspection__enterprise__name")
    list_select_related = ("inspection__enterprise", "category")
    raw_id_fields = ("inspection",)
    readonly_fields = ("status", "eliminated_on", "verified_by", "created_at", "updated_at")
    inlines = [EvidencePhotoInline, StatusChangeInline]


@admin.register(WorkStoppage)
class WorkStoppageAdmin(SimpleHistoryAdmin):
    list_display = ("inspection", "started_on", "lifted_on")
    list_filter = ("inspection__enterprise__region",)
    search_fields = ("reason", "inspection__enterprise__name")
    list_select_related = ("inspection__enterprise",)
    raw_id_fields = ("inspection",)
    readonly_fields = ("created_by", "created_at")


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "inspection", "status")
    list_filter = ("status",)
    search_fields = ("text", "inspection__enterprise__name")
    list_select_related = ("inspection__enterprise",)
    raw_id_fields = ("inspection",)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("number", "issued_on", "inspection")
    search_fields = ("number", "inspection__enterprise__name")
    list_select_related = ("inspection__enterprise",)
    readonly_fields = (
        "inspection",
        "year",
        "sequence",
        "number",
        "issued_on",
        "issued_by",
        "violations",
    )

    def has_add_permission(self, request):
        return False


@admin.register(NoticeCounter)
class NoticeCounterAdmin(admin.ModelAdmin):
    list_display = ("year", "last_number")
    readonly_fields = ("year", "last_number")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kzsafety.directories.models import (
    Cause,
    Enterprise,
    EventType,
    OkedSection,
    Region,
    Sector,
    TechnicalInspector,
    TrainingRecord,
    ViolationCategory,
)

NAMES = ("name_kk", "name_ru", "name_en")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", *NAMES)
    search_fields = ("code", *NAMES)


@admin.register(OkedSection)
class OkedSectionAdmin(admin.ModelAdmin):
    list_display = ("code", *NAMES)
    search_fields = ("code", *NAMES)


class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ("key", *NAMES, "position", "active")
    list_editable = ("position", "active")
    list_filter = ("active",)
    search_fields = ("key", *NAMES)


@admin.register(Sector)
class SectorAdmin(ReferenceItemAdmin):
    list_display = ("key", *NAMES, "budget", "position", "active")
    list_filter = ("budget", "active")


admin.site.register(Cause, ReferenceItemAdmin)
admin.site.register(ViolationCategory, ReferenceItemAdmin)


@admin.register(EventType)
class EventTypeAdmin(ReferenceItemAdmin):
    list_display = ("key", *NAMES, "esaw_code", "position", "active")


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "bin", "region", "sector", "headcount", "union_member")
    list_filter = ("union_member", "region", "sector")
    search_fields = ("name", "bin")
    list_select_related = ("region", "sector")


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


@admin.register(TechnicalInspector)
class TechnicalInspectorAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "number", "region", "enterprise", "appointed_on", "left_on")
    list_filter = ("region",)
    search_fields = ("full_name", "number", "enterprise__name", "enterprise__bin")
    autocomplete_fields = ("enterprise", "user")
    list_select_related = ("region", "enterprise")
    inlines = [TrainingRecordInline]

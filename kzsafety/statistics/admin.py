from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kzsafety.statistics.models import Figure


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = ("year", "indicator", "source", "scope", "value", "entered_by", "updated_at")
    list_filter = ("year", "source", "indicator", "scope")
    readonly_fields = ("entered_by", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

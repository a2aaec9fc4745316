from django.contrib import admin

from kzsafety.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "uploaded_at",
        "user",
        "source",
        "kind",
        "original_name",
        "dry_run",
        "status",
        "rows",
        "created",
        "updated",
        "error_count",
    )
    list_filter = ("kind", "source", "status", "dry_run")
    search_fields = ("original_name", "user__username")
    list_select_related = ("user",)
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

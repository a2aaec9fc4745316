"""Admin of production councils (federation staff): look-ups and corrections with field
history. Council records keep the same rules as on the pages (council_check); the risk
level bands are one editable row."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from councils.models import (
    Council,
    CouncilMember,
    Decision,
    Meeting,
    RemediationPlan,
    RiskAssessment,
    RiskBands,
    RiskEntry,
)
from councils.services.registry import council_check


class CouncilAdminForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = [
            "enterprise",
            "established_on",
            "union_initiative",
            "sector",
            "dissolved_on",
            "inspectors",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sector" in self.fields:
            self.fields["sector"].required = False

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            council_check(self.instance)
        except ValidationError as error:
            self._update_errors(error)


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    form = CouncilAdminForm
    list_display = (
        "enterprise",
        "established_on",
        "sector",
        "union_initiative",
        "dissolved_on",
    )
    list_filter = ("union_initiative", "sector", "enterprise__region")
    search_fields = ("enterprise__name", "enterprise__bin")
    date_hierarchy = "established_on"
    raw_id_fields = ("enterprise",)
    filter_horizontal = ("inspectors",)
    list_select_related = ("enterprise", "sector")
    inlines = [CouncilMemberInline]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ("position", "text", "responsible", "deadline", "status", "done_on")
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("council", "number", "date")
    search_fields = ("council__enterprise__name", "council__enterprise__bin", "agenda")
    date_hierarchy = "date"
    raw_id_fields = ("council", "created_by")
    filter_horizontal = ("attendees",)
    list_select_related = ("council__enterprise",)
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "position", "responsible", "deadline", "status")
    list_filter = ("status",)
    search_fields = ("text", "responsible", "meeting__council__enterprise__name")
    raw_id_fields = ("meeting",)
    list_select_related = ("meeting__council__enterprise",)


@admin.register(RemediationPlan)
class RemediationPlanAdmin(SimpleHistoryAdmin):
    list_display = ("violation", "responsible", "planned_on", "updated_at")
    search_fields = ("responsible", "violation__inspection__enterprise__name")
    raw_id_fields = ("violation", "updated_by")
    list_select_related = ("violation__inspection__enterprise",)


class RiskEntryInline(admin.TabularInline):
    model = RiskEntry
    extra = 0
    fields = (
        "position",
        "hazard",
        "workplace",
        "probability",
        "severity",
        "residual_probability",
        "residual_severity",
        "review_on",
    )
    show_change_link = True


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("council", "period_start", "period_end")
    search_fields = ("council__enterprise__name", "council__enterprise__bin")
    raw_id_fields = ("council", "created_by")
    list_select_related = ("council__enterprise",)
    inlines = [RiskEntryInline]


@admin.register(RiskEntry)
class RiskEntryAdmin(SimpleHistoryAdmin):
    list_display = ("assessment", "position", "workplace", "probability", "severity")
    search_fields = ("hazard", "workplace")
    raw_id_fields = ("assessment",)


@admin.register(RiskBands)
class RiskBandsAdmin(SimpleHistoryAdmin):
    """One row of bounds; anything above `high` is critical (up to 25)."""

    list_display = ("__str__", "low_max", "medium_max", "high_max")
    fieldsets = (
        (
            _("Upper bound of each level (risk = probability × severity, 1–25)"),
            {"fields": ("low_max", "medium_max", "high_max")},
        ),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not RiskBands.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = 1
        super().save_model(request, obj, form, change)

"""URLs of production councils: the register, meetings and decisions, the remediation
board and the long-overdue list, and professional-risk assessment."""

from django.urls import path

from councils.views import meetings, registry, remediation, risk

app_name = "councils"
urlpatterns = [
    # Register
    path("", registry.council_list, name="council_list"),
    path("new/", registry.council_create, name="council_create"),
    path("<int:pk>/", registry.council_detail, name="council_detail"),
    path("<int:pk>/edit/", registry.council_edit, name="council_edit"),
    path("<int:pk>/members/new/", registry.member_add, name="member_add"),
    path("<int:pk>/inspectors/", registry.council_inspectors, name="council_inspectors"),
    path("members/<int:pk>/edit/", registry.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", registry.member_remove, name="member_remove"),
    # Meetings and decisions
    path("<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/decisions/new/", meetings.decision_add, name="decision_add"),
    path("decisions/", meetings.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", meetings.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", meetings.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/status/", meetings.decision_status, name="decision_status"),
    # Remediation
    path("<int:pk>/remediation/", remediation.remediation_board, name="remediation_board"),
    path("violations/<int:pk>/", remediation.remediation_item, name="remediation_item"),
    path("violations/<int:pk>/plan/", remediation.plan_save, name="plan_save"),
    path("violations/<int:pk>/report-fixed/", remediation.report_fixed, name="report_fixed"),
    path("violations/<int:pk>/confirm/", remediation.confirm_fixed, name="confirm_fixed"),
    path("violations/<int:pk>/reopen/", remediation.reopen, name="reopen"),
    path("overdue/", remediation.long_overdue, name="long_overdue"),
    # Professional risk
    path("<int:pk>/assessments/new/", risk.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", risk.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", risk.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/heat-map/", risk.heat_map, name="heat_map"),
    path("assessments/<int:pk>/export.xlsx", risk.register_export, name="register_export"),
    path("assessments/<int:pk>/entries/new/", risk.entry_add, name="entry_add"),
    path("entries/<int:pk>/edit/", risk.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/remove/", risk.entry_remove, name="entry_remove"),
]

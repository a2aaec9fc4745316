"""URLs of public control: inspections, violations, notices, stoppages, proposals."""

from django.urls import path

from inspections.views import public_control as views

urlpatterns: list = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/export.xlsx", views.inspection_export, name="inspection_export"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/discard/", views.inspection_discard, name="inspection_discard"),
    path("inspections/<int:pk>/finalize/", views.inspection_finalize, name="inspection_finalize"),
    path("inspections/<int:pk>/notice/", views.notice, name="notice"),
    path("inspections/<int:pk>/violations/new/", views.violation_add, name="violation_add"),
    path("inspections/<int:pk>/proposals/new/", views.proposal_add, name="proposal_add"),
    path("inspections/<int:pk>/stoppages/new/", views.stoppage_add, name="stoppage_add"),
    path("proposals/<int:pk>/status/", views.proposal_status, name="proposal_status"),
    path("stoppages/<int:pk>/lift/", views.stoppage_lift, name="stoppage_lift"),
    path("violations/", views.violation_list, name="violation_list"),
    path("violations/export.xlsx", views.violation_export, name="violation_export"),
    path("violations/<int:pk>/", views.violation_detail, name="violation_detail"),
    path("violations/<int:pk>/edit/", views.violation_edit, name="violation_edit"),
    path("violations/<int:pk>/remove/", views.violation_remove, name="violation_remove"),
    path(
        "violations/<int:pk>/report-fixed/",
        views.violation_report_fixed,
        name="violation_report_fixed",
    ),
    path("violations/<int:pk>/eliminate/", views.violation_eliminate, name="violation_eliminate"),
    path("violations/<int:pk>/reopen/", views.violation_reopen, name="violation_reopen"),
    path("violations/<int:pk>/photos/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_photo, name="evidence_photo"),
    path("exports/<str:token>/", views.export_download, name="export_download"),
    path("public-control/", views.public_control_summary, name="public_control_summary"),
    path(
        "public-control/export.xlsx",
        views.public_control_summary_export,
        name="public_control_summary_export",
    ),
]

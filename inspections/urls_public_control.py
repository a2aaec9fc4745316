"""URLs of public control: inspections, violations, notices, stoppages, proposals."""

from django.urls import path

from inspections.views import follow_up, inspections, list_exports, violations
from inspections.views import public_control_lists as lists

urlpatterns: list = [
    path("inspections/", lists.inspection_list, name="inspection_list"),
    path("inspections/export.xlsx", lists.inspection_export, name="inspection_export"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", inspections.inspection_edit, name="inspection_edit"),
    path(
        "inspections/<int:pk>/discard/", inspections.inspection_discard, name="inspection_discard"
    ),
    path(
        "inspections/<int:pk>/finalize/",
        inspections.inspection_finalize,
        name="inspection_finalize",
    ),
    path("inspections/<int:pk>/notice/", inspections.notice, name="notice"),
    path("inspections/<int:pk>/violations/new/", violations.violation_add, name="violation_add"),
    path("inspections/<int:pk>/proposals/new/", follow_up.proposal_add, name="proposal_add"),
    path("inspections/<int:pk>/stoppages/new/", follow_up.stoppage_add, name="stoppage_add"),
    path("proposals/<int:pk>/status/", follow_up.proposal_status, name="proposal_status"),
    path("stoppages/<int:pk>/lift/", follow_up.stoppage_lift, name="stoppage_lift"),
    path("stoppages/<int:pk>/order/", follow_up.stoppage_order, name="stoppage_order"),
    path("violations/", lists.violation_list, name="violation_list"),
    path("violations/export.xlsx", lists.violation_export, name="violation_export"),
    path("violations/<int:pk>/", violations.violation_detail, name="violation_detail"),
    path("violations/<int:pk>/edit/", violations.violation_edit, name="violation_edit"),
    path("violations/<int:pk>/remove/", violations.violation_remove, name="violation_remove"),
    path(
        "violations/<int:pk>/report-fixed/",
        violations.violation_report_fixed,
        name="violation_report_fixed",
    ),
    path(
        "violations/<int:pk>/eliminate/", violations.violation_eliminate, name="violation_eliminate"
    ),
    path("violations/<int:pk>/reopen/", violations.violation_reopen, name="violation_reopen"),
    path("violations/<int:pk>/photos/", violations.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", violations.evidence_photo, name="evidence_photo"),
    path("list-exports/<int:pk>/", list_exports.list_export, name="list_export"),
    path(
        "list-exports/<int:pk>/status.json",
        list_exports.list_export_status,
        name="list_export_status",
    ),
    path("list-exports/<int:pk>/retry/", list_exports.list_export_retry, name="list_export_retry"),
    path("exports/<str:token>/", lists.export_download, name="export_download"),
    path("public-control/", lists.public_control_summary, name="public_control_summary"),
    path(
        "public-control/export.xlsx",
        lists.public_control_summary_export,
        name="public_control_summary_export",
    ),
]

from django.urls import path

from inspections.urls_public_control import urlpatterns as public_control_urlpatterns
from inspections.views import accidents

app_name = "inspections"
urlpatterns = [
    path("accidents/", accidents.accident_list, name="accident_list"),
    path("accidents/export.xlsx", accidents.accident_export, name="accident_export"),
    path("accidents/new/", accidents.accident_create, name="accident_create"),
    path("accidents/<int:pk>/", accidents.accident_detail, name="accident_detail"),
    path("accidents/<int:pk>/edit/", accidents.accident_edit, name="accident_edit"),
    path("accidents/<int:pk>/submit/", accidents.accident_submit_view, name="accident_submit"),
    path("accidents/<int:pk>/review/", accidents.accident_review, name="accident_review"),
    path("accidents/<int:pk>/attachments/", accidents.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", accidents.attachment_download, name="attachment"),
    *public_control_urlpatterns,
]

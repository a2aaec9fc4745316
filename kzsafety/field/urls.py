from django.urls import path

from kzsafety.field import views
from kzsafety.field.sending import accidents, inspections, remediation

app_name = "field"
urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("field/offline/", views.offline, name="offline"),
    path("field/outbox/", views.outbox, name="outbox"),
    path("field/new-inspection/", views.inspection_form, name="inspection_form"),
    path("field/send/inspection/", inspections.inspection_send, name="inspection_send"),
    path("field/new-accident/", views.accident_form, name="accident_form"),
    path("field/send/accident/", accidents.accident_send, name="accident_send"),
    path("field/report-fixed/", views.remediation_form, name="remediation_form"),
    path("field/send/remediation/", remediation.remediation_send, name="remediation_send"),
    path("field/references.json", views.references, name="references"),
]

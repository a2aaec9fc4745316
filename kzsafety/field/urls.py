from django.urls import path

from kzsafety.field import sending, views

app_name = "field"
urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("field/offline/", views.offline, name="offline"),
    path("field/outbox/", views.outbox, name="outbox"),
    path("field/new-inspection/", views.inspection_form, name="inspection_form"),
    path("field/send/inspection/", sending.inspection_send, name="inspection_send"),
    path("field/references.json", views.references, name="references"),
]

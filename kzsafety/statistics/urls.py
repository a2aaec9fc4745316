from django.urls import path

from kzsafety.statistics import report_views, views

app_name = "statistics"
urlpatterns = [
    path("", report_views.annual, name="annual"),
    path("exports/", report_views.export_create, name="export_create"),
    path("exports/<int:pk>/", report_views.export_status, name="export_status"),
    path("exports/<int:pk>/retry/", report_views.export_retry, name="export_retry"),
    path("exports/<int:pk>/download/", report_views.export_download, name="export_download"),
    path("figures/", views.figures, name="figures"),
]

from django.urls import path

from kzsafety.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("templates/<slug:kind>.xlsx", views.import_template, name="template"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/status.json", views.import_status, name="status"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("<int:pk>/retry/", views.import_retry, name="retry"),
    path("<int:pk>/file/", views.import_file_download, name="file"),
]

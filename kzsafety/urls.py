from django.contrib import admin
from django.urls import include, path

from kzsafety import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("", include("kzsafety.field.urls")),
    path("accounts/", include("kzsafety.accounts.urls")),
    path("enterprises/", include("kzsafety.directories.urls")),
    path("", include("inspections.urls")),
    path("imports/", include("kzsafety.imports.urls")),
    path("statistics/", include("kzsafety.statistics.urls")),
    path("councils/", include("councils.urls")),
    path("admin/", admin.site.urls),
]

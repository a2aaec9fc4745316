from django.contrib import admin
from django.urls import include, path

from kzsafety import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/tokens/", include("kzsafety.api.token_urls")),
    path("", include("kzsafety.field.urls")),
    path("accounts/", include("kzsafety.accounts.urls")),
    path("enterprises/", include("kzsafety.directories.urls")),
    path("", include("inspections.urls")),
    path("imports/", include("kzsafety.imports.urls")),
    path("statistics/", include("kzsafety.statistics.urls")),
    path("councils/", include("councils.urls")),
    path("api/v1/", include("kzsafety.api.urls")),
    path("admin/", admin.site.urls),
]

# Under /api/ errors answer JSON with a code (kzsafety/api/errors.py); elsewhere the site's
# own pages (templates/400.html ...), as before.
handler400 = "kzsafety.api.errors.bad_request"
handler403 = "kzsafety.api.errors.permission_denied"
handler404 = "kzsafety.api.errors.page_not_found"
handler500 = "kzsafety.api.errors.server_error"

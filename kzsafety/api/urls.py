"""/api/v1/: the router of the read and write endpoints, the OpenAPI schema and its
documentation. Helper modules register their viewsets on `router` below."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from kzsafety.api import errors
from kzsafety.api.reads import me, reports, views
from kzsafety.api.schema import EnglishSchemaView
from kzsafety.api.writes import views as writes

app_name = "api"

router = SimpleRouter()
# Reads: kzsafety/api/reads/*.py. Writes: kzsafety/api/writes/*.py.
views.register(router)
writes.register(router)  # accidents, inspections, violations: the same URLs take writes

urlpatterns = [
    path("schema/", EnglishSchemaView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("me/", me.MeView.as_view(), name="me"),
    path(
        "reports/annual/<int:year>/",
        reports.AnnualReportView.as_view(),
        name="annual_report",
    ),
    path("", include(router.urls)),
    # Last: any other path under /api/v1/ answers a JSON 404.
    re_path(r"^.*$", errors.not_found, name="not_found"),
]

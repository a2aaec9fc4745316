"""/api/v1/: the router of the read and write endpoints, the OpenAPI schema and its
documentation. Helper modules register their viewsets on `router` below."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from kzsafety.api import errors
from kzsafety.api.reads import me
from kzsafety.api.writes import views as writes

app_name = "api"

router = SimpleRouter()
# Reads: kzsafety/api/reads/*.py. Writes: kzsafety/api/writes/*.py.
router.register("accidents", writes.AccidentWrites, basename="accident")
router.register("inspections", writes.InspectionWrites, basename="inspection")
router.register("violations", writes.ViolationWrites, basename="violation")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("me/", me.MeView.as_view(), name="me"),
    path("", include(router.urls)),
    # Last: any other path under /api/v1/ answers a JSON 404.
    re_path(r"^.*$", errors.not_found, name="not_found"),
]

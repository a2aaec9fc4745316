"""The project's URLs plus views that fail, for the tests of the error pages."""

from django.core.exceptions import SuspiciousOperation
from django.urls import include, path


def broken(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("crafted input")


urlpatterns = [
    path("test-broken/", broken),
    path("test-suspicious/", suspicious),
    path("", include("kzsafety.urls")),
]

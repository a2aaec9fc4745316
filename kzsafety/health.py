"""The health check answered before anything else looks at the request."""

from django.urls import reverse

from kzsafety.views import health


class HealthCheckMiddleware:
    """Answers the health check first in the middleware chain. The load balancer probes the
    app over plain HTTP, by its own address: SecurityMiddleware would redirect it to HTTPS
    (SECURE_SSL_REDIRECT) and host validation would refuse a Host header not in
    ALLOWED_HOSTS. The answer reads neither the host nor a session or cookie, so giving it
    to any caller exposes nothing the header checks protect."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path: str | None = None

    def __call__(self, request):
        if self.path is None:
            self.path = reverse("health")
        if request.path_info == self.path and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)

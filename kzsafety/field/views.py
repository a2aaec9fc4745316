"""The installable app's pages: the service worker (served at the root so its scope covers
every page), the manifest in the user's language, the offline page, the inspection form
that saves on the device, the outbox, and the user's own lists for the offline pickers."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from inspections.models import InspectionKind
from inspections.services import public_control_rights as rights
from kzsafety.access import enterprises_visible_to
from kzsafety.directories.models import ViolationCategory
from kzsafety.uploads import MAX_UPLOAD_BYTES

# Pages the service worker fetches when it installs, so that they open without signal
# even before the inspector has visited them.
FIELD_PAGES = ["field:outbox", "field:inspection_form", "field:offline", "field:references"]
# Our files those pages use (their addresses carry the content hash in production, so the
# worker is a new one, and caches them again, whenever one of them changes).
SHELL_FILES = [
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
    "css/kzsafety.css",
    "favicon.svg",
    "js/submit_once.js",
    "js/scroll_cue.js",
    "js/error_summary.js",
    "js/field/app.js",
    "js/field/store.js",
    "js/field/inspection_form.js",
    "js/field/outbox.js",
]
WORKBOX = "vendor/workbox-7.4.1/"


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "field/sw.js",
        {
            "config": json.dumps(
                {
                    "workbox": static(WORKBOX + "workbox-sw.js"),
                    "workboxPrefix": static(WORKBOX),
                    "staticPrefix": settings.STATIC_URL
                    if settings.STATIC_URL.startswith("/")
                    else "/" + settings.STATIC_URL,
                    "pages": [reverse(name) for name in FIELD_PAGES],
                    "files": [static(name) for name in SHELL_FILES],
                    "offlinePage": reverse("field:offline"),
                }
            )
        },
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "name": _("kzsafety: labour safety field work"),
            "short_name": "kzsafety",
            "lang": request.LANGUAGE_CODE,
            "start_url": reverse("field:outbox"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0d6efd",
            "icons": [
                {
                    "src": static(f"icons/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in (192, 512)
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "field/offline.html")


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    return render(request, "field/outbox.html", {"limit": MAX_UPLOAD_BYTES})


@login_required
def inspection_form(request: HttpRequest) -> HttpResponse:
    if not rights.may_record_inspections(request.user):
        raise PermissionDenied(_("Only technical inspectors record inspections."))
    try:
        rights.registry_record_of(request.user)
    except ValidationError as refusal:
        return render(
            request,
            "inspections/public_control/no_registry_record.html",
            {"refusal": refusal},
            status=403,
        )
    return render(
        request,
        "field/inspection_form.html",
        {"limit": MAX_UPLOAD_BYTES, "kinds": InspectionKind.choices},
    )


@never_cache
@login_required
@require_GET
def references(request: HttpRequest) -> JsonResponse:
    """The lists the offline forms pick from: only the enterprises the user may file for
    (the scoping function decides), and the reference lists."""
    enterprises = enterprises_visible_to(request.user).order_by("name").values("id", "name")
    categories = ViolationCategory.objects.filter(active=True).order_by("pk")
    return JsonResponse(
        {
            "enterprises": list(enterprises),
            "categories": [{"id": c.pk, "name": str(c)} for c in categories],
            "kinds": [{"id": value, "name": str(label)} for value, label in InspectionKind.choices],
            "upload_limit": MAX_UPLOAD_BYTES,
        },
        json_dumps_params={"ensure_ascii": False},
    )

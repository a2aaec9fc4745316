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

from inspections.access import accidents_visible_to, violations_visible_to
from inspections.forms.accidents import REPORT_FIELDS, VICTIM_FIELDS, AccidentForm, VictimForm
from inspections.models import (
    Accident,
    AccidentStatus,
    InspectionKind,
    InspectionStatus,
    Victim,
    Violation,
    ViolationStatus,
)
from inspections.services import public_control_rights as rights
from inspections.services.accidents import can_file
from kzsafety.access import enterprises_visible_to
from kzsafety.accounts.models import Role
from kzsafety.api.reads.serializers import AccidentSerializer
from kzsafety.directories.models import Cause, Enterprise, EventType, ViolationCategory
from kzsafety.uploads import MAX_UPLOAD_BYTES


# Pages the service worker fetches when it installs, so that they open without signal
# even before the user has visited them: those the user may open (the worker is fetched
# with the user's session; another user's worker differs, so it is installed anew).
def _field_pages(user) -> list[str]:
    names = ["field:offline"]
    if user.is_authenticated:
        names += ["field:outbox", "field:references"]
        if rights.may_record_inspections(user):
            names.append("field:inspection_form")
        if can_file(user):
            names.append("field:accident_form")
        if rights.has_role(user, Role.INSPECTOR, Role.COUNCIL_MEMBER):
            names.append("field:remediation_form")
    return [reverse(name) for name in names]


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
    "js/field/entry_form.js",
    "js/field/outbox.js",
]
WORKBOX = "vendor/workbox-7.4.1/"
MAX_OPEN_VIOLATIONS = 300
MAX_REPORTS = 100


def _named(queryset) -> list[dict]:
    return [
        {"id": record.pk, "key": record.key, "name": str(record)}
        for record in queryset.order_by("pk")
    ]


def _static_prefix() -> str:
    url = settings.STATIC_URL
    return url if url.startswith(("/", "http")) else "/" + url


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "field/sw.js",
        {
            "config": json.dumps(
                {
                    "workbox": static(WORKBOX + "workbox-sw.js"),
                    # The outbox's sender, for the Background Sync event.
                    "store": static("js/field/store.js"),
                    # workbox-sw adds the modules' plain names (kept beside the hashed
                    # ones by collectstatic) to this prefix.
                    "workboxPrefix": _static_prefix() + WORKBOX,
                    "staticPrefix": _static_prefix(),
                    "pages": _field_pages(request.user),
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
    user = request.user
    return render(
        request,
        "field/outbox.html",
        {
            "can_inspect": rights.may_record_inspections(user),
            "can_file": can_file(user),
            "can_report_fixed": rights.has_role(user, Role.INSPECTOR, Role.COUNCIL_MEMBER),
        },
    )


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
        {
            "limit": MAX_UPLOAD_BYTES,
            "kinds": InspectionKind.choices,
            "nullable": nullable(Violation, ["category"]),
        },
    )


# Parts of the offline accident form shown only for some choices (entry_form.js).
SHOWN_WHEN = {"died_on": "outcome=fatal"}


def accident_fields() -> tuple[list, list]:
    """The online filing form's own fields, in the order of REPORT_FIELDS and VICTIM_FIELDS,
    for the offline form: the same labels, choices and limits, so the two cannot drift.
    The reference pickers carry their keys (what the API takes), not their ids."""
    report = AccidentForm(auto_id="fa-%s", enterprises=Enterprise.objects.none())
    for name in ("event_type", "cause"):
        report.fields[name].to_field_name = "key"
    report.fields["date"].widget.attrs.update(
        {"data-today": "", "data-summary": "", "data-testid": "date"}
    )
    report.fields["date"].widget.attrs.pop("max", None)  # the page is kept for days
    victim = VictimForm(auto_id=False)
    return (
        [report["union"], *(report[name] for name in REPORT_FIELDS)],
        [(victim[name], SHOWN_WHEN.get(name, "")) for name in VICTIM_FIELDS],
    )


def nullable(model, names) -> list[str]:
    """The fields whose blank value the API takes as null (numbers, dates, references)."""
    return [name for name in names if model._meta.get_field(name).null]


@login_required
def accident_form(request: HttpRequest) -> HttpResponse:
    if not can_file(request.user):
        raise PermissionDenied(_("You cannot file accident reports."))
    report_fields, victim_fields = accident_fields()
    return render(
        request,
        "field/accident_form.html",
        {
            "limit": MAX_UPLOAD_BYTES,
            "report_fields": report_fields,
            "victim_fields": victim_fields,
            "nullable": nullable(Accident, REPORT_FIELDS) + nullable(Victim, VICTIM_FIELDS),
        },
    )


@login_required
def remediation_form(request: HttpRequest) -> HttpResponse:
    if not rights.has_role(request.user, Role.INSPECTOR, Role.COUNCIL_MEMBER):
        raise PermissionDenied(
            _("Only the inspectors and council members of the enterprise report fixes.")
        )
    return render(request, "field/remediation_form.html", {"limit": MAX_UPLOAD_BYTES})


def _open_violations(user) -> list[dict]:
    """The violations the user may report fixed: open, of a finalized inspection, in scope."""
    if not rights.has_role(user, Role.INSPECTOR, Role.COUNCIL_MEMBER):
        return []
    violations = (
        violations_visible_to(user)
        .filter(status=ViolationStatus.OPEN, inspection__status=InspectionStatus.FINALIZED)
        .select_related("inspection__enterprise")
        .order_by("deadline", "pk")[:MAX_OPEN_VIOLATIONS]
    )
    return [
        {
            "id": violation.pk,
            "name": f"{violation.inspection.enterprise.name} · {violation.inspection.date:%d.%m.%Y}"
            f" · {violation.position}. {violation.description[:80]}",
        }
        for violation in violations
    ]


def _reports_to_correct(user) -> list[dict]:
    """The user's own draft and returned accident reports, as the API shows them (with the
    version and the victims' ids), for correcting them without signal."""
    if not can_file(user):
        return []
    reports = (
        accidents_visible_to(user)
        .filter(created_by=user, status__in=[AccidentStatus.DRAFT, AccidentStatus.RETURNED])
        .select_related("enterprise__region", "enterprise__sector", "event_type", "cause")
        .prefetch_related("victims")
        .order_by("-updated_at")[:MAX_REPORTS]
    )
    return [{**AccidentSerializer(report).data, "name": _report_name(report)} for report in reports]


def _report_name(report: Accident) -> str:
    status = AccidentStatus(report.status).label
    return f"{report.enterprise.name} · {report.date:%d.%m.%Y} · {status}"


@never_cache
@login_required
@require_GET
def references(request: HttpRequest) -> JsonResponse:
    """The lists the offline forms pick from: only the enterprises the user may file for
    (the scoping function decides), and the reference lists."""
    user = request.user
    enterprises = enterprises_visible_to(user).order_by("name").values("id", "name", "bin")
    return JsonResponse(
        {
            "enterprises": list(enterprises),
            "categories": _named(ViolationCategory.objects.filter(active=True)),
            "event_types": _named(EventType.objects.filter(active=True)),
            "causes": _named(Cause.objects.filter(active=True)),
            "violations": _open_violations(user),
            "reports": _reports_to_correct(user),
            "upload_limit": MAX_UPLOAD_BYTES,
        },
        json_dumps_params={"ensure_ascii": False},
    )

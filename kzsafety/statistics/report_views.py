"""The statistics page: the annual tables in the user's scope, charts, the sources side by
side, warnings, and the Excel workbook prepared in the background."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kzsafety import scope_cache
from kzsafety.accounts.models import Role
from kzsafety.directories.models import Cause, Region, Sector
from kzsafety.formtools import answers_repeats, create_once_from
from kzsafety.jobs import runs as jobs
from kzsafety.jobs.queue import enqueue
from kzsafety.querystrings import id_from
from kzsafety.reference_choices import records_of
from kzsafety.replica import replica_view
from kzsafety.statistics.annual import can_see_statistics, latest_year_for, report_for
from kzsafety.statistics.forms import ExportRequestForm, ReportForm
from kzsafety.statistics.models import (
    ExportKind,
    ExportStatus,
    Indicator,
    ReportExport,
    Scope,
    Source,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _labels() -> dict:
    return {
        "regions": {r.code: r.name for r in records_of(Region.objects.all())},
        "sectors": {s.key: s.name for s in records_of(Sector.objects.all())},
        "causes": {c.key: c.name for c in records_of(Cause.objects.all())},
        "indicators": {i.value: str(i.label) for i in Indicator},
        "sources": {s.value: str(s.label) for s in Source},
        "scopes": {s.value: str(s.label) for s in Scope},
        "control": {
            "inspections": _("Inspections"),
            "violations_found": _("Violations found"),
            "violations_eliminated": _("Violations eliminated"),
            "work_stoppages": _("Work stoppages"),
            "proposals": _("Proposals"),
        },
        "councils": {
            "total": _("Active"),
            "union_initiative": _("at union initiative"),
            "new": _("new"),
        },
    }


def _reconciliation(report: dict) -> list[dict]:
    """Accidents, victims and fatalities of the year by source, with the gaps."""
    year = str(report["year"])
    values = {
        (r["indicator"], r["source"]): r["values"][year]
        for r in report["accidents"]
        if r["scope"] == Scope.ALL
    }
    rows = []
    for indicator in (Indicator.ACCIDENTS, Indicator.VICTIMS, Indicator.FATALITIES):
        monitoring = values.get((indicator, Source.MONITORING))
        row = {"label": indicator.label, "monitoring": monitoring, "others": []}
        for source in (Source.MINISTRY, Source.STATISTICS_BUREAU):
            value = values.get((indicator, source))
            gap = None if value is None or monitoring is None else value - monitoring
            row["others"].append({"value": value, "gap": gap})
        rows.append(row)
    return rows


@login_required
@replica_view  # the heaviest reads of the site; a user who just wrote reads the primary
def annual(request: HttpRequest) -> HttpResponse:
    if not can_see_statistics(request.user):
        raise PermissionDenied
    form = ReportForm(request.GET or None)
    year, window = form.year_and_window(default_year=lambda: latest_year_for(request.user))
    report = _rendered_report(request.user, year, window)
    current = id_from(request.GET.get("export"))
    return render(
        request,
        "statistics/annual.html",
        {
            "form": form,
            "report": report,  # its year and years; its tables rendered below
            "report_body": report["body"],
            "report_warnings": report["warnings"],
            "report_json": report["data"],
            "scope_label": request.user.scope_label(),
            "current_export": current,
            "current_kind": current
            and _exports_visible_to(request.user)
            .filter(pk=current)
            .values_list("kind", flat=True)
            .first(),
            "national": request.user.is_superuser or request.user.role == Role.FEDERATION_STAFF,
            "exports": [
                (export, jobs.job_status(export)["state_label"])
                for export in request.user.report_exports.all()[:5]
            ],
            "export_form": ExportRequestForm(),
            "note_form": ExportRequestForm(),
        },
    )


def _named(report: dict, labels: dict) -> dict:
    """The report's rows with the names of their regions, sectors, causes and indicators."""
    return {
        "by_region": [
            {**r, "name": labels["regions"].get(r["region"])} for r in report["by_region"]
        ],
        "by_sector": [
            {**r, "name": labels["sectors"].get(r["sector"])} for r in report["by_sector"]
        ],
        "by_cause": [{**r, "name": labels["causes"].get(r["cause"])} for r in report["by_cause"]],
        "new_by_sector": [
            {"name": labels["sectors"].get(key), "count": count}
            for key, count in report["councils"]["new_by_sector"].items()
        ],
        "accidents": [
            {
                **r,
                "indicator_label": labels["indicators"][r["indicator"]],
                "scope_label": labels["scopes"][r["scope"]],
                "source_label": labels["sources"][r["source"]],
                "cells": [
                    {"value": r["values"][str(y)], "entered": str(y) in r["entered"]}
                    for y in report["years"]
                ],
            }
            for r in report["accidents"]
        ],
    }


def _rendered_report(user, year: int, window: int) -> dict:
    """The report's year and years, and its tables, warnings and the charts' data rendered:
    49 KiB of markup and JSON that depend on the report, its labels and the language only.
    They are kept in the scope cache like the report (a committed write in the scope
    renders them again), with the labels' digest in the key so that a renamed region
    shows; rendering them took ≈ 10 ms of CPU a request and reading the whole report from
    the cache ≈ 2 ms more (docs/performance.md, "Lists, fourth round")."""
    labels = _labels()
    digest = hashlib.sha256(repr(sorted(labels.items())).encode()).hexdigest()[:16]

    def render_report() -> dict:
        report = report_for(user, year, window)
        context = {
            "report": report,
            "named": _named(report, labels),
            "reconciliation": _reconciliation(report),
            "sources": [Source.MINISTRY.label, Source.STATISTICS_BUREAU.label],
        }
        return {
            "year": report["year"],
            "years": report["years"],
            "body": str(render_to_string("statistics/_report_body.html", context)),
            "warnings": str(render_to_string("statistics/_report_warnings.html", context)),
            "data": str(json_script({"report": report, "labels": labels}, "report-data")),
        }

    page = scope_cache.cached(
        user, "annual-page", render_report, year, window, get_language(), digest
    )
    # rendered by the template engine and json_script, which escape what they show
    return {**page, **{part: mark_safe(page[part]) for part in ("body", "warnings", "data")}}  # noqa: S308


def _export_request(user, year: int, window: int, kind: str) -> ReportExport:
    export = ReportExport.objects.create(
        requested_by=user, year=year, window=window, kind=kind, language=get_language()
    )
    enqueue(export.task_name, export.pk, job=export)
    return export


@login_required
@require_POST
@answers_repeats
def export_create(request: HttpRequest) -> HttpResponse:
    if not can_see_statistics(request.user):
        raise PermissionDenied
    form = ExportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This form is out of date; reload the page and send it again."))
        return redirect("statistics:annual")
    year, window = form.year_and_window()
    kind = form.export_kind()
    export = create_once_from(
        request, form, lambda: _export_request(request.user, year, window, kind)
    )
    return redirect(export)


def _exports_visible_to(user) -> QuerySet[ReportExport]:
    """A workbook or note is its requester's; federation staff see every one."""
    exports = ReportExport.objects.all()
    if not (user.is_superuser or user.role == Role.FEDERATION_STAFF):
        exports = exports.filter(requested_by=user)
    return exports


def _export_of(request: HttpRequest, pk: int) -> ReportExport:
    return get_object_or_404(_exports_visible_to(request.user), pk=pk)


@login_required
def export_status(request: HttpRequest, pk: int) -> JsonResponse:
    export = _export_of(request, pk)
    jobs.nudge(export)
    ready = export.status == ExportStatus.READY
    job = jobs.job_status(export)
    return JsonResponse(
        {
            **job,
            "status": export.status,
            "label": job["state_label"],
            "progress": export.progress,
            "url": reverse("statistics:export_download", args=[export.pk]) if ready else None,
            "retry_url": reverse("statistics:export_retry", args=[export.pk]),
        }
    )


@login_required
@require_POST
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare a workbook or note that failed or was lost again; only its requester may."""
    export = _export_of(request, pk)
    if export.requested_by_id != request.user.pk:
        raise PermissionDenied
    if export.kind == ExportKind.NOTE:
        return jobs.retry_answer(
            request,
            export,
            queued=_("The analytical note is queued again."),
            refused=_("This analytical note is not waiting for a retry."),
        )
    return jobs.retry_answer(
        request,
        export,
        queued=_("The workbook is queued again."),
        refused=_("This workbook is not waiting for a retry."),
    )


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = _export_of(request, pk)
    if export.status != ExportStatus.READY:
        raise PermissionDenied
    stamp = timezone.localtime(export.finished_at).strftime("%Y%m%d-%H%M")
    if export.kind == ExportKind.NOTE:
        name, content_type = f"annual-note-{export.year}-{export.language}-{stamp}.docx", DOCX
    else:
        name, content_type = f"annual-report-{export.year}-{stamp}.xlsx", XLSX
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )

"""Pages of professional-risk assessment: the assessment, its register, the 5×5 heat map
and the XLSX export. Levels follow the configured bands (RiskBands)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from councils.access import assessments_visible_to, risk_entries_visible_to
from councils.forms.risk import RiskAssessmentForm, RiskEntryForm, RiskFilterForm
from councils.models import RiskAssessment, RiskBands, RiskEntry
from councils.risk_levels import SCALE, RiskLevel, risk_level
from councils.services import risk as services
from councils.services.rights import may_work_in
from councils.views.common import TEMPLATES, council_or_404, field_history
from kzsafety.formtools import answers_repeats, attempt, create_once_from
from kzsafety.spreadsheets import cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_FILLS = {
    RiskLevel.LOW: "C6EFCE",
    RiskLevel.MEDIUM: "FFEB9C",
    RiskLevel.HIGH: "F8CBAD",
    RiskLevel.CRITICAL: "FF7C80",
}


def _assessment(request: HttpRequest, pk: int) -> RiskAssessment:
    return get_object_or_404(
        assessments_visible_to(request.user).select_related("council__enterprise"), pk=pk
    )


def _require_worker(request: HttpRequest, council) -> None:
    if not may_work_in(request.user, council):
        raise PermissionDenied(
            _("Only the council's members and the enterprise's technical inspectors do this.")
        )


def _assessment_form_page(request, council, assessment):
    _require_worker(request, council)
    form = RiskAssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: create_once_from(
                request,
                form,
                lambda: services.risk_assessment_save(
                    user=request.user, assessment=form.instance, version=form.started_version
                ),
            ),
        )
        if saved:
            messages.success(request, _("The assessment is saved. Add the hazards it found."))
            return redirect(saved)
    return render(
        request,
        f"{TEMPLATES}/assessment_form.html",
        {"form": form, "council": council, "assessment": assessment},
    )


@login_required
@answers_repeats
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_or_404(request, pk)
    return _assessment_form_page(request, council, RiskAssessment(council=council))


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    return _assessment_form_page(request, assessment.council, assessment)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    bands = RiskBands.current()
    form = RiskFilterForm(request.GET or None)
    entries = form.filter(assessment.entries.with_levels(bands)).order_by("position")
    return render(
        request,
        f"{TEMPLATES}/assessment_detail.html",
        {
            "assessment": assessment,
            "council": assessment.council,
            "entries": entries,
            "form": form,
            "filtered": form.is_bound,
            "bands": bands.ranges(),
            "total": assessment.entries.count(),
            "can_work": may_work_in(request.user, assessment.council),
        },
    )


def _heat_map(assessment: RiskAssessment, bands: RiskBands, residual: bool) -> list[dict]:
    """Rows of severity 5 down to 1, columns of probability 1 to 5, each cell with its
    level, count and a link to the entries in it."""
    p, s = (
        ("residual_probability", "residual_severity") if residual else ("probability", "severity")
    )
    counts = {
        (row[p], row[s]): row["n"]
        for row in assessment.entries.filter(**{f"{p}__isnull": False})
        .values(p, s)
        .annotate(n=Count("pk"))
        .order_by()
    }
    base = reverse("councils:assessment_detail", args=[assessment.pk])
    rows = []
    for severity in reversed(SCALE):
        cells = []
        for probability in SCALE:
            query = {"probability": probability, "severity": severity}
            if residual:
                query["basis"] = "residual"
            cells.append(
                {
                    "probability": probability,
                    "severity": severity,
                    "product": probability * severity,
                    "level": risk_level(probability * severity, bands),
                    "count": counts.get((probability, severity), 0),
                    "url": f"{base}?{urlencode(query)}",
                }
            )
        rows.append({"severity": severity, "cells": cells})
    return rows


@login_required
def heat_map(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    bands = RiskBands.current()
    residual = request.GET.get("basis") == "residual"
    return render(
        request,
        f"{TEMPLATES}/heat_map.html",
        {
            "assessment": assessment,
            "council": assessment.council,
            "rows": _heat_map(assessment, bands, residual),
            "residual": residual,
            "scale": list(SCALE),
            "bands": bands.ranges(),
        },
    )


def _entry_form_page(request, assessment, entry):
    _require_worker(request, assessment.council)
    form = RiskEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: create_once_from(
                request,
                form,
                lambda: services.risk_entry_save(user=request.user, entry=form.instance),
            ),
        )
        if saved:
            messages.success(request, _("Entry %(number)s is saved.") % {"number": saved.position})
            if "add_another" in request.POST:
                return redirect("councils:entry_add", pk=assessment.pk)
            return redirect(assessment)
    history = field_history(entry.history.all(), lambda record: _("Entry")) if entry.pk else []
    return render(
        request,
        f"{TEMPLATES}/entry_form.html",
        {
            "form": form,
            "assessment": assessment,
            "council": assessment.council,
            "entry": entry,
            "history": history,
        },
    )


@login_required
@answers_repeats
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    return _entry_form_page(request, assessment, RiskEntry(assessment=assessment))


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(risk_entries_visible_to(request.user), pk=pk)
    return _entry_form_page(request, _assessment(request, entry.assessment_id), entry)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(risk_entries_visible_to(request.user), pk=pk)
    assessment = _assessment(request, entry.assessment_id)
    services.risk_entry_remove(user=request.user, entry=entry)
    messages.success(request, _("The entry was removed."))
    return redirect(assessment)


@login_required
def register_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The risk register as XLSX: one row per entry, levels coloured as on the page."""
    assessment = _assessment(request, pk)
    bands = RiskBands.current()
    labels = dict(RiskLevel.choices)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Risk register")[:31]
    enterprise = assessment.council.enterprise
    cell(sheet, _("Professional-risk register"), row=1, column=1).font = Font(bold=True, size=13)
    cell(sheet, f"{enterprise.name} ({_('BIN')} {enterprise.bin})", row=2, column=1)
    period = _("Assessment period: %(start)s – %(end)s") % {
        "start": date_format(assessment.period_start, "SHORT_DATE_FORMAT"),
        "end": date_format(assessment.period_end, "SHORT_DATE_FORMAT"),
    }
    cell(sheet, period, row=3, column=1)
    bands_text = "; ".join(f"{label}: {low}–{high}" for _level, label, low, high in bands.ranges())
    cell(sheet, bands_text, row=4, column=1)
    headers = [
        _("No."),
        _("Hazard"),
        _("Workplace or profession"),
        _("Probability"),
        _("Severity"),
        _("Risk"),
        _("Level"),
        _("Controls"),
        _("Residual probability"),
        _("Residual severity"),
        _("Residual risk"),
        _("Residual level"),
        _("Review date"),
    ]
    header_row = 6
    for column, header in enumerate(headers, start=1):
        heading = cell(sheet, header, row=header_row, column=column)
        heading.font = Font(bold=True)
        heading.alignment = Alignment(wrap_text=True, vertical="top")
    for row, entry in enumerate(
        assessment.entries.with_levels(bands).order_by("position"), start=header_row + 1
    ):
        values = [
            entry.position,
            entry.hazard,
            entry.workplace,
            entry.probability,
            entry.severity,
            entry.product,
            str(labels.get(entry.level, "")),
            entry.controls,
            entry.residual_probability,
            entry.residual_severity,
            entry.residual_product,
            str(labels.get(entry.residual_level, "")) if entry.residual_level else None,
            entry.review_on,
        ]
        for column, value in enumerate(values, start=1):
            written = cell(sheet, value, row=row, column=column)
            written.alignment = Alignment(wrap_text=True, vertical="top")
        for column, level in ((7, entry.level), (12, entry.residual_level)):
            if level:
                sheet.cell(row=row, column=column).fill = PatternFill(
                    "solid", fgColor=LEVEL_FILLS[level]
                )
    for letter, width in zip(
        "ABCDEFGHIJKLM", (6, 40, 28, 11, 11, 8, 12, 40, 11, 11, 8, 12, 12), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)

    about = workbook.create_sheet(_("Assessment")[:31])
    for row, (label, text) in enumerate(
        [
            (_("Commission members"), assessment.commission),
            (_("Objects and units"), assessment.objects_assessed),
            (_("Professions to assess"), assessment.professions),
            (_("Schedule"), assessment.schedule),
        ],
        start=1,
    ):
        cell(about, label, row=row, column=1).font = Font(bold=True)
        cell(about, text, row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"risk-register-{enterprise.bin}-{assessment.period_start:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

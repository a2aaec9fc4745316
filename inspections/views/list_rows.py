"""The table rows of the three long lists (inspections, violations, accidents), written in
Python instead of a template loop.

Measured on the national data (issue 16, docs/performance.md): the template loop of 25
rows cost about 11 ms of CPU, a quarter of the list page, about 0.45 ms a row; these
functions write the same markup in well under a tenth of that. The markup is the one the
templates had: tests/inspections/test_list_rows.py renders the template loops these
replaced (kept there) for rows of every kind, in every language, and compares.

Every value is escaped (`escape`, as Django's); choice labels are looked up once per list."""

import html
import unicodedata
from collections.abc import Iterable
from functools import cache

from django.utils.formats import date_format, get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from inspections.models import Accident, Inspection, Violation
from inspections.services.list_page_rows import InspectionRow, ViolationRow
from kzsafety.directories.models import Region, Sector, ViolationCategory
from kzsafety.fast_urls import url_with_pk
from kzsafety.reference_choices import records_of


def escape(value) -> str:
    """Django's `escape` without its check for lazy arguments (the same `html.escape`)."""
    return html.escape(str(value))


def _labels(model, field: str) -> dict:
    """The display labels of a field's choices in the active language, worked out once per
    process and language instead of once per row (`get_FOO_display` builds the whole
    table of choices on every call, ≈ 0.3 ms; it falls back to the value too)."""
    return _labels_in(model, field, get_language())


@cache
def _labels_in(model, field: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _shortened(text: str, length: int = 90) -> str:
    """`truncatechars`: text that fits comes back as it is (in NFC, as Truncator gives it),
    without Truncator's walk through every character."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y"}


def _short_date():
    """`date:"SHORT_DATE_FORMAT"` of the active language as one strftime when the format
    is day, month and year only (it is in kk, ru and en), else Django's own."""
    pattern = get_format("SHORT_DATE_FORMAT")
    if all(char in _STRFTIME or char in ".-/ " for char in pattern):
        strftime = "".join(_STRFTIME.get(char, char) for char in pattern)
        return lambda day: day.strftime(strftime)
    return lambda day: date_format(day, "SHORT_DATE_FORMAT")


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _number(value) -> str:
    return escape(localize(value))


def _names(model) -> dict:
    """The escaped names of a reference list's records in the active language, by id."""
    return {record.pk: escape(record) for record in records_of(model.objects.all())}


def inspection_rows(inspections: Iterable[InspectionRow]) -> SafeString:
    draft = f' <span class="badge text-bg-secondary">{escape(_("Draft"))}</span>'
    overdue = escape(_("Overdue"))
    not_eliminated = escape(_("Not eliminated"))
    stopped = f'<span class="badge text-bg-dark">{escape(_("stopped"))}</span>'
    kinds = _labels(Inspection, "kind")
    regions, sectors = _names(Region), _names(Sector)
    rows = []
    for inspection in inspections:
        if inspection.notice_number is not None:
            notice_cell = (
                f'<a href="{url_with_pk("inspections:notice", inspection.pk)}">'
                f"{escape(inspection.notice_number)}</a>"
            )
        else:
            notice_cell = "—"
        if inspection.overdue_total:
            badge = (
                f'<span class="badge text-bg-danger" title="{overdue}">'
                f"{_number(inspection.overdue_total)}</span>"
            )
        elif inspection.open_total:
            badge = (
                f'<span class="badge text-bg-warning" title="{not_eliminated}">'
                f"{_number(inspection.open_total)}</span>"
            )
        else:
            badge = ""
        rows.append(
            "<tr>"
            f'<td class="text-nowrap"><a href="'
            f'{url_with_pk("inspections:inspection_detail", inspection.pk)}">'
            f"{_day(inspection.date)}</a>{draft if inspection.is_draft else ''}</td>"
            f"<td>{escape(inspection.enterprise_name)}"
            f'<div class="small text-muted d-none d-md-block">{regions[inspection.region_id]} · '
            f"{sectors[inspection.sector_id]}</div></td>"
            f'<td class="d-none d-md-table-cell">'
            f"{escape(kinds.get(inspection.kind, inspection.kind))}</td>"
            f'<td class="d-none d-lg-table-cell">{escape(inspection.inspector_name)}</td>'
            f'<td class="d-none d-sm-table-cell font-monospace small">{notice_cell}</td>'
            f'<td class="text-nowrap">{_number(inspection.violation_total or 0)} {badge} '
            f"{stopped if inspection.has_stoppage else ''}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 — every value above is escaped


_VIOLATION_BADGE = {"eliminated": "text-bg-success", "reported_fixed": "text-bg-info"}


def violation_status_badges(violation) -> SafeString:
    """The status badge of a violation and, when it is overdue, the overdue one."""
    status = violation.status
    label = _labels(Violation, "status").get(status, status)
    badge = (
        f'<span class="badge {_VIOLATION_BADGE.get(status, "text-bg-warning")}">'
        f"{escape(label)}</span>"
    )
    if violation.is_overdue:
        badge += (
            f' <span class="badge text-bg-danger" data-testid="overdue">'
            f"{escape(_('Overdue'))}</span>"
        )
    return mark_safe(badge)  # noqa: S308 — escaped


def violation_rows(violations: Iterable[ViolationRow]) -> SafeString:
    categories = _names(ViolationCategory)
    rows = []
    for violation in violations:
        enterprise = escape(violation.enterprise_name)
        number = f"{escape(violation.notice_number)}/" if violation.notice_number else ""
        category = (
            f'<div class="small text-muted">{categories[violation.category_id]}</div>'
            if violation.category_id
            else ""
        )
        rows.append(
            "<tr>"
            f'<td class="small font-monospace text-nowrap">{number}'
            f"{_number(violation.position)}</td>"
            f'<td><a href="{url_with_pk("inspections:violation_detail", violation.pk)}">'
            f"{escape(_shortened(violation.description))}</a>{category}"
            f'<div class="small text-muted d-md-none">{enterprise}</div></td>'
            f'<td class="d-none d-md-table-cell">{enterprise}'
            f'<div class="small text-muted">{_day(violation.inspection_date)}</div></td>'
            f'<td class="text-nowrap">{_day(violation.deadline) or "—"}</td>'
            f"<td>{violation_status_badges(violation)}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 — every value above is escaped


_ACCIDENT_BADGE = {
    "verified": "text-bg-success",
    "returned": "text-bg-warning",
    "submitted": "text-bg-primary",
}


def accident_status_badge(status: str, label: str) -> SafeString:
    return mark_safe(  # noqa: S308 — escaped
        f'<span class="badge {_ACCIDENT_BADGE.get(status, "text-bg-secondary")}" '
        f'data-status="{escape(status)}">{escape(label)}</span>'
    )


def accident_rows(accidents: Iterable) -> SafeString:
    fatal = f'<span class="badge text-bg-danger">{escape(_("fatal"))}</span>'
    group = f'<span class="badge text-bg-warning">{escape(_("group"))}</span>'
    statuses = _labels(Accident, "status")
    short_date = _short_date()
    rows = []
    for accident in accidents:
        status = accident.status
        rows.append(
            "<tr>"
            f'<td class="text-nowrap"><a href="'
            f'{url_with_pk("inspections:accident_detail", accident.pk)}">'
            f"{escape(short_date(accident.date))}</a></td>"
            f"<td>{escape(accident.enterprise.name)} "
            f"{fatal if accident.fatality_total else ''} "
            f"{group if accident.victim_total >= 2 else ''}</td>"
            f'<td class="d-none d-md-table-cell">{escape(accident.enterprise.region)}</td>'
            f'<td class="text-end">{_number(accident.victim_total)}</td>'
            f"<td>{accident_status_badge(status, statuses.get(status, status))}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 — every value above is escaped

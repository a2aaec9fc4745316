"""This app's sections of the weekly digest (kzsafety/accounts/digest.py): accident reports
returned or awaiting verification, and violations due soon or overdue, in the reader's
scope. They read the same counts as the home panels (inspections/panels.py)."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from inspections.access import accidents_visible_to, violations_visible_to
from inspections.models import AccidentStatus
from inspections.models.violations import DUE_SOON_DAYS, ViolationStatus
from inspections.panels import accident_counts, is_reviewer, violation_counts
from kzsafety.accounts.digest import Line, Section
from kzsafety.accounts.models import User


def _counts_by_region(queryset, region_field: str, columns: dict[str, Q]) -> dict:
    """{region pk: {column label: count}} in one query."""
    rows = (
        queryset.order_by()
        .values(region_field)
        .annotate(
            **{
                f"c{index}": Count("pk", filter=condition)
                for index, condition in enumerate(columns.values())
            }
        )
    )
    labels = list(columns)
    return {
        row[region_field]: {label: row[f"c{index}"] for index, label in enumerate(labels)}
        for row in rows
    }


def accident_section(user: User, today: datetime.date) -> Section | None:
    if not user.role and not user.is_superuser:
        return None
    counts = accident_counts(user)
    listed = reverse("inspections:accident_list")
    lines = [
        Line(_("Reports returned for correction"), counts["returned"], f"{listed}?status=returned")
    ]
    if is_reviewer(user):
        lines.append(
            Line(
                _("Reports awaiting verification"), counts["awaiting"], f"{listed}?status=submitted"
            )
        )
    by_region = {}
    if user.is_federation_staff:
        by_region = _counts_by_region(
            accidents_visible_to(user),
            "enterprise__region",
            {
                _("Reports awaiting verification"): Q(status=AccidentStatus.SUBMITTED),
                _("Reports returned for correction"): Q(status=AccidentStatus.RETURNED),
            },
        )
    return Section(_("Accident reports"), lines, by_region)


def violation_section(user: User, today: datetime.date) -> Section | None:
    if not user.role and not user.is_superuser:
        return None
    counts = violation_counts(user, today)
    listed = reverse("inspections:violation_list")
    due_soon = _("Violations due within %(days)s days") % {"days": DUE_SOON_DAYS}
    lines = [
        Line(_("Overdue violations"), counts["overdue"], f"{listed}?overdue=yes"),
        Line(due_soon, counts["due_soon"], f"{listed}?due_soon=yes"),
    ]
    by_region = {}
    if user.is_federation_staff:
        pending = ~Q(status=ViolationStatus.ELIMINATED)
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        by_region = _counts_by_region(
            violations_visible_to(user),
            "inspection__enterprise__region",
            {
                _("Overdue violations"): pending & Q(deadline__lt=today),
                due_soon: pending & Q(deadline__gte=today, deadline__lte=soon),
            },
        )
    return Section(_("Violations"), lines, by_region)

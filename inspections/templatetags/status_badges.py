"""The status badges of violations and accident reports, for templates: the same functions
the long lists write their rows with (inspections/views/list_rows.py)."""

from django import template
from django.utils.safestring import mark_safe

from inspections.views import list_rows

register = template.Library()


@register.simple_tag
def violation_status_badges(violation):
    return mark_safe(list_rows.violation_status_badges(violation))  # noqa: S308 — escaped


@register.simple_tag
def accident_status_badge(status, label):
    return mark_safe(list_rows.accident_status_badge(status, label))  # noqa: S308 — escaped

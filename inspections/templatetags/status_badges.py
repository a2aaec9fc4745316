"""The status badges of violations and accident reports, for templates: the same functions
the long lists write their rows with (inspections/views/list_rows.py)."""

from django import template

from inspections.views import list_rows

register = template.Library()
register.simple_tag(list_rows.violation_status_badges)
register.simple_tag(list_rows.accident_status_badge)

"""Panels this app adds to the home page and the enterprise page (kzsafety/panels.py)."""

from django.db.models import Count, Q

from inspections.access import accidents_visible_to
from inspections.models import AccidentStatus
from inspections.services.accidents import can_file
from kzsafety.accounts.models import Role
from kzsafety.panels import Panel


def home_accidents(request):
    user = request.user
    if not user.role and not user.is_superuser:
        return None
    accidents = accidents_visible_to(user)
    counts = accidents.aggregate(
        drafts=Count("pk", filter=Q(status=AccidentStatus.DRAFT)),
        returned=Count("pk", filter=Q(status=AccidentStatus.RETURNED)),
        awaiting=Count("pk", filter=Q(status=AccidentStatus.SUBMITTED)),
    )
    reviewer = user.role in (Role.REGIONAL_STAFF, Role.FEDERATION_STAFF) or user.is_superuser
    return Panel(
        "inspections/accidents/home_panel.html",
        {"counts": counts, "can_file": can_file(user), "reviewer": reviewer},
    )


def enterprise_accidents(request, enterprise):
    accidents = accidents_visible_to(request.user).filter(enterprise=enterprise).with_counts()[:10]
    return Panel(
        "inspections/accidents/enterprise_panel.html",
        {
            "accidents": accidents,
            "enterprise": enterprise,
            "can_file": can_file(request.user, enterprise),
        },
    )

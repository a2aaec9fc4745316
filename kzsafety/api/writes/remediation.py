"""A remediation step on a violation through the API: report it fixed (with a description
of what was done as evidence), confirm it eliminated, or reopen it. The steps are the
lifecycle's functions (inspections.services.public_control_lifecycle), the same the
violation page and the council's board call; who may take which step is theirs to say."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from inspections.models import Violation
from inspections.services import public_control_lifecycle as lifecycle


class RemediationStep(serializers.Serializer):
    STEPS = [
        ("report_fixed", gettext_lazy("Report fixed (council members and inspectors)")),
        ("eliminate", gettext_lazy("Confirm eliminated (the enterprise's inspectors)")),
        ("reopen", gettext_lazy("Reopen: the fix is not accepted (the enterprise's inspectors)")),
    ]

    step = serializers.ChoiceField(choices=STEPS)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text=gettext_lazy(
            "report_fixed: what was done (the evidence); reopen: why the fix is not accepted."
        ),
    )
    eliminated_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("eliminate: the day it was eliminated (default today)."),
    )


def remediation_take(*, user, violation: Violation, data: dict) -> Violation:
    step, comment = data["step"], data.get("comment", "")
    if step == "report_fixed":
        return lifecycle.violation_report_fixed(user=user, violation=violation, comment=comment)
    if step == "eliminate":
        return lifecycle.violation_eliminate(
            user=user,
            violation=violation,
            eliminated_on=data.get("eliminated_on"),
            comment=comment,
        )
    return lifecycle.violation_reopen(user=user, violation=violation, comment=comment)

"""Recording an inspection through the API, as the field app sends it: the inspection with
its violations and proposals in one request, finalized (the notice issued) when asked. It
runs the phone flow's write functions one after the other in one transaction
(inspections.services.public_control_recording), so the API, the pages and the import keep
one set of rules; a refusal of the n-th violation is reported at violations[n]."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from inspections.models import Inspection, InspectionKind, Violation
from inspections.services import public_control_recording as recording
from kzsafety.api.writes.common import ReferenceKey, ScopedEnterprise, attempt
from kzsafety.directories.models import ViolationCategory


class ViolationWriteSerializer(serializers.ModelSerializer):
    category = ReferenceKey(
        slug_field="key",
        queryset=ViolationCategory.objects.filter(active=True),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The violation category's key."),
    )
    deadline = serializers.DateField(
        help_text=gettext_lazy("The day by which the employer must fix it.")
    )

    class Meta:
        model = Violation
        fields = ["description", "category", "legal_reference", "deadline"]


class InspectionWriteSerializer(ScopedEnterprise, serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=InspectionKind.choices, default=InspectionKind.PLANNED)
    violations = ViolationWriteSerializer(many=True, required=False, default=list)
    proposals = serializers.ListField(
        child=serializers.CharField(max_length=5000),
        required=False,
        default=list,
        help_text=gettext_lazy("The texts of the proposals to improve working conditions."),
    )
    finalize = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Finalize the inspection at once: the notice listing its violations is issued "
            "and nothing can be added to it afterwards."
        ),
    )

    class Meta:
        model = Inspection
        fields = [
            "enterprise",
            "enterprise_bin",
            "reference",
            "date",
            "kind",
            "state_inspector_name",
            "notes",
            "violations",
            "proposals",
            "finalize",
        ]

    def validate(self, attrs: dict) -> dict:
        enterprise = attrs.pop("enterprise_bin", None) or attrs.get("enterprise")
        if enterprise is None:
            raise serializers.ValidationError(
                {"enterprise": _("Give the enterprise: its id or its BIN.")}
            )
        attrs["enterprise"] = enterprise
        return attrs


def _at(index: int, key: str):
    """Move a refusal's field errors to the index-th item of the list `key`, keyed by the
    index as DRF keys the errors of a list."""

    def nest(detail: dict) -> dict:
        return {key: {index: detail}}

    return nest


@transaction.atomic
def inspection_record(*, user, data: dict) -> Inspection:
    """Start the inspection, add its violations and proposals, finalize it if asked; all
    or nothing."""
    inspection = attempt(
        lambda: recording.inspection_start(
            user=user,
            enterprise=data["enterprise"],
            date=data["date"],
            kind=data["kind"],
            state_inspector_name=data.get("state_inspector_name", ""),
            notes=data.get("notes", ""),
            reference=data.get("reference", ""),
        )
    )
    violations = data.get("violations", [])
    for index, item in enumerate(violations):
        attempt(
            lambda item=item: recording.violation_add(
                user=user,
                inspection=inspection,
                description=item["description"],
                deadline=item["deadline"],
                category=item.get("category"),
                legal_reference=item.get("legal_reference", ""),
            ),
            _at(index, "violations"),
        )
    proposals = data.get("proposals", [])
    for index, text in enumerate(proposals):
        attempt(
            lambda text=text: recording.proposal_add(user=user, inspection=inspection, text=text),
            _at(index, "proposals"),
        )
    if data.get("finalize"):
        attempt(lambda: recording.inspection_finalize(user=user, inspection=inspection))
    inspection.refresh_from_db()
    return inspection

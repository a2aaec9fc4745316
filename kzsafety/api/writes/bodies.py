"""What a write endpoint answers: the record as it is saved now (ids, version, status and
the nested parts), and the shape of an error, for the schema."""

from rest_framework import serializers

from inspections.models import Accident, Inspection, Victim, Violation
from kzsafety.api.writes.accidents import ACCIDENT_FIELDS, VICTIM_FIELDS


class VictimBody(serializers.ModelSerializer):
    class Meta:
        model = Victim
        fields = ["id", "position", *VICTIM_FIELDS]


class AccidentBody(serializers.ModelSerializer):
    enterprise_bin = serializers.CharField(source="enterprise.bin", read_only=True)
    event_type = serializers.SlugRelatedField(slug_field="key", read_only=True)
    cause = serializers.SlugRelatedField(slug_field="key", read_only=True)
    victims = VictimBody(many=True, read_only=True)

    class Meta:
        model = Accident
        fields = [
            "id",
            "version",
            "status",
            "enterprise",
            "enterprise_bin",
            *ACCIDENT_FIELDS,
            "union_present",
            "victims",
            "created_at",
            "updated_at",
        ]


class ViolationBody(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = Violation
        fields = [
            "id",
            "inspection",
            "position",
            "description",
            "category",
            "legal_reference",
            "deadline",
            "status",
            "eliminated_on",
        ]


class InspectionBody(serializers.ModelSerializer):
    enterprise_bin = serializers.CharField(source="enterprise.bin", read_only=True)
    violations = ViolationBody(many=True, read_only=True)
    proposals = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    notice_number = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "reference",
            "status",
            "enterprise",
            "enterprise_bin",
            "inspector",
            "date",
            "kind",
            "state_inspector_name",
            "notes",
            "violations",
            "proposals",
            "notice_number",
            "finalized_at",
            "created_at",
        ]

    def get_notice_number(self, inspection: Inspection) -> str | None:
        notice = getattr(inspection, "notice", None)
        return notice.number if notice else None


class ErrorBody(serializers.Serializer):
    """Every error answer (kzsafety.api.errors)."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False)

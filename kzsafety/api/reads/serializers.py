"""What the read endpoints return. Reference data (regions, sectors, causes, event types,
violation categories, OKED sections) appear as their stable codes and keys (CONTRACTS.md
§3); related records as their ids. Field descriptions come from the models' verbose names."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from councils.models import Council, Decision, Meeting
from inspections.forms.accidents import VICTIM_FIELDS
from inspections.models import (
    Accident,
    Inspection,
    Notice,
    Victim,
    Violation,
    WorkStoppage,
)
from kzsafety.directories.models import Enterprise, TechnicalInspector


def code(label: str, **more) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", read_only=True, label=label, **more)


def key(label: str, **more) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="key", read_only=True, label=label, **more)


class EnterpriseSerializer(serializers.ModelSerializer):
    region = code("region", help_text="KATO code of the region.")
    sector = key("sector", help_text="Key of the sector (CONTRACTS.md §3).")
    oked_section = code("oked section", help_text="OKED section letter.", allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "bin",
            "name",
            "region",
            "sector",
            "oked_section",
            "headcount",
            "union_member",
        ]


class InspectorSerializer(serializers.ModelSerializer):
    region = code("region", help_text="KATO code of the region.")
    trainings = serializers.SerializerMethodField(
        help_text="Dates of the trainings completed, newest first."
    )
    is_active = serializers.BooleanField(read_only=True, help_text="Serving today.")

    class Meta:
        model = TechnicalInspector
        fields = [
            "id",
            "number",
            "full_name",
            "region",
            "enterprise",
            "appointed_on",
            "left_on",
            "is_active",
            "trainings",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DateField()))
    def get_trainings(self, inspector: TechnicalInspector) -> list:
        return [training.completed_on for training in inspector.trainings.all()]


class VictimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Victim
        fields = ["id", "position", *VICTIM_FIELDS]


class AccidentSerializer(serializers.ModelSerializer):
    region = code(
        "region", source="enterprise.region", help_text="KATO code of the enterprise's region."
    )
    sector = key("sector", source="enterprise.sector", help_text="Key of the enterprise's sector.")
    cause = key("cause", allow_null=True, help_text="Key of the main cause.")
    event_type = key("event type", allow_null=True, help_text="Key of the event type.")
    victims = VictimSerializer(many=True, read_only=True)

    class Meta:
        model = Accident
        fields = [
            "id",
            "reference",
            "enterprise",
            "region",
            "sector",
            "date",
            "time",
            "place",
            "union_present",
            "event_type",
            "cause",
            "employer_fault_pct",
            "employee_fault_pct",
            "description",
            "investigation_kind",
            "act_number",
            "act_date",
            "commission",
            "union_took_part",
            "status",
            "version",
            "created_at",
            "updated_at",
            "victims",
        ]


class ViolationSerializer(serializers.ModelSerializer):
    category = key("category", allow_null=True, help_text="Key of the violation category.")

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
            "created_at",
            "updated_at",
        ]


class StoppageSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(
        source="inspection.enterprise_id", read_only=True, help_text="Id of the enterprise."
    )

    class Meta:
        model = WorkStoppage
        fields = [
            "id",
            "inspection",
            "enterprise",
            "reason",
            "works",
            "started_on",
            "lifted_on",
            "created_at",
        ]


class InspectionSerializer(serializers.ModelSerializer):
    region = code(
        "region", source="enterprise.region", help_text="KATO code of the enterprise's region."
    )
    sector = key("sector", source="enterprise.sector", help_text="Key of the enterprise's sector.")
    notice = serializers.SerializerMethodField(
        help_text="Number of the notice to the employer, once issued."
    )
    violations = ViolationSerializer(many=True, read_only=True)
    stoppages = StoppageSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "reference",
            "inspector",
            "enterprise",
            "region",
            "sector",
            "date",
            "kind",
            "state_inspector_name",
            "notes",
            "status",
            "finalized_at",
            "created_at",
            "updated_at",
            "notice",
            "violations",
            "stoppages",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_notice(self, inspection: Inspection) -> str | None:
        notice = getattr(inspection, "notice", None)
        return notice.number if notice else None


class NoticeSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(
        source="inspection.enterprise_id", read_only=True, help_text="Id of the enterprise."
    )
    violations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "number",
            "year",
            "sequence",
            "issued_on",
            "inspection",
            "enterprise",
            "violations",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    council = serializers.IntegerField(
        source="meeting.council_id", read_only=True, help_text="Id of the council."
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "council",
            "meeting",
            "position",
            "text",
            "responsible",
            "deadline",
            "status",
            "done_on",
            "note",
            "created_at",
            "updated_at",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "number", "date", "place", "agenda", "minutes", "decisions"]


class CouncilSerializer(serializers.ModelSerializer):
    region = code(
        "region", source="enterprise.region", help_text="KATO code of the enterprise's region."
    )
    sector = key("sector", help_text="Key of the council's sector.")
    meetings = MeetingSerializer(many=True, read_only=True)

    class Meta:
        model = Council
        fields = [
            "id",
            "enterprise",
            "region",
            "sector",
            "established_on",
            "union_initiative",
            "dissolved_on",
            "inspectors",
            "meetings",
        ]

"""Filing accident reports through the API: create a report with its victims, correct it
(with the version that was read) and submit it for verification. The rules are those of
inspections.services.accidents, which the filing page and the import call too; this
module only reads JSON into the same records the filing form builds."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from inspections.forms.accidents import REPORT_FIELDS, VICTIM_FIELDS
from inspections.models import Accident, Victim
from kzsafety.api.writes.common import ReferenceKey, ScopedEnterprise
from kzsafety.directories.models import Cause, EventType

# The fields of the filing form (inspections.forms.accidents), and the import's reference.
ACCIDENT_FIELDS = ["reference", *REPORT_FIELDS]


class VictimWriteSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False,
        help_text=gettext_lazy(
            "On an update: the victim's id, to change that victim. A victim without an id is "
            "added; a victim of the report left out of the list is removed."
        ),
    )

    class Meta:
        model = Victim
        fields = ["id", *VICTIM_FIELDS]


class AccidentWriteSerializer(ScopedEnterprise, serializers.ModelSerializer):
    """A report as an integration sends it. The enterprise is given by its id or its BIN
    and must be in the sender's scope; the victims come nested."""

    event_type = ReferenceKey(
        slug_field="key",
        queryset=EventType.objects.filter(active=True),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The event type's key, e.g. fall_from_height."),
    )
    cause = ReferenceKey(
        slug_field="key",
        queryset=Cause.objects.filter(active=True),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The main cause's key, e.g. work_organisation."),
    )
    union_present = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "Whether a union was present at the enterprise; left out or null on a new report, "
            "the enterprise's union membership today."
        ),
    )
    victims = VictimWriteSerializer(many=True, allow_empty=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=gettext_lazy(
            "On an update: the version of the report you read. If it was saved since, the "
            "update is refused with 409."
        ),
    )

    class Meta:
        model = Accident
        fields = [
            "enterprise",
            "enterprise_bin",
            *ACCIDENT_FIELDS,
            "union_present",
            "victims",
            "version",
        ]

    def validate(self, attrs: dict) -> dict:
        given = attrs.pop("enterprise_bin", None) or attrs.get("enterprise")
        if self.instance is None:
            if given is None:
                raise serializers.ValidationError(
                    {"enterprise": _("Give the enterprise: its id or its BIN.")}
                )
            attrs["enterprise"] = given
        else:
            if given is not None and given.pk != self.instance.enterprise_id:
                raise serializers.ValidationError(
                    {"enterprise": _("The enterprise of a filed report does not change.")}
                )
            attrs.pop("enterprise", None)
            if attrs.get("version") is None:
                raise serializers.ValidationError(
                    {"version": _("Send the version of the report you read.")}
                )
        return attrs

    # --- into the records the write function takes --------------------------------------

    def records(self) -> tuple[Accident, list[Victim], list[Victim]]:
        """The report with the sent values, its victims in the sent order and the victims
        to remove; a victim's own rules (the model's, as the filing form applies them) are
        checked here so that its errors stay at its place: {"victims": {n: {...}}}, n
        counted from 0, as DRF keys the errors of a list."""
        data = dict(self.validated_data)
        victims_data = data.pop("victims", None)
        data.pop("union_present", None)
        data.pop("version", None)
        accident = self.instance or Accident()
        for name, value in data.items():
            setattr(accident, name, value)
        existing = {v.pk: v for v in accident.victims.all()} if accident.pk else {}
        if victims_data is None:  # a PATCH that leaves the victims as they are
            return accident, list(existing.values()), []
        victims, errors, kept = [], {}, set()
        for index, item in enumerate(victims_data):
            item = dict(item)
            pk = item.pop("id", None)
            problems = {}
            if pk is not None and pk not in existing:
                problems["id"] = [_("This report has no victim with this id.")]
                victim = Victim()
            else:
                victim = existing.get(pk) or Victim()
                kept.add(pk)
            for name, value in item.items():
                setattr(victim, name, value)
            victim.accident = accident
            try:
                victim.full_clean(exclude=["accident"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    key = (
                        serializers.api_settings.NON_FIELD_ERRORS_KEY
                        if field == "__all__"
                        else field
                    )
                    problems.setdefault(key, []).extend(messages)
            if problems:
                errors[index] = problems
            victims.append(victim)
        if errors:
            raise serializers.ValidationError({"victims": errors})
        removed = [victim for pk, victim in existing.items() if pk not in kept]
        return accident, victims, removed


class SubmitSerializer(serializers.Serializer):
    duplicate_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=gettext_lazy(
            "When a report of the same enterprise and day already names the same victim: why "
            "this is a different accident."
        ),
    )

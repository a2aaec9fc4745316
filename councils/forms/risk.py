from django import forms
from django.utils.translation import gettext_lazy as _

from councils.forms.widgets import DateInput, ServiceValidatedForm, style
from councils.models import RiskAssessment, RiskEntry
from councils.risk_levels import SCALE, RiskLevel
from kzsafety.formtools import VersionedFormMixin

PROBABILITY_HINTS = {
    1: _("1 — hardly ever"),
    2: _("2 — unlikely"),
    3: _("3 — possible"),
    4: _("4 — likely"),
    5: _("5 — almost certain"),
}
SEVERITY_HINTS = {
    1: _("1 — negligible"),
    2: _("2 — minor injury"),
    3: _("3 — injury with lost time"),
    4: _("4 — severe injury"),
    5: _("5 — fatal"),
}


def _scale(label, hints, required=True) -> forms.TypedChoiceField:
    choices = [(n, hints[n]) for n in SCALE]
    if not required:
        choices = [("", "—"), *choices]
    return forms.TypedChoiceField(
        label=label, choices=choices, coerce=int, required=required, empty_value=None
    )


class RiskAssessmentForm(VersionedFormMixin, ServiceValidatedForm):
    class Meta:
        model = RiskAssessment
        fields = [
            "period_start",
            "period_end",
            "commission",
            "objects_assessed",
            "professions",
            "schedule",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}


class RiskEntryForm(ServiceValidatedForm):
    probability = _scale(_("Probability"), PROBABILITY_HINTS)
    severity = _scale(_("Severity"), SEVERITY_HINTS)
    residual_probability = _scale(_("Residual probability"), PROBABILITY_HINTS, required=False)
    residual_severity = _scale(_("Residual severity"), SEVERITY_HINTS, required=False)

    class Meta:
        model = RiskEntry
        fields = [
            "hazard",
            "workplace",
            "probability",
            "severity",
            "controls",
            "residual_probability",
            "residual_severity",
            "review_on",
        ]
        widgets = {"review_on": DateInput()}


class RiskFilterForm(forms.Form):
    BASES = [("", _("Before controls")), ("residual", _("Residual, after controls"))]
    basis = forms.ChoiceField(label=_("Risk"), choices=BASES, required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *RiskLevel.choices], required=False
    )
    probability = forms.TypedChoiceField(
        label=_("Probability"),
        choices=[("", _("Any")), *((n, n) for n in SCALE)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=[("", _("Any")), *((n, n) for n in SCALE)],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    @property
    def residual(self) -> bool:
        return self.is_valid() and self.cleaned_data["basis"] == "residual"

    def filter(self, entries):
        """Entries annotated with_levels(), narrowed by the chosen cell or level."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        prefix = "residual_" if data["basis"] == "residual" else ""
        if data["level"]:
            entries = entries.filter(**{f"{prefix}level": data["level"]})
        if data["probability"]:
            entries = entries.filter(**{f"{prefix}probability": data["probability"]})
        if data["severity"]:
            entries = entries.filter(**{f"{prefix}severity": data["severity"]})
        return entries

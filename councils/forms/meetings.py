from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.forms.widgets import DateInput, ServiceValidatedForm, style
from councils.models import Council, Decision, DecisionStatus, Meeting
from kzsafety.formtools import VersionedFormMixin


class MeetingForm(VersionedFormMixin, ServiceValidatedForm):
    class Meta:
        model = Meeting
        fields = ["date", "place", "agenda", "attendees", "guests", "minutes"]
        widgets = {
            "date": DateInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fresh_kwargs = {"council": council}
        self.fields["attendees"].queryset = council.members.order_by("side", "full_name")
        self.fields["attendees"].label_from_instance = lambda member: (
            f"{member.full_name} — {member.get_side_display()}"
        )
        if not self.instance.pk and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()


class DecisionForm(VersionedFormMixin, ServiceValidatedForm):
    class Meta:
        model = Decision
        fields = ["text", "responsible", "deadline"]
        widgets = {"deadline": DateInput()}


class DecisionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=DecisionStatus.choices,
        widget=forms.Select(attrs={"data-decision-status": ""}),
    )
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=DateInput(attrs={"data-done-on": ""}),
        help_text=_("For a decision that is done; today if left empty."),
    )
    note = forms.CharField(
        label=_("Progress note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class DecisionFilterForm(forms.Form):
    STATES = [
        ("", _("Not done")),
        ("overdue", _("Overdue")),
        ("done", _("Done")),
        ("all", _("All")),
    ]
    state = forms.ChoiceField(label=_("Show"), choices=STATES, required=False)
    q = forms.CharField(label=_("Enterprise or BIN"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

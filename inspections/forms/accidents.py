from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.models import Accident, AccidentStatus, Outcome, Victim
from kzsafety.directories.models import Cause, Enterprise, EventType, Region, Sector
from kzsafety.formtools import OnceKeyMixin, VersionedFormMixin, shown
from kzsafety.reference_choices import ReferenceChoiceField

# Above this many enterprises in the filer's scope a select gets unwieldy: type the BIN.
ENTERPRISE_SELECT_LIMIT = 50

UNION_CHOICES = [
    ("", _("As in the enterprise record")),
    ("yes", _("Yes, a union was present")),
    ("no", _("No union")),
]


# The report's and a victim's fields as people fill them in: the filing form, the API and
# the offline app take the same ones.
REPORT_FIELDS = (
    "date",
    "time",
    "place",
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
)
VICTIM_FIELDS = (
    "full_name",
    "iin",
    "sex",
    "age",
    "occupation",
    "service_years",
    "outcome",
    "died_on",
    "days_lost",
    "injury_type",
    "body_part",
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class AccidentForm(VersionedFormMixin, OnceKeyMixin, forms.ModelForm):
    enterprise_bin = forms.CharField(
        label=_("Enterprise BIN"),
        max_length=12,
        required=False,
        help_text=_("12 digits; the enterprise must be in your scope."),
    )
    union = forms.ChoiceField(
        label=_("Union present at the enterprise"), choices=UNION_CHOICES, required=False
    )

    class Meta:
        model = Accident
        fields = ["enterprise", *REPORT_FIELDS]
        widgets = {
            "date": DateInput(),
            "act_date": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "commission": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = EventType.objects.filter(active=True)
        self.fields["cause"].queryset = Cause.objects.filter(active=True)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.enterprises = enterprises
        self.fresh_kwargs = {"enterprises": enterprises}
        if self.instance.pk:
            # The enterprise of a filed report does not change; neither does the date's owner.
            del self.fields["enterprise"], self.fields["enterprise_bin"]
            self.fields["union"].choices = UNION_CHOICES[1:]
            self.initial["union"] = "yes" if self.instance.union_present else "no"
        elif enterprises.count() <= ENTERPRISE_SELECT_LIMIT:
            self.fields["enterprise"].queryset = enterprises
            del self.fields["enterprise_bin"]
            if enterprises.count() == 1 and not self.initial.get("enterprise"):
                self.initial["enterprise"] = enterprises.get().pk
        else:
            self.fields["enterprise"].required = False
            self.fields["enterprise"].widget = forms.HiddenInput()
            self.fields["enterprise_bin"].required = True
        bootstrap(self)

    def clean_enterprise_bin(self) -> str:
        value = (self.cleaned_data.get("enterprise_bin") or "").strip()
        if value:
            enterprise = self.enterprises.filter(bin=value).first()
            if enterprise is None:
                raise forms.ValidationError(
                    _("No enterprise with BIN %(bin)s in your scope."), params={"bin": value}
                )
            self.cleaned_data["enterprise"] = enterprise
            self.instance.enterprise = enterprise
        return value

    def snapshot(self) -> dict[str, list[str]]:
        """The report's fields and, after them, each victim's (see VersionedFormMixin)."""
        result = super().snapshot()
        victims = self.instance.victims.order_by("position") if self.instance.pk else []
        for number, victim in enumerate(victims, start=1):
            prefix = _("Victim %(number)s: ") % {"number": number}
            for name, value in shown(VictimForm(instance=victim), str(prefix)).items():
                result[f"victims.{number}.{name}"] = value
        return result

    @property
    def union_present(self) -> bool | None:
        value = self.cleaned_data.get("union")
        return {"yes": True, "no": False}.get(value)


class VictimForm(forms.ModelForm):
    class Meta:
        model = Victim
        fields = list(VICTIM_FIELDS)
        widgets = {"died_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iin"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["age"].widget.attrs.update({"min": 14, "max": 100})
        bootstrap(self)


VictimFormSet = inlineformset_factory(
    Accident,
    Victim,
    form=VictimForm,
    extra=0,
    min_num=1,
    validate_min=True,
    can_delete=True,
)


class SubmitForm(forms.Form):
    duplicate_reason = forms.CharField(
        label=_("Why this is a different accident"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("verify", _("Verify")), ("return", _("Return for correction"))]
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when you return the report: say what to correct."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what needs to be corrected."))
        return data


YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
SORTS = [
    ("-date", _("Newest first")),
    ("date", _("Oldest first")),
    ("enterprise", _("Enterprise")),
    ("-victims", _("Most victims")),
]


class AccidentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    region = ReferenceChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    sector = ReferenceChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False, empty_label=_("All")
    )
    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.all(), required=False, widget=forms.HiddenInput()
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Any")), *Outcome.choices], required=False
    )
    group = forms.ChoiceField(label=_("Group accident"), choices=YES_NO, required=False)
    union = forms.ChoiceField(label=_("Union present"), choices=YES_NO, required=False)
    cause = ReferenceChoiceField(
        label=_("Cause"), queryset=Cause.objects.all(), required=False, empty_label=_("All")
    )
    event_type = ReferenceChoiceField(
        label=_("Event type"),
        queryset=EventType.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *AccidentStatus.choices], required=False
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def filter(self, accidents):
        """Apply the valid filters to an already-scoped queryset with counts."""
        if not self.is_valid():
            return accidents.none()
        data = self.cleaned_data
        if query := data["q"].strip():
            # A subquery, so a match on several victims neither repeats a row nor skews counts.
            accidents = accidents.filter(pk__in=Accident.objects.filter(search(query)).values("pk"))
        simple = {
            "date__year": data["year"],
            "date__gte": data["date_from"],
            "date__lte": data["date_to"],
            "enterprise__region": data["region"],
            "enterprise__sector": data["sector"],
            "enterprise": data["enterprise"],
            "cause": data["cause"],
            "event_type": data["event_type"],
            "status": data["status"] or None,
        }
        accidents = accidents.filter(**{k: v for k, v in simple.items() if v is not None})
        if data["outcome"] == Outcome.FATAL:
            accidents = accidents.filter(fatality_total__gt=0)
        elif data["outcome"]:
            accidents = accidents.filter(
                pk__in=Victim.objects.filter(outcome=data["outcome"]).values("accident_id")
            )
        if data["group"]:
            accidents = accidents.filter(
                **({"victim_total__gte": 2} if data["group"] == "yes" else {"victim_total__lt": 2})
            )
        if data["union"]:
            accidents = accidents.filter(union_present=data["union"] == "yes")
        order = {
            "-date": ["-date", "-pk"],
            "date": ["date", "pk"],
            "enterprise": ["enterprise__name", "-date"],
            "-victims": ["-victim_total", "-date"],
        }[data["sort"] or "-date"]
        return accidents.order_by(*order)


def search(query: str) -> Q:
    condition = (
        Q(enterprise__name__icontains=query)
        | Q(description__icontains=query)
        | Q(act_number__iexact=query)
        | Q(reference__iexact=query)
        | Q(victims__full_name__icontains=query)
    )
    if query.isdigit():
        condition |= Q(enterprise__bin__startswith=query) | Q(victims__iin=query)
    return condition

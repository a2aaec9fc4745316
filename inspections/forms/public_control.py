"""Forms of public control: the phone flow (inspection, violation, proposal, stoppage),
the remediation steps and the filters of the lists. Rules live in the services; these
forms only shape the input."""

import datetime

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.models import (
    Inspection,
    InspectionKind,
    InspectionStatus,
    Proposal,
    ProposalStatus,
    Violation,
    ViolationStatus,
    WorkStoppage,
)
from kzsafety.directories.models import Enterprise, Region, Sector, ViolationCategory
from kzsafety.formtools import OnceKeyMixin
from kzsafety.reference_choices import ReferenceChoiceField

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _style(form: forms.Form) -> None:
    """Bootstrap classes on every widget (crispy renders labels and errors)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


def _photo_field(label, help_text=None) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text or _("JPEG, PNG or WebP, up to 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": PHOTO_ACCEPT,
                "capture": "environment",
                "data-photo-input": "",
                "data-too-large": _("The photo is larger than 10 MB."),
                "data-wrong-type": _("Only JPEG, PNG or WebP photos are accepted."),
            }
        ),
    )


class InspectionForm(OnceKeyMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["enterprise", "date", "kind", "state_inspector_name", "notes"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, enterprises: QuerySet[Enterprise] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].queryset = enterprises
            self.fields["enterprise"].empty_label = None
            self.fields["date"].initial = timezone.localdate
        self.fields["kind"].widget.attrs["data-inspection-kind"] = ""
        self.fields["state_inspector_name"].widget.attrs["data-joint-only"] = ""
        _style(self)

    def _post_clean(self):
        # The services validate the instance; the form only collects the values.
        pass


class ViolationForm(OnceKeyMixin, forms.ModelForm):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    photo = _photo_field(_("Photo"))

    class Meta:
        model = Violation
        fields = ["description", "category", "legal_reference", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ViolationCategory.objects.filter(active=True)
        self.fields["category"].empty_label = _("Choose a category")
        if not self.instance.pk:
            self.fields["deadline"].initial = lambda: (
                timezone.localdate() + datetime.timedelta(days=30)
            )
        else:
            del self.fields["photo"]
        _style(self)

    def _post_clean(self):
        pass


class ProposalForm(OnceKeyMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        _style(self)


class ProposalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Employer's answer"), choices=ProposalStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class StoppageForm(OnceKeyMixin, forms.ModelForm):
    class Meta:
        model = WorkStoppage
        fields = ["reason", "works", "started_on"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["started_on"].initial = timezone.localdate
        _style(self)

    def _post_clean(self):
        pass


class LiftForm(forms.Form):
    lifted_on = forms.DateField(
        label=_("Work resumed on"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class EvidenceForm(forms.Form):
    photo = _photo_field(_("Photo"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = True
        _style(self)


class ReportFixedForm(forms.Form):
    comment = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = _photo_field(_("Photo of the fix"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class EliminateForm(forms.Form):
    eliminated_on = forms.DateField(
        label=_("Eliminated on"), widget=DateInput(), initial=timezone.localdate
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("Why the fix is not accepted"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


# --- Filters -------------------------------------------------------------------------------

YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def _year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [("", _("Any"))] + [(str(y), str(y)) for y in range(this_year, 2014, -1)]


class _FilterForm(forms.Form):
    """Filters shared by the inspection and violation lists; invalid values are ignored
    and shown on the form, never a 500."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    region = ReferenceChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    sector = ReferenceChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.filter(active=True),
        required=False,
        empty_label=_("All"),
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Enterprise.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *InspectionKind.choices]
    )
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=YES_NO)

    # The lookup from the listed model to its inspection ("" for inspections themselves).
    inspection_path = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        _style(self)

    @property
    def data_or_empty(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def filter(self, queryset: QuerySet) -> QuerySet:
        data = self.data_or_empty
        p = self.inspection_path
        if data.get("year"):
            queryset = queryset.filter(**{f"{p}date__year": data["year"]})
        if data.get("date_from"):
            queryset = queryset.filter(**{f"{p}date__gte": data["date_from"]})
        if data.get("date_to"):
            queryset = queryset.filter(**{f"{p}date__lte": data["date_to"]})
        if data.get("region"):
            queryset = queryset.filter(**{f"{p}enterprise__region": data["region"]})
        if data.get("sector"):
            queryset = queryset.filter(**{f"{p}enterprise__sector": data["sector"]})
        if data.get("enterprise"):
            queryset = queryset.filter(**{f"{p}enterprise": data["enterprise"]})
        if data.get("kind"):
            queryset = queryset.filter(**{f"{p}kind": data["kind"]})
        return queryset

    def search(self, query: str) -> Q:
        p = self.inspection_path
        condition = (
            Q(**{f"{p}enterprise__name__icontains": query})
            | Q(**{f"{p}inspector__full_name__icontains": query})
            | Q(**{f"{p}reference__iexact": query})
            | Q(**{f"{p}notice__number__iexact": query})
        )
        if query.isdigit():
            condition |= Q(**{f"{p}enterprise__bin__startswith": query})
        return condition


class InspectionFilterForm(_FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InspectionStatus.choices]
    )
    stopped = forms.ChoiceField(label=_("Work stopped"), required=False, choices=YES_NO)

    field_order = ["q", "year", "date_from", "date_to", "region", "sector", "kind", "status"]

    def filter(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter(queryset)
        data = self.data_or_empty
        if query := (data.get("q") or "").strip():
            queryset = queryset.filter(self.search(query))
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("overdue") == "yes":
            queryset = queryset.with_overdue_violations()
        elif data.get("overdue") == "no":
            queryset = queryset.exclude(pk__in=Inspection.objects.with_overdue_violations())
        if data.get("stopped"):
            stopped = Exists(WorkStoppage.objects.filter(inspection=OuterRef("pk")))
            queryset = queryset.filter(stopped if data["stopped"] == "yes" else ~stopped)
        return queryset


VIOLATION_STATUS_CHOICES = [
    ("", _("All")),
    ("not_eliminated", _("Not eliminated")),
    *ViolationStatus.choices,
]


class ViolationFilterForm(_FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=VIOLATION_STATUS_CHOICES)
    due_soon = forms.ChoiceField(
        label=_("Due within 7 days"), required=False, choices=[("", _("Any")), ("yes", _("Yes"))]
    )
    category = ReferenceChoiceField(
        label=_("Category"),
        queryset=ViolationCategory.objects.all(),
        required=False,
        empty_label=_("All"),
    )

    inspection_path = "inspection__"
    field_order = ["q", "status", "overdue", "due_soon", "year", "date_from", "date_to"]

    def filter(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter(queryset)
        data = self.data_or_empty
        if query := (data.get("q") or "").strip():
            queryset = queryset.filter(
                self.search(query)
                | Q(description__icontains=query)
                | Q(legal_reference__icontains=query)
            )
        if data.get("status") == "not_eliminated":
            queryset = queryset.not_eliminated()
        elif data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("overdue") == "yes":
            queryset = queryset.overdue()
        elif data.get("overdue") == "no":
            queryset = queryset.exclude(pk__in=Violation.objects.overdue())
        if data.get("due_soon") == "yes":
            queryset = queryset.due_within()
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        return queryset


class SummaryForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        _style(self)

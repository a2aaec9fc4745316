from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from councils.forms.widgets import DateInput, ServiceValidatedForm, style
from councils.models import Council, CouncilMember, Side
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise, Region, TechnicalInspector
from kzsafety.formtools import RecordsField, VersionedFormMixin
from kzsafety.reference_choices import ReferenceChoiceField


class CouncilForm(VersionedFormMixin, ServiceValidatedForm):
    enterprise_bin = forms.CharField(
        label=_("Enterprise BIN"),
        max_length=12,
        min_length=12,
        help_text=_("12 digits; the enterprise must be in your region."),
    )

    class Meta:
        model = Council
        fields = ["established_on", "union_initiative", "sector", "dissolved_on"]
        widgets = {"established_on": DateInput(), "dissolved_on": DateInput()}

    def __init__(self, *args, enterprises: QuerySet[Enterprise] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises
        self.fields["sector"].required = False
        self.fields["sector"].empty_label = _("The enterprise's sector")
        if self.instance.pk:
            del self.fields["enterprise_bin"]
        self.order_fields(["enterprise_bin"])

    def clean_enterprise_bin(self):
        value = self.cleaned_data["enterprise_bin"].strip()
        enterprise = self.enterprises.filter(bin=value).first()
        if enterprise is None:
            raise forms.ValidationError(_("No enterprise with this BIN in your scope."))
        self.instance.enterprise = enterprise
        return value


class CouncilFilterForm(forms.Form):
    STATES = [
        ("", _("Active and dissolved")),
        ("active", _("Active")),
        ("dissolved", _("Dissolved")),
    ]
    q = forms.CharField(label=_("Enterprise or BIN"), required=False)
    region = ReferenceChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    parity = forms.BooleanField(label=_("Sides not equal only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("All regions")
        style(self)


class CouncilMemberForm(ServiceValidatedForm):
    class Meta:
        model = CouncilMember
        fields = ["full_name", "side", "role", "position", "phone", "user"]

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = Side.choices
        self.fields["user"].queryset = User.objects.filter(
            enterprise_id=council.enterprise_id,
            role__in=[Role.COUNCIL_MEMBER, Role.INSPECTOR],
            is_active=True,
        ).order_by("last_name", "first_name", "username")
        self.fields["user"].label_from_instance = lambda account: (
            f"{account.get_full_name() or account.username} ({account.username})"
        )
        self.fields["user"].empty_label = _("No account")
        self.fields["phone"].widget.input_type = "tel"


class CouncilInspectorsForm(forms.Form):
    inspectors = RecordsField(
        label=_("Technical inspectors on the council"),
        queryset=TechnicalInspector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = TechnicalInspector.objects.filter(
            enterprise_id=council.enterprise_id
        ).order_by("full_name")
        self.fields["inspectors"].initial = list(council.inspectors.values_list("pk", flat=True))

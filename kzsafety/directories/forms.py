from django import forms
from django.utils.translation import gettext_lazy as _

from kzsafety.directories.models import Region, Sector
from kzsafety.reference_choices import ReferenceChoiceField

UNION_CHOICES = [("", _("Any")), ("yes", _("With a union")), ("no", _("Without a union"))]


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or BIN"), required=False, max_length=100)
    region = ReferenceChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    sector = ReferenceChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.filter(active=True),
        required=False,
        empty_label=_("All"),
    )
    union = forms.ChoiceField(label=_("Union"), choices=UNION_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def filter(self, queryset):
        """Apply the valid filters; an invalid value is ignored and shown on the form."""
        data = self.cleaned_data if self.is_valid() else {}
        if query := (data.get("q") or "").strip():
            if query.isdigit():
                queryset = queryset.filter(bin__startswith=query)
            else:
                queryset = queryset.filter(name__icontains=query)
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("sector"):
            queryset = queryset.filter(sector=data["sector"])
        if data.get("union"):
            queryset = queryset.filter(union_member=data["union"] == "yes")
        return queryset

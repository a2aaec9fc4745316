"""The fast <select> of kzsafety/form_renderer.py writes the same markup as Django's
templates, for every kind of select the pages use."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from inspections.forms.public_control import InspectionFilterForm, ViolationFilterForm
from kzsafety.form_renderer import FastSelectRenderer


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", '"quoted" <b>')])
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("other", "Other")]
    )
    several = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")])
    yes_no = forms.NullBooleanField()
    typed = forms.TypedChoiceField(choices=[(2025, "2025"), (2024, "2024")], coerce=int)
    disabled = forms.ChoiceField(choices=[("x", "X")], disabled=True, required=False)
    text = forms.CharField(max_length=10, required=False)
    number = forms.IntegerField(min_value=0, required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    mail = forms.EmailField(required=False)
    marked = forms.ChoiceField(
        choices=[
            (SafeString("a&amp;b"), SafeString("<b>bold</b> &amp;")),
            ("l", gettext_lazy("Open")),
        ],
        widget=forms.Select(attrs={"data-x": SafeString("&lt;")}),
    )


def both(form_class, data):
    ours = form_class(data, renderer=FastSelectRenderer())
    django = form_class(data, renderer=DjangoTemplates())
    return ours, django


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "a", "grouped": "pear", "several": ["1", "3"], "yes_no": "true", "typed": "2024"},
        {"plain": "<script>", "grouped": "nope", "several": ["9"], "typed": "x"},
        {"text": '"><script>', "number": "-1", "day": "2025-02-30", "hidden": "a&b", "mail": "x"},
    ],
)
def test_every_kind_of_select_is_written_as_django_writes_it(data):
    ours, django = both(Everything, data)
    for name in Everything.base_fields:
        assert str(ours[name]) == str(django[name]), name
    assert "<option" in str(ours["grouped"]) and "<optgroup" in str(ours["grouped"])
    assert "multiple" in str(ours["several"])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("form_class", [InspectionFilterForm, ViolationFilterForm])
def test_the_list_filters_are_written_as_django_writes_them(form_class, language):
    with translation.override(language):
        ours, django = both(form_class, {"year": "2025", "region": "1", "status": "open"})
        for name in form_class.base_fields:
            assert str(ours[name]) == str(django[name]), name

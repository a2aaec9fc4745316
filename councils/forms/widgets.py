"""Widgets and styling shared by the council forms. Rules live in the services; the forms
only shape the input."""

from django import forms
from django.forms.models import construct_instance

from kzsafety.formtools import OnceKeyMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (crispy renders labels and errors)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.Textarea) and widget.attrs.get("rows") in (None, "10"):
            widget.attrs["rows"] = 3  # Django's default of 10 rows fills a phone screen


class ServiceValidatedForm(OnceKeyMixin, forms.ModelForm):
    """A model form whose instance is validated by the write function, not by the form,
    so the web page and the import give the same messages. A new record's form carries a
    one-time key (kzsafety.formtools)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def _post_clean(self):
        opts = self._meta
        try:
            self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

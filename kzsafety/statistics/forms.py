from collections.abc import Callable

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kzsafety.formtools import INTEGER_MAX, OnceKeyMixin
from kzsafety.statistics.figures import CELLS
from kzsafety.statistics.models import ExportKind, Figure


def cell_name(source: str, indicator: str, scope: str) -> str:
    return f"{source}__{indicator}__{scope}"


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["class"] = "form-control"

    @classmethod
    def year_from(cls, data, default: int | None = None) -> int:
        form = cls(data)
        return (
            form.cleaned_data["year"]
            if form.is_valid()
            else (default or timezone.localdate().year - 1)
        )


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    # Optional: a link with only ?year= must show that year (it used to fall back to the
    # default year without a word when the window was left out).
    window = forms.IntegerField(
        label=_("Years shown"), min_value=1, max_value=10, initial=5, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def year_and_window(self, default_year: Callable[[], int] | None = None) -> tuple[int, int]:
        """The chosen year and window; when not valid, `default_year()` (only called then)
        or last year, over five years."""
        if not self.is_bound or not self.is_valid():
            year = default_year() if default_year else timezone.localdate().year - 1
            return year, 5
        return self.cleaned_data["year"], self.cleaned_data["window"] or 5


class ExportRequestForm(OnceKeyMixin, ReportForm):
    """The request for the workbook or the analytical note: the page's year and window, the
    kind of file (the workbook when left out), and a one-time key so a double click
    prepares one file."""

    kind = forms.ChoiceField(label=_("File"), choices=ExportKind.choices, required=False)

    def export_kind(self) -> str:
        return self.cleaned_data.get("kind") or ExportKind.WORKBOOK


class FiguresForm(forms.Form):
    """One number field per figure of a year; empty means 'no figure'."""

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        current = {
            cell_name(f.source, f.indicator, f.scope): f.value
            for f in Figure.objects.filter(year=year)
        }
        for key in CELLS:
            name = cell_name(*key)
            self.fields[name] = forms.IntegerField(
                min_value=0,
                max_value=INTEGER_MAX,
                required=False,
                initial=current.get(name),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0}),
            )

    def values(self) -> dict:
        return {key: self.cleaned_data.get(cell_name(*key)) for key in CELLS}

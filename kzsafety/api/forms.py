"""The form of the token page: a name and an expiry date (kzsafety/api/tokens.py checks
the date's range)."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the ministry's exchange or your tablet."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        initial=default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
        self.fields["name"].strip = True

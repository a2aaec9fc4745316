from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.forms.widgets import DateInput, style
from kzsafety.uploads import IMAGE_TYPES, checked_upload

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class PlanForm(forms.Form):
    responsible = forms.CharField(label=_("Responsible person"), max_length=255)
    planned_on = forms.DateField(label=_("Planned date"), widget=DateInput())
    note = forms.CharField(
        label=_("What will be done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ReportFixedForm(forms.Form):
    comment = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(
        label=_("Photo of the fix"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            try:
                checked_upload(photo, IMAGE_TYPES)
            except ValidationError as refusal:
                raise forms.ValidationError(refusal.messages) from refusal
        return photo or None


class ConfirmForm(forms.Form):
    eliminated_on = forms.DateField(
        label=_("Eliminated on"), widget=DateInput(), initial=timezone.localdate
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("Why the fix is not accepted"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

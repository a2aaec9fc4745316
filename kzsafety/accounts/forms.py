from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from kzsafety.accounts.models import Delivery, DigestSubscription, User
from kzsafety.accounts.notify import deliveries_of, kinds_for, preferences_save


def limit_username(form: AuthenticationForm) -> None:
    """Django's log-in form only sets the username's maxlength attribute; a longer name
    posted by hand reached authentication and the lock-out record (255 characters), a 500.
    Checking the length on the server refuses it as an ordinary invalid form."""
    field = form.fields["username"]
    field.validators.append(MaxLengthValidator(field.max_length))


class AdminLoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_username(self)


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_username(self)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class NotificationFilterForm(forms.Form):
    """The notification centre's filter: one kind, among the kinds the user has."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *kinds]
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def filter(self, notifications):
        if not self.is_valid():
            return notifications.none()
        if kind := self.cleaned_data["kind"]:
            notifications = notifications.filter(kind=kind)
        return notifications


class NotificationSettingsForm(forms.Form):
    """How the user hears about each kind of their role, and the weekly digest."""

    weekly_digest = forms.BooleanField(
        label=_("Send me a weekly digest of what is due and overdue in my scope"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = deliveries_of(user)
        self.kind_fields: list[str] = []
        for kind in kinds_for(user):
            name = f"kind_{kind.code}"
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current[kind.code],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.kind_fields.append(name)
        subscription = DigestSubscription.objects.filter(user=user).first()
        self.fields["weekly_digest"].initial = bool(subscription and subscription.wanted)
        self.order_fields([*self.kind_fields, "weekly_digest"])

    def save(self) -> None:
        preferences_save(
            user=self.user,
            deliveries={
                name.removeprefix("kind_"): self.cleaned_data[name] for name in self.kind_fields
            },
            weekly_digest=self.cleaned_data["weekly_digest"],
        )

"""An accident report with its victims, saved as a draft and, when the entry asks for it,
submitted for verification in the same step (all or nothing: a refused submission leaves
no draft behind, and the corrected entry is sent again with the same key)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from inspections.forms.accidents import (
    REPORT_FIELDS,
    VICTIM_FIELDS,
    AccidentForm,
    SubmitForm,
    VictimFormSet,
)
from inspections.models import Accident
from inspections.services.accidents import accident_save, accident_submit, can_file
from kzsafety.access import enterprises_visible_to
from kzsafety.directories.models import Cause, EventType
from kzsafety.field.sending import GENERAL, by_key, fields, form_errors, items, not_allowed, receive
from kzsafety.formtools import ONCE_FIELD

ACCIDENT_FIELDS = ("enterprise", "enterprise_bin", "union", *REPORT_FIELDS)
PREFIX = "victims"


def _victims_data(victims: list[dict]) -> dict[str, str]:
    """The victims as the online page's formset posts them."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(victims)),
        f"{PREFIX}-INITIAL_FORMS": "0",
        f"{PREFIX}-MIN_NUM_FORMS": "1",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, victim in enumerate(victims):
        for name, value in fields(victim, VICTIM_FIELDS).items():
            data[f"{PREFIX}-{index}-{name}"] = value
    return data


@never_cache
@login_required
@require_POST
def accident_send(request: HttpRequest) -> JsonResponse:
    user = request.user
    if not can_file(user):
        return not_allowed(_("You cannot file accident reports."))

    def check(payload: dict, key: str):
        accident = Accident()
        values = fields(payload, ACCIDENT_FIELDS)
        values["event_type"] = by_key(EventType, values["event_type"])
        values["cause"] = by_key(Cause, values["cause"])
        form = AccidentForm(
            {ONCE_FIELD: key, **values},
            instance=accident,
            enterprises=enterprises_visible_to(user),
        )
        errors = form_errors(form)
        victims = items(payload, PREFIX, errors)
        formset = VictimFormSet(_victims_data(victims), instance=accident, prefix=PREFIX)
        if not formset.is_valid():
            for index, victim_form in enumerate(formset.forms):
                errors.update(form_errors(victim_form, f"{PREFIX}.{index}."))
            if formset.non_form_errors():
                errors[f"{PREFIX}.{GENERAL}"] = list(formset.non_form_errors())
        submit = SubmitForm({"duplicate_reason": fields(payload, ["duplicate_reason"])})
        submit.is_valid()
        errors.update(form_errors(submit))

        def write() -> Accident:
            saved = accident_save(
                user=user,
                accident=form.instance,
                victims=[victim_form.instance for victim_form in formset.forms],
                union_present=form.union_present,
            )
            if payload.get("submit") is True:
                accident_submit(
                    user=user,
                    accident=saved,
                    duplicate_reason=submit.cleaned_data.get("duplicate_reason", ""),
                )
            return saved

        return errors, write

    return receive(request, kind=Accident, check=check)

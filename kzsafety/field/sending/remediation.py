"""A remediation step: the violation reported fixed, with an evidence photo and/or a
description of what was done (the same write function as the violation's page)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from inspections.access import violations_visible_to
from inspections.forms.public_control import ReportFixedForm
from inspections.models import Violation
from inspections.services import public_control_lifecycle as lifecycle
from inspections.services.public_control_rights import has_role
from kzsafety.accounts.models import Role
from kzsafety.field.sending import Errors, form_errors, not_allowed, receive, text
from kzsafety.querystrings import id_from


@never_cache
@login_required
@require_POST
def remediation_send(request: HttpRequest) -> JsonResponse:
    user = request.user
    if not has_role(user, Role.INSPECTOR, Role.COUNCIL_MEMBER):
        return not_allowed(
            _("Only the inspectors and council members of the enterprise report fixes.")
        )

    def check(payload: dict, key: str):
        errors: Errors = {}
        pk = id_from(text(payload.get("violation")))
        violation = violations_visible_to(user).filter(pk=pk).first() if pk else None
        if violation is None:
            errors["violation"] = [_("Choose a violation of your enterprises.")]
        photo = request.FILES.get("photo")
        form = ReportFixedForm(
            {"comment": text(payload.get("comment"))}, {"photo": photo} if photo else {}
        )
        errors.update(form_errors(form))

        def write() -> Violation:
            return lifecycle.violation_report_fixed(
                user=user,
                violation=violation,
                comment=form.cleaned_data["comment"],
                photo=form.cleaned_data.get("photo"),
            )

        return errors, write

    return receive(request, kind=Violation, check=check)

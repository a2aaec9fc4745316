"""Every form of the project, fed any text, number or date string in any field, answers
is_valid() True, or False with messages; never an exception. Filter forms also run their
query, and the main forms go on through their write function as the pages do. Runs on
PostgreSQL, where NUL bytes and numbers past an integer column are refused."""

import contextlib
import datetime
import importlib
import inspect
import uuid

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from councils.forms import meetings, registry, remediation, risk
from councils.models import Council, Decision, Meeting, RiskAssessment, RiskBands, RiskEntry
from councils.services import meetings as meeting_services
from councils.services import registry as registry_services
from councils.services import risk as risk_services
from inspections.forms import accidents, public_control
from inspections.models import Accident, Inspection, Violation
from inspections.services import public_control_recording as recording
from inspections.services.accidents import accident_save
from kzsafety.accounts.forms import (
    AdminLoginForm,
    LoginForm,
    NotificationFilterForm,
    NotificationSettingsForm,
)
from kzsafety.accounts.models import Notification
from kzsafety.api.forms import TokenForm
from kzsafety.api.tokens import token_create
from kzsafety.directories.forms import EnterpriseFilterForm
from kzsafety.directories.models import Enterprise
from kzsafety.formtools import ONCE_FIELD, attempt
from kzsafety.imports.forms import UploadForm
from kzsafety.statistics import forms as statistics
from kzsafety.statistics.figures import figures_save
from tests.councils.factories import council_records
from tests.factories import UserFactory, linked
from tests.kzsafety.hostile_input import posted

FORM_MODULES = [
    "kzsafety.accounts.forms",
    "kzsafety.directories.forms",
    "kzsafety.imports.forms",
    "kzsafety.statistics.forms",
    "inspections.forms.accidents",
    "inspections.forms.public_control",
    "councils.forms.meetings",
    "councils.forms.registry",
    "councils.forms.remediation",
    "councils.forms.risk",
    "councils.admin",
    "kzsafety.api.forms",
]

PROPERTIES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Places:
    """Records every form needs: the personas, a council with a meeting, a decision, an
    assessment with an entry, an inspection with a violation, an accident."""

    def __init__(self, world):
        self.world = linked(world)
        self.records = council_records(world)
        self.request = RequestFactory().post("/accounts/login/")
        self.inspection = Inspection.objects.filter(enterprise=world.a).first()
        self.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)

    def enterprises(self):
        return Enterprise.objects.all()


def _formset(data, files, places):
    return accidents.VictimFormSet(data, instance=Accident(enterprise=places.world.a))


# name -> how to build the form from posted data and files
BUILDERS = {
    "LoginForm": lambda d, f, p: LoginForm(p.request, data=d),
    "AdminLoginForm": lambda d, f, p: AdminLoginForm(p.request, data=d),
    "NotificationFilterForm": lambda d, f, p: NotificationFilterForm(
        d, kinds=[("fatal_accident", "Fatal accidents"), ("export_ready", "Downloads ready")]
    ),
    "NotificationSettingsForm": lambda d, f, p: NotificationSettingsForm(d, user=p.world.regional),
    "EnterpriseFilterForm": lambda d, f, p: EnterpriseFilterForm(d),
    "UploadForm": lambda d, f, p: UploadForm(d, f, kinds=[("enterprises", "Enterprises")]),
    "YearForm": lambda d, f, p: statistics.YearForm(d),
    "ReportForm": lambda d, f, p: statistics.ReportForm(d),
    "ExportRequestForm": lambda d, f, p: statistics.ExportRequestForm(d),
    "FiguresForm": lambda d, f, p: statistics.FiguresForm(d, year=2024),
    "AccidentForm": lambda d, f, p: accidents.AccidentForm(
        d, instance=Accident(), enterprises=p.enterprises()
    ),
    "VictimForm": lambda d, f, p: accidents.VictimForm(d),
    "SubmitForm": lambda d, f, p: accidents.SubmitForm(d),
    "ReviewForm": lambda d, f, p: accidents.ReviewForm(d),
    "AccidentFilterForm": lambda d, f, p: accidents.AccidentFilterForm(d),
    "InspectionForm": lambda d, f, p: public_control.InspectionForm(d, enterprises=p.enterprises()),
    "ViolationForm": lambda d, f, p: public_control.ViolationForm(d, f),
    "ProposalForm": lambda d, f, p: public_control.ProposalForm(d),
    "ProposalStatusForm": lambda d, f, p: public_control.ProposalStatusForm(d),
    "StoppageForm": lambda d, f, p: public_control.StoppageForm(d),
    "LiftForm": lambda d, f, p: public_control.LiftForm(d),
    "EvidenceForm": lambda d, f, p: public_control.EvidenceForm(d, f),
    "public_control.ReportFixedForm": lambda d, f, p: public_control.ReportFixedForm(d, f),
    "EliminateForm": lambda d, f, p: public_control.EliminateForm(d),
    "public_control.ReopenForm": lambda d, f, p: public_control.ReopenForm(d),
    "InspectionFilterForm": lambda d, f, p: public_control.InspectionFilterForm(d),
    "ViolationFilterForm": lambda d, f, p: public_control.ViolationFilterForm(d),
    "SummaryForm": lambda d, f, p: public_control.SummaryForm(d, years=[2024, 2025]),
    "CouncilForm": lambda d, f, p: registry.CouncilForm(
        d, instance=Council(), enterprises=p.enterprises()
    ),
    "CouncilFilterForm": lambda d, f, p: registry.CouncilFilterForm(d),
    "CouncilMemberForm": lambda d, f, p: registry.CouncilMemberForm(
        d,
        instance=registry.CouncilMember(council=p.records.council_a),
        council=p.records.council_a,
    ),
    "CouncilInspectorsForm": lambda d, f, p: registry.CouncilInspectorsForm(
        d, council=p.records.council_a
    ),
    "MeetingForm": lambda d, f, p: meetings.MeetingForm(
        d, instance=Meeting(council=p.records.council_a), council=p.records.council_a
    ),
    "DecisionForm": lambda d, f, p: meetings.DecisionForm(
        d, instance=Decision(meeting=p.records.meeting_a)
    ),
    "DecisionStatusForm": lambda d, f, p: meetings.DecisionStatusForm(d),
    "DecisionFilterForm": lambda d, f, p: meetings.DecisionFilterForm(d),
    "PlanForm": lambda d, f, p: remediation.PlanForm(d),
    "remediation.ReportFixedForm": lambda d, f, p: remediation.ReportFixedForm(d, f),
    "ConfirmForm": lambda d, f, p: remediation.ConfirmForm(d),
    "remediation.ReopenForm": lambda d, f, p: remediation.ReopenForm(d),
    "RiskAssessmentForm": lambda d, f, p: risk.RiskAssessmentForm(
        d, instance=RiskAssessment(council=p.records.council_a)
    ),
    "RiskEntryForm": lambda d, f, p: risk.RiskEntryForm(
        d, instance=RiskEntry(assessment=p.records.assessment_a)
    ),
    "RiskFilterForm": lambda d, f, p: risk.RiskFilterForm(d),
    "CouncilAdminForm": lambda d, f, p: importlib.import_module("councils.admin").CouncilAdminForm(
        d
    ),
    "VictimFormSet": _formset,
    "TokenForm": lambda d, f, p: TokenForm(d),
}
DUPLICATE_NAMES = {"ReportFixedForm", "ReopenForm"}  # one each in public control and councils


def project_forms() -> set[str]:
    """The concrete form classes defined in the project's form modules, by the names of
    BUILDERS (module-qualified where two modules share a name)."""
    found = set()
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if not (inspect.isclass(value) and value.__module__ == module.__name__):
                continue
            if issubclass(value, forms.BaseFormSet):
                found.add(name)
            if not issubclass(value, forms.BaseForm) or name.startswith("_"):
                continue
            if issubclass(value, forms.ModelForm) and value._meta.model is None:
                continue  # a base for model forms, not a form
            short = module_name.rsplit(".", 1)[-1]
            found.add(f"{short}.{name}" if name in DUPLICATE_NAMES else name)
    found.add("VictimFormSet")  # built by inlineformset_factory, so defined nowhere by name
    return found


def test_every_form_of_the_project_has_a_property_test():
    assert project_forms() == set(BUILDERS)


def fields_of(form) -> dict[str, forms.Field]:
    if isinstance(form, forms.BaseFormSet):
        prefix = form.prefix
        count = forms.TypedChoiceField(choices=[("0", "0"), ("1", "1"), ("2", "2")])
        fields = {f"{prefix}-{key}": count for key in ("TOTAL_FORMS", "INITIAL_FORMS")}
        for index in range(2):
            for name, field in form.empty_form.fields.items():
                fields[f"{prefix}-{index}-{name}"] = field
        return fields
    return form.fields


def check(form) -> bool:
    """is_valid() is a bool; False comes with at least one message."""
    valid = form.is_valid()
    assert valid in (True, False)
    if not valid:
        formset = isinstance(form, forms.BaseFormSet)
        assert form.total_error_count() if formset else form.errors, "invalid, no message"
    return valid


FILTERED = {
    "EnterpriseFilterForm": lambda p: Enterprise.objects.all(),
    "NotificationFilterForm": lambda p: Notification.objects.all(),
    "AccidentFilterForm": lambda p: Accident.objects.with_counts(),
    "InspectionFilterForm": lambda p: Inspection.objects.with_counts(),
    "ViolationFilterForm": lambda p: Violation.objects.with_overdue(),
    "RiskFilterForm": lambda p: RiskEntry.objects.with_levels(RiskBands.current()),
}


@pytest.fixture
def places(world):
    return Places(world)


@pytest.mark.parametrize("name", sorted(BUILDERS))
@PROPERTIES
@given(draw=st.data())
def test_any_input_gives_a_valid_form_or_messages_never_an_exception(places, name, draw):
    build = BUILDERS[name]
    data, files = posted(fields_of(build(MultiValueDict(), {}, places)), draw.draw)
    with transaction.atomic():
        form = build(data, files, places)
        check(form)
        if name in FILTERED:
            list(form.filter(FILTERED[name](places))[:5])
        transaction.set_rollback(True)


# The main forms go on to their write function, as their pages do (after is_valid()).
WRITES = {
    "InspectionForm": lambda form, p: recording.inspection_start(
        user=p.world.inspector_a,
        enterprise=form.cleaned_data["enterprise"],
        date=form.cleaned_data["date"],
        kind=form.cleaned_data["kind"],
        state_inspector_name=form.cleaned_data["state_inspector_name"],
        notes=form.cleaned_data["notes"],
    ),
    "ViolationForm": lambda form, p: recording.violation_add(
        user=p.world.inspector_a,
        inspection=recording.inspection_start(
            user=p.world.inspector_a, enterprise=p.world.a, date=datetime.date(2025, 5, 5)
        ),
        description=form.cleaned_data["description"],
        category=form.cleaned_data["category"],
        legal_reference=form.cleaned_data["legal_reference"],
        deadline=form.cleaned_data["deadline"],
        photo=None,
    ),
    "CouncilForm": lambda form, p: registry_services.council_save(
        user=p.world.federation, council=form.instance
    ),
    "MeetingForm": lambda form, p: meeting_services.meeting_save(
        user=p.world.council_a,
        meeting=form.instance,
        attendees=form.cleaned_data["attendees"],
    ),
    "DecisionForm": lambda form, p: meeting_services.decision_save(
        user=p.world.council_a, decision=form.instance
    ),
    "RiskEntryForm": lambda form, p: risk_services.risk_entry_save(
        user=p.world.council_a, entry=form.instance
    ),
    "FiguresForm": lambda form, p: figures_save(
        user=p.world.federation, year=2024, values=form.values()
    ),
    "NotificationSettingsForm": lambda form, p: form.save(),
    "TokenForm": lambda form, p: token_create(
        user=p.world.regional,
        name=form.cleaned_data["name"],
        expires_on=form.cleaned_data["expires_on"],
    ),
    "AccidentForm": lambda form, p: accident_save(
        user=p.world.inspector_a,
        accident=form.instance,
        victims=[],
        removed=[],
        union_present=form.union_present,
    ),
}


@pytest.mark.parametrize("name", sorted(WRITES))
@PROPERTIES
@given(draw=st.data())
def test_any_valid_input_is_saved_or_refused_with_a_message(places, name, draw):
    build = BUILDERS[name]
    data, files = posted(fields_of(build(MultiValueDict(), {}, places)), draw.draw, 12)
    with transaction.atomic():
        form = build(data, files, places)
        valid = check(form)
        event(f"valid: {valid}")
        if valid:
            with contextlib.suppress(PermissionDenied):  # the persona may not: fine
                attempt(form, lambda: WRITES[name](form, places))
        transaction.set_rollback(True)


def test_the_write_path_reaches_the_database_for_a_plain_valid_decision(places):
    """The write test above is not vacuous: ordinary input gets through and is saved."""
    form = BUILDERS["DecisionForm"](
        MultiValueDict(
            {
                "text": ["Fix the ladder"],
                "responsible": ["Chief"],
                "deadline": ["2030-01-01"],
                ONCE_FIELD: [uuid.uuid4().hex],
            }
        ),
        {},
        places,
    )
    assert check(form)
    saved = attempt(form, lambda: WRITES["DecisionForm"](form, places))
    assert saved and Decision.objects.filter(text="Fix the ladder").exists()


def test_a_model_form_refuses_a_number_past_the_integer_column_with_a_message(places):
    form = BUILDERS["VictimForm"](
        MultiValueDict({"full_name": ["A"], "age": [str(2**31)], "outcome": ["light"]}), {}, places
    )
    assert check(form) is False
    assert "age" in form.errors


def admin_forms() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry)


@pytest.mark.parametrize("label", admin_forms())
@settings(PROPERTIES, max_examples=20)
@given(draw=st.data())
def test_any_input_in_an_admin_add_form_gives_messages_never_an_exception(places, label, draw):
    model_admin = admin.site._registry[apps.get_model(label)]
    request = RequestFactory().get("/admin/")
    request.user = places.superuser
    form_class = model_admin.get_form(request, obj=None)
    data, files = posted(form_class.base_fields, draw.draw)
    with transaction.atomic():
        check(form_class(data, files))
        transaction.set_rollback(True)

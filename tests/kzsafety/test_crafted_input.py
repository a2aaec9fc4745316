"""Crafted input answers 400 or the form with a message, never a 500, and changes nothing:
NUL bytes in searches, ids that are not plain digits, numbers past a PostgreSQL integer,
tampered admin and formset posts."""

import pytest
from django.contrib import admin
from django.urls import reverse

from inspections.models import Inspection, Violation
from kzsafety.directories.models import TrainingRecord, ViolationCategory
from kzsafety.statistics.models import Figure
from tests.councils.factories import council_records
from tests.factories import (
    InspectionFactory,
    TrainingRecordFactory,
    UserFactory,
    ViolationFactory,
)

NUL = "\x00"
SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes, int() says no

LIST_PAGES = [
    "inspections:accident_list",
    "inspections:accident_export",
    "inspections:inspection_list",
    "inspections:inspection_export",
    "inspections:violation_list",
    "inspections:violation_export",
    "inspections:public_control_summary",
    "councils:council_list",
    "councils:decision_list",
    "councils:long_overdue",
    "directories:enterprise_list",
    "imports:list",
    "statistics:annual",
    "statistics:figures",
]
QUERY_PARAMETERS = ["q", "page", "sort", "year", "status", "region", "sector", "kind", "export"]


def refused_or_shown(response) -> bool:
    """400, or the page itself (a form shows its message; a list ignores a bad filter)."""
    return response.status_code in (200, 400)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_a_nul_byte_in_any_list_parameter_answers_400(client, world):
    council_records(world)
    client.force_login(world.federation)
    for page in LIST_PAGES:
        for parameter in QUERY_PARAMETERS:
            response = client.get(reverse(page), {parameter: f"mine{NUL}"})
            assert response.status_code == 400, (page, parameter)
        assert client.get(reverse(page), {f"q{NUL}": "x"}).status_code == 400, page


def test_a_nul_byte_in_the_overdue_search_answers_400(client, world):
    client.force_login(world.federation)
    response = client.get(reverse("councils:long_overdue"), {"q": NUL})
    assert response.status_code == 400


def searchable_admins():
    return [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model, model_admin in admin.site._registry.items()
        if model_admin.search_fields
    ]


@pytest.mark.parametrize("changelist", searchable_admins())
def test_a_nul_byte_in_an_admin_search_never_answers_500(client, superuser, changelist):
    client.force_login(superuser)
    response = client.get(reverse(changelist), {"q": NUL})
    assert refused_or_shown(response)


@pytest.mark.parametrize("enterprise", [SUPERSCRIPT_TWO, "٣", NUL, "99999999999999999999", "-1"])
@pytest.mark.parametrize("page", ["councils:council_create", "inspections:inspection_create"])
def test_an_enterprise_id_that_is_not_a_plain_number_is_ignored(client, world, page, enterprise):
    from tests.factories import linked

    linked(world)
    client.force_login(world.federation if page.startswith("councils") else world.inspector_a)
    response = client.get(reverse(page), {"enterprise": enterprise})
    assert refused_or_shown(response)


def test_an_export_id_that_is_not_a_number_shows_the_statistics_page(client, world):
    client.force_login(world.federation)
    response = client.get(reverse("statistics:annual"), {"export": "abc"})
    assert refused_or_shown(response)


@pytest.mark.parametrize("value", [2**31, 10**30])
def test_a_figure_past_the_database_integer_is_refused_with_a_message(client, world, value):
    client.force_login(world.federation)
    response = client.post(
        reverse("statistics:figures"),
        {"year": 2024, "ministry__accidents__all": value},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Figure.objects.exists()


def test_an_admin_action_on_an_empty_selection_changes_nothing(client, world, superuser):
    inspection = InspectionFactory(enterprise=world.a)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:inspections_inspection_changelist"),
        {"action": "delete_selected", "_selected_action": "", "index": "0"},
    )
    assert response.status_code in (200, 302, 400)
    assert Inspection.objects.filter(pk=inspection.pk).exists()


@pytest.mark.parametrize("selected", [NUL, "abc", SUPERSCRIPT_TWO, "99999999999999999999"])
def test_an_admin_action_on_a_crafted_selection_changes_nothing(client, world, superuser, selected):
    inspection = InspectionFactory(enterprise=world.a)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:inspections_inspection_changelist"),
        {"action": "delete_selected", "_selected_action": selected, "index": "0"},
    )
    assert response.status_code in (200, 302, 400)
    assert Inspection.objects.filter(pk=inspection.pk).exists()


AUTOCOMPLETE = {"app_label": "inspections", "model_name": "inspection", "field_name": "enterprise"}


@pytest.mark.parametrize(
    "params",
    [
        {**AUTOCOMPLETE, "term": ""},
        {**AUTOCOMPLETE, "term": NUL},
        {**AUTOCOMPLETE, "term": "a", "page": NUL},
        {"app_label": "", "model_name": "", "field_name": "", "term": ""},
        {"term": ""},
    ],
)
def test_admin_autocomplete_with_a_blank_or_crafted_value_never_answers_500(
    client, world, superuser, params
):
    client.force_login(superuser)
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code in (200, 400, 403, 404)


def inline_management(prefix: str, total, initial) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def inspection_change_data(inspection, violations: dict) -> dict:
    return {
        "enterprise": inspection.enterprise_id,
        "inspector": inspection.inspector_id,
        "date": inspection.date.isoformat(),
        "kind": inspection.kind,
        "state_inspector_name": inspection.state_inspector_name,
        "reference": inspection.reference,
        **violations,
        **inline_management("proposals", 0, 0),
        **inline_management("stoppages", 0, 0),
    }


@pytest.mark.parametrize("total", ["100000000", "99999999999999999999999", "-5", NUL])
def test_an_admin_violation_formset_with_a_huge_form_count_changes_nothing(
    client, world, superuser, total
):
    inspection = InspectionFactory(enterprise=world.a)
    violation = ViolationFactory(inspection=inspection, description="Kept as it was")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:inspections_inspection_change", args=[inspection.pk]),
        inspection_change_data(inspection, inline_management("violations", total, 0)),
    )
    assert response.status_code in (200, 302, 400)  # a negative count is read as none
    assert list(Violation.objects.values_list("description", flat=True)) == [violation.description]


def test_a_training_formset_posted_as_new_rows_shows_the_form_with_a_message(
    client, world, superuser
):
    training = TrainingRecordFactory(inspector=world.a.inspectors.get())
    inspector = training.inspector
    client.force_login(superuser)
    data = {
        "number": inspector.number,
        "full_name": inspector.full_name,
        "region": inspector.region_id,
        "enterprise": inspector.enterprise_id,
        "appointed_on": inspector.appointed_on.isoformat(),
        "trainings-TOTAL_FORMS": "1",
        "trainings-INITIAL_FORMS": "0",
        "trainings-MIN_NUM_FORMS": "0",
        "trainings-MAX_NUM_FORMS": "1000",
        "trainings-0-id": str(training.pk),
        "trainings-0-inspector": str(inspector.pk),
        "trainings-0-completed_on": training.completed_on.isoformat(),
        "trainings-0-course": training.course,
        "trainings-0-hours": "40",
    }
    response = client.post(
        reverse("admin:directories_technicalinspector_change", args=[inspector.pk]), data
    )
    assert response.status_code in (200, 400)
    assert TrainingRecord.objects.count() == 1
    if response.status_code == 200:
        assert response.context["errors"]


def test_two_identical_new_trainings_in_one_post_show_the_form_with_a_message(
    client, world, superuser
):
    inspector = world.a.inspectors.get()
    client.force_login(superuser)
    row = {"completed_on": "2025-03-01", "course": "Labour protection", "hours": "40"}
    data = {
        "number": inspector.number,
        "full_name": inspector.full_name,
        "region": inspector.region_id,
        "enterprise": inspector.enterprise_id,
        "appointed_on": inspector.appointed_on.isoformat(),
        **inline_management("trainings", 2, 0),
        **{f"trainings-{i}-{key}": value for i in (0, 1) for key, value in row.items()},
    }
    response = client.post(
        reverse("admin:directories_technicalinspector_change", args=[inspector.pk]), data
    )
    assert response.status_code in (200, 400)
    assert not TrainingRecord.objects.exists()


def test_a_nul_byte_in_the_reason_to_submit_a_report_is_a_message_and_submits_nothing(
    client, world
):
    from inspections.models import Accident, AccidentStatus
    from tests.inspections.accident_factories import AccidentFactory, VictimFactory

    accident = AccidentFactory(enterprise=world.a, status=AccidentStatus.DRAFT)
    VictimFactory(accident=accident)
    client.force_login(world.inspector_a)
    response = client.post(
        reverse("inspections:accident_submit", args=[accident.pk]),
        {"duplicate_reason": f"another{NUL}one"},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    assert Accident.objects.get(pk=accident.pk).status == AccidentStatus.DRAFT


@pytest.mark.parametrize("next_url", [f"/{NUL}", f"/accidents/?q={NUL}", "http://evil/"])
def test_a_crafted_return_address_after_choosing_a_language_never_answers_500(
    client, world, next_url
):
    client.force_login(world.inspector_a)
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": next_url})
    assert response.status_code in (302, 400)
    assert "evil" not in response.get("Location", "")


def test_an_admin_violation_row_repeating_a_saved_number_shows_the_form_with_a_message(
    client, world, superuser
):
    inspection = InspectionFactory(enterprise=world.a)
    violation = ViolationFactory(inspection=inspection, description="Kept as it was")
    client.force_login(superuser)
    row = {
        "violations-0-position": str(violation.position),
        "violations-0-description": "A second violation under the same number",
        "violations-0-category": str(ViolationCategory.objects.filter(active=True).first().pk),
        "violations-0-deadline": violation.deadline.isoformat(),
    }
    response = client.post(
        reverse("admin:inspections_inspection_change", args=[inspection.pk]),
        inspection_change_data(inspection, {**inline_management("violations", 1, 0), **row}),
    )
    assert response.status_code == 200
    errors = [form.errors for form in response.context["inline_admin_formsets"][0].formset]
    assert errors[0]["__all__"]  # the number is taken: a message on the row
    assert list(Violation.objects.values_list("description", flat=True)) == [violation.description]


@pytest.mark.parametrize(
    "page",
    [
        "inspections:accident_detail",
        "inspections:inspection_detail",
        "inspections:violation_detail",
        "councils:council_detail",
        "statistics:export_status",
        "directories:enterprise_detail",
    ],
)
def test_an_id_past_the_database_range_in_an_address_answers_404(client, world, page):
    client.force_login(world.federation)
    response = client.get(reverse(page, args=[10**30]))
    assert response.status_code == 404


def test_an_admin_inline_builds_no_more_rows_than_its_limit_whatever_the_post_claims(
    client, world, superuser
):
    from kzsafety.admin_input import MAX_INLINE_FORMS

    inspection = InspectionFactory(enterprise=world.a)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:inspections_inspection_change", args=[inspection.pk]),
        inspection_change_data(inspection, inline_management("violations", "100000000", 0)),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="violations-{MAX_INLINE_FORMS - 1}-description"' in page
    assert f'name="violations-{MAX_INLINE_FORMS}-description"' not in page

"""After a failed submit every form page shows, at the top, a summary of the problems with a
link to each invalid field (by the field's id): fields of the form, rows of a formset such
as the victims of an accident, and errors of the whole form. One central include
(kzsafety/error_summary.py), so these pages are samples of all of them."""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from kzsafety.error_summary import problems_of
from tests.councils.factories import council_records
from tests.factories import linked, record_inspection
from tests.forms import post_form
from tests.inspections.test_accident_filing_page import payload
from tests.pages import tags

pytestmark = pytest.mark.usefixtures("english")


def summary_of(response) -> tuple[str, list[str]]:
    """The summary's markup and the ids its links lead to; fails when there is none, or
    when a link leads to an id the page does not have."""
    assert response.status_code in (200, 400), response.status_code
    body = response.content.decode()
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', body, re.S)
    assert match, "no error summary on the page"
    box = match.group(0)
    targets = [link["href"].removeprefix("#") for link in tags(box, "a", data_error_link="")]
    for target in targets:
        assert (
            tags(body, "input", id=target)
            + tags(body, "select", id=target)
            + tags(body, "textarea", id=target)
        ), f"the summary links to #{target}, which is no field of the page"
    main = body.split('<main id="main"', 1)[1]
    assert main.index('data-testid="error-summary"') < main.index("<h1"), "not at the top"
    return box, targets


def test_accident_form_summary_links_to_its_fields_and_to_the_victims_rows(client, world):
    client.force_login(world.inspector_a)
    data = payload(
        world.a,
        [{"full_name": "Aibek"}, {"iin": "123", "outcome": "", "age": "7"}],
        date=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    )
    box, targets = summary_of(post_form(client, reverse("inspections:accident_create"), data))
    assert "There is a problem" in box
    assert "id_date" in targets
    assert {"id_victims-1-iin", "id_victims-1-outcome", "id_victims-1-age"} <= set(targets)
    assert not any(target.startswith("id_victims-0-") for target in targets)
    assert "Victim 2: IIN:" in box


def test_accident_form_summary_shows_the_victims_formset_error(client, world):
    client.force_login(world.inspector_a)
    data = payload(world.a, [])
    box, _targets = summary_of(post_form(client, reverse("inspections:accident_create"), data))
    assert "at least 1" in box


def test_inspection_form_summary_links_to_the_date(client, world):
    pc = linked(world)
    client.force_login(pc.inspector_a)
    data = {"enterprise": pc.a.pk, "date": "", "kind": "joint", "state_inspector_name": ""}
    box, targets = summary_of(post_form(client, reverse("inspections:inspection_create"), data))
    assert targets[0] == "id_date"
    assert "Date of the inspection: This field is required." in box


def test_violation_form_summary_links_to_the_description(client, world):
    pc = linked(world)
    draft = record_inspection(pc.inspector_a, pc.a, violations=0, finalize=False)
    client.force_login(pc.inspector_a)
    url = reverse("inspections:violation_add", args=[draft.pk])
    data = {"description": "   ", "deadline": (draft.date - datetime.timedelta(days=1)).isoformat()}
    _box, targets = summary_of(post_form(client, url, data))
    assert "id_description" in targets


def test_stoppage_form_summary_links_to_the_reason(client, world):
    pc = linked(world)
    finalized = record_inspection(pc.inspector_a, pc.a)
    client.force_login(pc.inspector_a)
    url = reverse("inspections:stoppage_add", args=[finalized.pk])
    _box, targets = summary_of(post_form(client, url, {"reason": "", "started_on": "x"}))
    assert targets == ["id_reason", "id_started_on"]


def test_council_decision_form_summary_links_to_each_missing_field(client, world):
    records = council_records(world)
    client.force_login(world.council_a)
    url = reverse("councils:decision_add", args=[records.meeting_a.pk])
    _box, targets = summary_of(post_form(client, url, {"text": "", "responsible": ""}))
    assert {"id_text", "id_responsible", "id_deadline"} <= set(targets)


def test_login_summary_links_the_form_error_to_the_first_field(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "insp_a", "password": "wrong-password"}
    )
    box, targets = summary_of(response)
    assert targets == ["id_username"]
    assert "correct" in box.lower()


def test_no_summary_before_a_submit_or_on_a_list_with_a_bad_filter(client, world):
    client.force_login(world.inspector_a)
    for url in (
        reverse("inspections:accident_create"),
        reverse("inspections:accident_list") + "?date_from=not-a-date",
    ):
        assert 'data-testid="error-summary"' not in client.get(url).content.decode(), url


def test_the_summary_heading_is_in_the_pages_language(client, world):
    client.cookies["django_language"] = "ru"
    client.force_login(world.inspector_a)
    with override("ru"):
        response = post_form(client, reverse("inspections:accident_create"), {"date": ""})
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
    assert 'data-testid="error-summary"' in response.content.decode()


class _Choices(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    secret = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField()


def test_radio_groups_link_to_their_first_input_and_hidden_fields_to_the_first_field():
    form = _Choices({"kind": "zzz", "secret": "", "note": ""})
    form.add_error(None, "The whole form is wrong")
    problems = {(problem.target, problem.message.split(":")[0]) for problem in problems_of([form])}
    assert ("id_kind_0", "Kind") in problems
    assert ("id_note", "Note") in problems
    assert ("id_kind_0", "The whole form is wrong") in problems
    hidden = [p for p in problems_of([form]) if "Secret" in p.message or p.target == ""]
    assert hidden == []  # the hidden field's error links to the first visible field
    assert len(problems_of([form, form])) == len(problems_of([form]))  # each form once
    assert problems_of([_Choices()]) == []  # an unbound form has no problems

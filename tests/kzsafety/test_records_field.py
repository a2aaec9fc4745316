"""A list of record ids in a form (kzsafety.formtools.RecordsField) refuses an id no
record can have with the field's message, on SQLite as on PostgreSQL: found by the
property test of every form (a council's inspectors, '9223372036854775808' on SQLite
raised OverflowError, a 500)."""

import pytest

from councils.forms.registry import CouncilInspectorsForm
from tests.councils.factories import CouncilFactory
from tests.factories import linked


@pytest.mark.parametrize("sent", ["9223372036854775808", "-1", "1e3", "99999999999999999999999"])
def test_an_id_no_record_can_have_is_not_among_the_choices(world, sent):
    council = CouncilFactory(enterprise=linked(world).a)
    form = CouncilInspectorsForm({"inspectors": [sent]}, council=council)
    assert not form.is_valid()
    unknown = CouncilInspectorsForm({"inspectors": ["999999"]}, council=council)
    assert not unknown.is_valid()  # an id that could exist but is not among the choices
    (error,) = form.errors.as_data()["inspectors"]
    assert error.code == unknown.errors.as_data()["inspectors"][0].code == "invalid_choice"
    assert form.errors["inspectors"] == [unknown.errors["inspectors"][0].replace("999999", sent)]


def test_the_inspectors_of_the_enterprise_are_still_chosen(world):
    from kzsafety.directories.models import TechnicalInspector

    pc = linked(world)
    council = CouncilFactory(enterprise=pc.a)
    inspector = TechnicalInspector.objects.filter(enterprise=pc.a).first()
    form = CouncilInspectorsForm({"inspectors": [str(inspector.pk)]}, council=council)
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["inspectors"]) == [inspector]

"""The records an import builds for new rows (`new_record`, straight from the field
defaults) are the records the model's own constructor builds."""

import pytest

from councils.models import Council
from inspections.models import Accident, Inspection, Victim, Violation
from kzsafety.directories.models import Enterprise, TechnicalInspector
from kzsafety.imports.bulk import new_record

MODELS = [Enterprise, TechnicalInspector, Inspection, Violation, Accident, Victim, Council]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_new_record_holds_what_the_models_constructor_gives(model):
    fast, built = new_record(model), model()
    assert (fast._state.adding, fast._state.db) == (True, None)
    for field in model._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(built, field.attname), field.name


def test_setting_a_new_records_reference_by_object_still_works():
    inspection = new_record(Inspection)
    enterprise = Enterprise(pk=7, bin="000000000000")
    inspection.enterprise = enterprise
    assert inspection.enterprise_id == 7
    assert inspection.enterprise is enterprise

"""The fast field checks of kzsafety.constraints pass a value only where Django's own
`clean_fields` passes it unchanged, and `InMemoryChecks.clean_fields` gives Django's errors
and cleaned values for every field kind of the models that use it."""

import datetime
import decimal
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from councils.models import Council
from inspections.models import Accident, AccidentStatus, Victim
from inspections.models.accidents import InvestigationKind, Outcome, Sex
from kzsafety.constraints import fast_check
from kzsafety.directories.validators import check_digit

MODELS = [Accident, Victim, Council]
# Django warns of a date given to a DateTimeField (naive), one of the values tried.
pytestmark = pytest.mark.filterwarnings("ignore:DateTimeField:RuntimeWarning")


def valid_iin() -> str:
    first = "85010112345"
    return first + str(check_digit(first))


VALUES = [
    None,
    "",
    " ",
    "a",
    "x" * 12,
    "x" * 16,
    "x" * 64,
    "x" * 255,
    "x" * 256,
    "a\x00b",
    "draft",
    "verified",
    "nonsense",
    "m",
    "f",
    "fatal",
    "light",
    "special",
    "2025-01-01",
    "12",
    valid_iin(),
    valid_iin()[:11] + "0",
    "1234567890ab",
    -1,
    0,
    1,
    13,
    14,
    100,
    101,
    32767,
    32768,
    2**31,
    True,
    False,
    1.5,
    decimal.Decimal("3"),
    datetime.date(2025, 1, 1),
    datetime.datetime(2025, 1, 1, 10, 30, tzinfo=datetime.UTC),
    datetime.time(10, 30),
    [],
    AccidentStatus.DRAFT,
    Outcome.FATAL,
    Sex.MALE,
    InvestigationKind.SPECIAL,
]


def plain_fields(model):
    """The fields Django's clean_fields visits, but relations (their check asks the
    database whether the record exists, which the fast checks never answer)."""
    return [f for f in model._meta.fields if not f.is_relation and not f.generated]


def django_clean(field, value):
    """What Django's clean_fields does with this value: (passes, cleaned value)."""
    if field.blank and value in field.empty_values:
        return True, value
    try:
        return True, field.clean(value, None)
    except (ValidationError, TypeError):  # Django's date parser takes only str or dates
        return False, None


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_fast_check_passes_only_what_django_passes_unchanged(model):
    passed = refused = 0
    for field, value in itertools.product(plain_fields(model), VALUES):
        check = fast_check(field)
        if check is None:
            continue
        passes, cleaned = django_clean(field, value)
        if check(value):
            passed += 1
            assert passes, (field.name, value)
            assert cleaned == value and type(cleaned) is type(value), (field.name, value)
        elif not passes:
            refused += 1
        # Otherwise "ask Django", never wrong: it then cleans the value itself.
    assert passed > 10 and refused > 10


def test_every_plain_field_of_accidents_and_victims_but_the_key_has_a_fast_check():
    for model in (Accident, Victim):
        fields = [f for f in plain_fields(model) if not f.primary_key]
        assert [f.name for f in fields if fast_check(f) is None] == []


def errors_and_values(instance, clean_fields, exclude):
    try:
        clean_fields(instance, exclude=exclude)
        errors = {}
    except ValidationError as error:
        errors = error.message_dict
    except TypeError as error:
        errors = {"TypeError": str(error)}
    values = {f.attname: getattr(instance, f.attname) for f in plain_fields(type(instance))}
    return errors, {k: (v, type(v)) for k, v in values.items()}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_clean_fields_gives_djangos_errors_and_values_for_every_value(model):
    relations = [f.name for f in model._meta.fields if f.is_relation]
    for field, value in itertools.product(plain_fields(model), VALUES):
        ours, django = model(), model()
        for instance in (ours, django):
            setattr(instance, field.attname, value)
        expected = errors_and_values(django, models.Model.clean_fields, relations)
        assert errors_and_values(ours, model.clean_fields, relations) == expected, (
            field.name,
            value,
        )


def test_a_field_of_a_kind_without_a_fast_check_is_left_to_django():
    field = models.DecimalField(max_digits=4, decimal_places=1)
    field.set_attributes_from_name("amount")
    assert fast_check(field) is None
    relation = Victim._meta.get_field("accident")
    assert fast_check(relation) is None

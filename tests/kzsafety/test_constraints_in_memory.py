"""Check constraints answered in Python (kzsafety.constraints) give the database's answer,
and validating an accident with its victims asks the database nothing."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from inspections.models import Accident, Victim
from inspections.services.accidents import accident_check
from kzsafety.constraints import check_constraint_passes, compile_condition


def asked(queries) -> list[str]:
    """The queries, without the savepoint Django puts around a constraint's query."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


FAULTS = [None, 0, 40, 60, 100, 101]


def database_says(constraint, instance) -> bool:
    against = instance._get_field_expression_map(meta=type(instance)._meta)
    return Q(constraint.condition).check(against)


@pytest.mark.django_db
def test_accident_fault_constraints_agree_with_the_database_for_every_combination():
    checks = [
        c
        for c in Accident._meta.constraints
        if hasattr(c, "condition") and not getattr(c, "fields", ())
    ]
    assert len(checks) == 3
    for employer, employee in itertools.product(FAULTS, FAULTS):
        accident = Accident(employer_fault_pct=employer, employee_fault_pct=employee)
        for constraint in checks:
            in_memory = check_constraint_passes(constraint, accident, set())
            assert in_memory == database_says(constraint, accident), (employer, employee)


@pytest.mark.django_db
def test_victim_constraints_agree_with_the_database():
    checks = list(Victim._meta.constraints)
    for age, outcome, died in itertools.product(
        [None, 13, 14, 100, 101], ["light", "fatal"], [None, datetime.date(2025, 1, 1)]
    ):
        victim = Victim(age=age, outcome=outcome, died_on=died)
        for constraint in checks:
            in_memory = check_constraint_passes(constraint, victim, set())
            assert in_memory == database_says(constraint, victim), (age, outcome, died)


def _compiled(condition: Q, **values):
    record = SimpleNamespace(**values)
    return compile_condition(condition, {name: name for name in values})(record)


def test_unknown_is_not_a_violation_and_negation_keeps_it_unknown():
    assert _compiled(Q(a__lte=F("b") - 1), a=None, b=3) is None
    assert _compiled(~Q(a__lte=1), a=None) is None
    assert _compiled(Q(a__lte=1) | Q(a__isnull=True), a=None) is True
    assert _compiled(Q(a__gt=1, b="x"), a=2, b="y") is False
    assert _compiled(Q(a__in=[1, None, 3]), a=None) is None
    assert _compiled(Q(a=None) | ~Q(b=2), a=1, b=2) is False


@pytest.mark.django_db
def test_checking_an_accident_and_its_victims_asks_the_database_only_for_the_reference(world):
    accident = Accident(
        reference="R-1",
        enterprise=world.a,
        date=datetime.date(2025, 1, 2),
        employer_fault_pct=60,
        employee_fault_pct=50,
    )
    victims = [Victim(full_name="A", outcome="light", age=30) for _ in range(5)]
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as error:
        accident_check(accident=accident, victims=victims)
    assert list(error.value.message_dict) == ["employee_fault_pct"]
    assert len(asked(queries)) == 1  # the reference's uniqueness
    accident._unique_checked = {"accident_reference_unique"}
    accident.employee_fault_pct = 40
    with CaptureQueriesContext(connection) as queries:
        accident_check(accident=accident, victims=victims)
    assert asked(queries) == []

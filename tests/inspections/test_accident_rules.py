"""Every rule of an accident report, with the message the user reads. The same write
function serves the filing page and (later) imports."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from inspections.models import Accident, AccidentStatus, Outcome, Victim
from inspections.services.accidents import accident_save
from tests.inspections.accident_factories import AccidentFactory

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def save(world, victims=None, **fields):
    accident = Accident(enterprise=world.a, date=fields.pop("date", TODAY), **fields)
    victims = victims or [Victim(full_name="Asel", outcome=Outcome.LIGHT)]
    return accident_save(user=world.inspector_a, accident=accident, victims=victims)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.value.messages)


def test_valid_report_is_saved_as_a_draft_with_union_copied_from_the_enterprise(world):
    world.a.union_member = False
    world.a.save()
    accident = save(world)
    assert accident.status == AccidentStatus.DRAFT
    assert accident.union_present is False
    assert accident.created_by == world.inspector_a
    assert accident.status_changes.get().to_status == AccidentStatus.DRAFT


def test_union_presence_can_be_corrected_against_the_enterprise_record(world):
    accident = Accident(enterprise=world.a, date=TODAY)
    accident_save(
        user=world.inspector_a,
        accident=accident,
        victims=[Victim(outcome=Outcome.LIGHT)],
        union_present=False,
    )
    assert world.a.union_member is True
    assert Accident.objects.get(pk=accident.pk).union_present is False


def test_future_accident_date_is_refused(world):
    with pytest.raises(ValidationError) as error:
        save(world, date=TODAY + datetime.timedelta(days=1))
    assert "cannot be in the future" in messages_of(error)
    assert not Accident.objects.exists()


def test_act_dated_before_the_accident_is_refused(world):
    with pytest.raises(ValidationError) as error:
        save(world, date=TODAY, act_date=TODAY - datetime.timedelta(days=3))
    assert "act cannot be dated before the accident" in messages_of(error)


def test_faults_adding_up_to_more_than_100_are_refused(world):
    with pytest.raises(ValidationError) as error:
        save(world, employer_fault_pct=70, employee_fault_pct=40)
    assert "cannot exceed 100 % (now 110 %)" in messages_of(error)


def test_faults_of_exactly_100_are_accepted(world):
    assert save(world, employer_fault_pct=70, employee_fault_pct=30).pk


def test_database_refuses_faults_over_100_even_past_the_write_function(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccidentFactory(enterprise=world.a, employer_fault_pct=80, employee_fault_pct=30)


def test_the_database_rules_have_readable_messages_where_a_form_checks_them(world):
    """The admin's form checks the constraints too; it shows these messages."""
    AccidentFactory(enterprise=world.a, reference="KRG-7")
    accident = Accident(
        enterprise=world.a, date=TODAY, reference="KRG-7", employer_fault_pct=80,
        employee_fault_pct=30,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        accident.validate_constraints()
    assert set(error.value.messages) == {
        "The employer's and the employee's fault together cannot be more than 100 %.",
        "Another accident report already has this reference.",
    }


def test_victim_iin_with_a_wrong_check_digit_is_refused(world):
    with pytest.raises(ValidationError) as error:
        save(world, victims=[Victim(iin="081140000437", outcome=Outcome.LIGHT)])
    assert "Victim 1, IIN" in messages_of(error)
    assert "wrong check digit" in messages_of(error)


@pytest.mark.parametrize("age", [13, 101])
def test_victim_age_outside_14_to_100_is_refused(world, age):
    with pytest.raises(ValidationError) as error:
        save(world, victims=[Victim(age=age, outcome=Outcome.LIGHT)])
    assert "age must be between 14 and 100" in messages_of(error)


@pytest.mark.parametrize("age", [14, 100])
def test_victim_age_at_the_limits_is_accepted(world, age):
    assert save(world, victims=[Victim(age=age, outcome=Outcome.LIGHT)]).pk


def test_date_of_death_for_a_non_fatal_outcome_is_refused(world):
    with pytest.raises(ValidationError) as error:
        save(world, victims=[Victim(outcome=Outcome.SEVERE, died_on=TODAY)])
    assert "only for a fatal outcome" in messages_of(error)


def test_date_of_death_before_the_accident_is_refused(world):
    with pytest.raises(ValidationError) as error:
        save(
            world,
            date=TODAY,
            victims=[Victim(outcome=Outcome.FATAL, died_on=TODAY - datetime.timedelta(days=1))],
        )
    assert "cannot be before the accident" in messages_of(error)


def test_database_refuses_a_date_of_death_on_a_non_fatal_victim(world):
    accident = AccidentFactory(enterprise=world.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Victim.objects.create(accident=accident, outcome=Outcome.LIGHT, died_on=TODAY)


def test_group_and_fatal_are_derived_from_the_victims(world):
    accident = save(
        world,
        victims=[
            Victim(full_name="One", outcome=Outcome.FATAL, died_on=TODAY),
            Victim(full_name="Two", outcome=Outcome.LIGHT),
        ],
    )
    assert accident.is_group and accident.is_fatal
    annotated = Accident.objects.with_counts().get(pk=accident.pk)
    assert (annotated.victim_total, annotated.fatality_total) == (2, 1)
    single = save(world, victims=[Victim(outcome=Outcome.SEVERE)])
    assert not single.is_group and not single.is_fatal


def test_inspector_cannot_file_for_another_enterprise(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        accident_save(
            user=world.inspector_a,
            accident=Accident(enterprise=world.b, date=TODAY),
            victims=[Victim(outcome=Outcome.LIGHT)],
        )
    assert not Accident.objects.exists()

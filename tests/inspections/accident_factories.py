import datetime

import factory

from inspections.models import Accident, AccidentStatus, Outcome, Victim
from tests.factories import EnterpriseFactory


class AccidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accident

    enterprise = factory.SubFactory(EnterpriseFactory)
    date = datetime.date(2025, 6, 10)
    union_present = True
    status = AccidentStatus.SUBMITTED
    employer_fault_pct = 60
    employee_fault_pct = 40


class VictimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Victim

    accident = factory.SubFactory(AccidentFactory)
    full_name = factory.Sequence(lambda n: f"Victim {n}")
    outcome = Outcome.LIGHT
    age = 35

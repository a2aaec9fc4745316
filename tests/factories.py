"""Factories for records. Reference data (regions, sectors, classifiers) comes from the
migrations, so factories look it up by key instead of inventing it."""

import datetime

import factory

from kzsafety.accounts.models import User
from kzsafety.directories.models import (
    Enterprise,
    Region,
    Sector,
    TechnicalInspector,
    TrainingRecord,
)
from kzsafety.directories.validators import check_digit


def valid_bin(n: int) -> str:
    """The n-th valid BIN of a deterministic sequence."""
    while True:
        first = f"{990400000000 + n:012d}"[:11]
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        n += 1_000_000


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    bin = factory.Sequence(lambda n: valid_bin(n * 10))
    name = factory.Sequence(lambda n: f"Enterprise {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="35"))
    sector = factory.LazyFunction(lambda: Sector.objects.get(key="mining_metallurgy"))
    headcount = 100
    union_member = True


class TechnicalInspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnicalInspector

    number = factory.Sequence(lambda n: f"TI-{n:05d}")
    full_name = factory.Sequence(lambda n: f"Inspector {n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.SelfAttribute("enterprise.region")
    appointed_on = datetime.date(2022, 1, 10)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    inspector = factory.SubFactory(TechnicalInspectorFactory)
    completed_on = datetime.date(2025, 3, 1)
    course = "Labour protection"
    hours = 40


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")

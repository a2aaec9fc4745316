"""Personas built once: inspectors at enterprises A and B, a council member at A, regional
staff of Karaganda (35), sector staff of mining and metallurgy, federation staff, a user
with no role. Enterprises: A (35, mining), B (55, energy), C (35, energy), D (55, mining),
so region and sector scopes each cover a different pair."""

from dataclasses import dataclass

import pytest
from django.utils import translation

from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise, Region, Sector
from tests.factories import EnterpriseFactory, TechnicalInspectorFactory, UserFactory


@dataclass
class World:
    a: Enterprise
    b: Enterprise
    c: Enterprise
    d: Enterprise
    inspector_a: User
    inspector_b: User
    council_a: User
    regional: User
    sector: User
    federation: User
    no_role: User


def build_world() -> World:
    """The personas and enterprises; for fixtures of any scope (see `world`)."""
    karaganda, pavlodar = Region.objects.get(code="35"), Region.objects.get(code="55")
    mining, energy = Sector.objects.get(key="mining_metallurgy"), Sector.objects.get(key="energy")
    a = EnterpriseFactory(name="A Mining Karaganda", region=karaganda, sector=mining)
    b = EnterpriseFactory(name="B Energy Pavlodar", region=pavlodar, sector=energy)
    c = EnterpriseFactory(name="C Energy Karaganda", region=karaganda, sector=energy)
    d = EnterpriseFactory(name="D Mining Pavlodar", region=pavlodar, sector=mining)
    for enterprise in (a, b, c, d):
        TechnicalInspectorFactory(
            enterprise=enterprise, full_name=f"Inspector of {enterprise.name}"
        )
    return World(
        a=a,
        b=b,
        c=c,
        d=d,
        inspector_a=UserFactory(username="insp_a", role=Role.INSPECTOR, enterprise=a),
        inspector_b=UserFactory(username="insp_b", role=Role.INSPECTOR, enterprise=b),
        council_a=UserFactory(username="council_a", role=Role.COUNCIL_MEMBER, enterprise=a),
        regional=UserFactory(username="regional", role=Role.REGIONAL_STAFF, region=karaganda),
        sector=UserFactory(username="sector", role=Role.SECTOR_STAFF, sector=mining),
        federation=UserFactory(username="federation", role=Role.FEDERATION_STAFF),
        no_role=UserFactory(username="nobody"),
    )


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the project's default language, as a fresh process would: a
    test that activates another language and does not put it back must not decide the
    language of whichever test runs next in its process (the suite runs in parallel
    processes, so that order changes from run to run)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def english(client):
    """For tests that assert messages in English: the project's default language is
    Kazakh. Covers code run in the test and pages fetched with the test client."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield

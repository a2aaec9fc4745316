"""Who sees which enterprises and inspectors: every persona against enterprises
A (Karaganda, mining), B (Pavlodar, energy), C (Karaganda, energy), D (Pavlodar, mining)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from kzsafety.access import enterprises_visible_to, inspectors_visible_to
from tests.factories import TechnicalInspectorFactory

EXPECTED = {
    "inspector_a": {"a"},
    "inspector_b": {"b"},
    "council_a": {"a"},
    "regional": {"a", "c"},
    "sector": {"a", "d"},
    "federation": {"a", "b", "c", "d"},
    "no_role": set(),
}


def names(world, letters):
    return {getattr(world, letter).name for letter in letters}


@pytest.mark.parametrize(("persona", "letters"), EXPECTED.items())
def test_each_persona_sees_exactly_the_enterprises_of_its_scope(world, persona, letters):
    user = getattr(world, persona)
    visible = set(enterprises_visible_to(user).values_list("name", flat=True))
    assert visible == names(world, letters)


@pytest.mark.parametrize(("persona", "letters"), EXPECTED.items())
def test_each_persona_sees_exactly_the_inspectors_of_its_scope(world, persona, letters):
    user = getattr(world, persona)
    visible = set(inspectors_visible_to(user).values_list("full_name", flat=True))
    assert visible == {f"Inspector of {name}" for name in names(world, letters)}


def test_anonymous_visitor_sees_nothing(world):
    assert not enterprises_visible_to(AnonymousUser()).exists()
    assert not inspectors_visible_to(AnonymousUser()).exists()


def test_deactivated_federation_staff_sees_nothing(world):
    world.federation.is_active = False
    world.federation.save()
    assert not enterprises_visible_to(world.federation).exists()


def test_inspector_also_sees_enterprises_of_their_active_registry_records(world):
    TechnicalInspectorFactory(user=world.inspector_a, enterprise=world.c)
    visible = set(enterprises_visible_to(world.inspector_a))
    assert visible == {world.a, world.c}


def test_inspector_who_left_another_enterprise_no_longer_sees_it(world):
    TechnicalInspectorFactory(
        user=world.inspector_a, enterprise=world.c, left_on=datetime.date(2023, 5, 1)
    )
    assert set(enterprises_visible_to(world.inspector_a)) == {world.a}


def test_regional_staff_see_their_regions_inspectors_without_enterprise(world):
    TechnicalInspectorFactory(
        full_name="Unattached Karaganda", enterprise=None, region=world.a.region
    )
    TechnicalInspectorFactory(
        full_name="Unattached Pavlodar", enterprise=None, region=world.b.region
    )
    visible = set(inspectors_visible_to(world.regional).values_list("full_name", flat=True))
    assert "Unattached Karaganda" in visible
    assert "Unattached Pavlodar" not in visible

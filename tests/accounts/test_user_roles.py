import pytest
from django.db import IntegrityError, transaction

from kzsafety.accounts.models import Role
from tests.factories import UserFactory


def test_inspector_without_enterprise_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.INSPECTOR)


def test_regional_staff_with_an_enterprise_instead_of_a_region_is_refused(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.REGIONAL_STAFF, enterprise=world.a)


def test_federation_staff_carry_no_scope(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.FEDERATION_STAFF, sector=world.a.sector)


def test_user_without_role_carries_no_scope(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(region=world.a.region)


def test_scope_label_names_the_scope_of_each_role(world):
    assert world.inspector_a.scope_label() == world.a.name
    assert world.regional.scope_label() == str(world.a.region)
    assert world.sector.scope_label() == str(world.a.sector)
    assert world.no_role.scope_label() == ""

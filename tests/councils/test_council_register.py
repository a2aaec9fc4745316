"""The council register: the rules of council_save (used by the pages and the import),
members and their sides, attached inspectors and the parity warning."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from councils.models import Council, CouncilMember, MemberRole, Side
from councils.services.registry import (
    council_create,
    council_inspectors_set,
    council_member_save,
    council_save,
)
from kzsafety.directories.models import Sector
from tests.councils.factories import CouncilFactory, CouncilMemberFactory
from tests.factories import TechnicalInspectorFactory
from tests.forms import post_form

DAY = datetime.date(2024, 2, 1)


def test_council_fields_are_the_ones_the_annual_statistics_count():
    columns = {f.name for f in Council._meta.concrete_fields} - {"id", "version"}
    assert columns == {"enterprise", "established_on", "union_initiative", "sector", "dissolved_on"}


def test_a_new_council_takes_the_sector_of_its_enterprise(world):
    council = council_create(user=world.federation, enterprise=world.b, established_on=DAY)
    assert council.sector == world.b.sector
    assert council.union_initiative is False


def test_a_sector_given_for_the_council_is_kept(world):
    coal = Sector.objects.get(key="coal")
    council = council_create(
        user=world.federation, enterprise=world.a, established_on=DAY, sector=coal
    )
    assert Council.objects.get(pk=council.pk).sector == coal


def test_import_without_a_user_saves_a_council(world):
    council = council_save(
        user=None, council=Council(enterprise=world.d, established_on=DAY, union_initiative=True)
    )
    assert council.pk and council.sector == world.d.sector


def test_a_council_cannot_be_dissolved_before_it_was_established(world):
    with pytest.raises(ValidationError) as refusal:
        council_create(
            user=world.federation,
            enterprise=world.a,
            established_on=DAY,
            dissolved_on=DAY - datetime.timedelta(days=1),
        )
    assert "cannot be dissolved before it was established" in " ".join(refusal.value.messages)
    assert not Council.objects.exists()


def test_the_same_enterprise_and_date_is_one_council(world):
    council_create(user=world.federation, enterprise=world.a, established_on=DAY, dissolved_on=DAY)
    with pytest.raises(ValidationError) as refusal:
        council_create(user=world.federation, enterprise=world.a, established_on=DAY)
    assert "already has a council established on that date" in " ".join(refusal.value.messages)


def test_two_councils_of_one_enterprise_cannot_be_active_at_once(world):
    council_create(user=world.federation, enterprise=world.a, established_on=DAY)
    with pytest.raises(ValidationError) as refusal:
        council_create(
            user=world.federation, enterprise=world.a, established_on=datetime.date(2025, 1, 1)
        )
    assert "record when that one was dissolved first" in " ".join(refusal.value.messages)


def test_a_new_council_may_start_on_the_day_the_old_one_was_dissolved(world):
    old = council_create(
        user=world.federation,
        enterprise=world.a,
        established_on=DAY,
        dissolved_on=datetime.date(2025, 1, 1),
    )
    new = council_create(
        user=world.federation, enterprise=world.a, established_on=datetime.date(2025, 1, 1)
    )
    assert {old.pk, new.pk} == set(Council.objects.values_list("pk", flat=True))


def test_a_council_cannot_be_established_in_the_future(world):
    with pytest.raises(ValidationError) as refusal:
        council_create(
            user=world.federation,
            enterprise=world.a,
            established_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert refusal.value.message_dict["established_on"]


def test_regional_staff_register_councils_of_their_region_only(world):
    assert council_create(user=world.regional, enterprise=world.c, established_on=DAY).pk
    with pytest.raises(PermissionDenied):
        council_create(user=world.regional, enterprise=world.b, established_on=DAY)


@pytest.mark.parametrize("persona", ["council_a", "inspector_a", "sector", "no_role"])
def test_other_roles_cannot_register_a_council(world, persona):
    with pytest.raises(PermissionDenied):
        council_create(user=getattr(world, persona), enterprise=world.a, established_on=DAY)


def test_regional_staff_cannot_move_a_council_to_another_region(world):
    council = CouncilFactory(enterprise=world.a)
    council.enterprise = world.b
    with pytest.raises(PermissionDenied):
        council_save(user=world.regional, council=council)
    assert Council.objects.get(pk=council.pk).enterprise == world.a


def test_federation_staff_register_a_council_by_bin_on_the_page(client, world):
    client.force_login(world.federation)
    response = post_form(
        client,
        reverse("councils:council_create"),
        {"enterprise_bin": world.c.bin, "established_on": "2024-03-01", "union_initiative": "on"},
    )
    council = Council.objects.get()
    assert response.status_code == 302 and response["Location"] == council.get_absolute_url()
    assert (council.enterprise, council.sector, council.union_initiative) == (
        world.c,
        world.c.sector,
        True,
    )


def test_registration_page_refuses_an_enterprise_outside_the_region(client, world):
    client.force_login(world.regional)
    response = post_form(
        client,
        reverse("councils:council_create"),
        {"enterprise_bin": world.b.bin, "established_on": "2024-03-01"},
    )
    assert response.status_code == 200
    assert "No enterprise with this BIN in your scope." in response.content.decode()
    assert not Council.objects.exists()


def test_the_registration_page_shows_the_rule_that_was_broken(client, world):
    CouncilFactory(enterprise=world.a, established_on=DAY)
    client.force_login(world.federation)
    response = post_form(
        client,
        reverse("councils:council_create"),
        {"enterprise_bin": world.a.bin, "established_on": "2025-03-01"},
    )
    assert response.status_code == 200
    assert "record when that one was dissolved first" in response.content.decode()
    assert Council.objects.count() == 1


def test_a_council_has_one_chair(world):
    council = CouncilFactory(enterprise=world.a)
    CouncilMemberFactory(council=council, role=MemberRole.CHAIR)
    with pytest.raises(ValidationError) as refusal:
        council_member_save(
            user=world.federation,
            member=CouncilMember(
                council=council, full_name="Second Chair", side=Side.WORKERS, role=MemberRole.CHAIR
            ),
        )
    assert "already has a member in this role" in " ".join(refusal.value.messages)


def test_a_member_account_must_be_a_council_member_of_that_enterprise(world):
    council = CouncilFactory(enterprise=world.b)
    with pytest.raises(ValidationError) as refusal:
        council_member_save(
            user=world.federation,
            member=CouncilMember(
                council=council, user=world.council_a, full_name="Wrong", side=Side.WORKERS
            ),
        )
    assert "council_a" in refusal.value.message_dict["user"][0]


def test_a_council_member_account_links_to_its_council(world):
    council = CouncilFactory(enterprise=world.a)
    member = council_member_save(
        user=world.regional,
        member=CouncilMember(
            council=council,
            user=world.council_a,
            full_name="  Chair Person ",
            side=Side.WORKERS,
            role=MemberRole.CHAIR,
        ),
    )
    assert member.full_name == "Chair Person"
    assert world.council_a.council_memberships.get().council == council


def test_only_the_enterprises_inspectors_can_sit_on_its_council(world):
    council = CouncilFactory(enterprise=world.a)
    own = world.a.inspectors.first()
    stranger = TechnicalInspectorFactory(enterprise=world.b, full_name="Stranger Inspector")
    with pytest.raises(ValidationError) as refusal:
        council_inspectors_set(user=world.federation, council=council, inspectors=[own, stranger])
    assert "Stranger Inspector" in " ".join(refusal.value.messages)
    council_inspectors_set(user=world.federation, council=council, inspectors=[own])
    assert list(council.inspectors.all()) == [own]


def test_unequal_sides_show_a_warning_on_the_council_page(client, world):
    council = CouncilFactory(enterprise=world.a)
    CouncilMemberFactory.create_batch(3, council=council, side=Side.EMPLOYER)
    CouncilMemberFactory.create_batch(2, council=council, side=Side.WORKERS)
    client.force_login(world.council_a)
    response = client.get(council.get_absolute_url())
    assert response.context["employer_total"] == 3 and response.context["workers_total"] == 2
    assert 'data-testid="parity-warning"' in response.content.decode()


def test_equal_sides_show_no_warning(client, world):
    council = CouncilFactory(enterprise=world.a)
    CouncilMemberFactory.create_batch(2, council=council, side=Side.EMPLOYER)
    CouncilMemberFactory.create_batch(2, council=council, side=Side.WORKERS)
    client.force_login(world.council_a)
    assert (
        'data-testid="parity-warning"'
        not in client.get(council.get_absolute_url()).content.decode()
    )


def test_the_list_can_show_councils_with_unequal_sides_only(client, world):
    equal = CouncilFactory(enterprise=world.a)
    CouncilMemberFactory(council=equal, side=Side.EMPLOYER)
    CouncilMemberFactory(council=equal, side=Side.WORKERS)
    unequal = CouncilFactory(enterprise=world.c)
    CouncilMemberFactory(council=unequal, side=Side.EMPLOYER)
    client.force_login(world.regional)
    response = client.get(reverse("councils:council_list"), {"parity": "on"})
    assert [c.pk for c in response.context["page"].object_list] == [unequal.pk]


def test_registry_keepers_add_a_member_on_the_page(client, world):
    council = CouncilFactory(enterprise=world.a)
    client.force_login(world.regional)
    response = post_form(
        client,
        reverse("councils:member_add", args=[council.pk]),
        {
            "full_name": "Aigul Workers",
            "side": Side.WORKERS,
            "role": MemberRole.SECRETARY,
            "phone": "+7 700 000 00 00",
        },
    )
    assert response.status_code == 302
    member = council.members.get()
    assert (member.full_name, member.side, member.role) == ("Aigul Workers", "workers", "secretary")


def test_council_record_changes_are_kept_in_its_history(client, world):
    council = CouncilFactory(enterprise=world.a, established_on=DAY)
    client.force_login(world.federation)
    post_form(
        client,
        reverse("councils:council_edit", args=[council.pk]),
        {"established_on": "2024-02-01", "union_initiative": "on", "sector": council.sector_id},
    )
    council.refresh_from_db()
    assert council.union_initiative is True
    history = client.get(council.get_absolute_url()).context["history"]
    assert [(change.field, change.user) for change in history] == [
        (str(Council._meta.get_field("union_initiative").verbose_name), world.federation)
    ]

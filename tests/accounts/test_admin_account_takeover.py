"""Federation staff manage ordinary accounts in the admin; only a superuser touches a
superuser's, a staff member's or their own password, activity, role or scope. Every way
the admin changes a user is tried: the change form, the password page, delete, the bulk
actions and the add form."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from kzsafety.accounts.models import Role, User
from tests.factories import UserFactory

NEW_PASSWORD = "Tulip-orbit-4417"


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def targets(world, superuser):
    """Accounts federation staff must not administer, by name."""
    return {
        "superuser": superuser,
        "other_federation_staff": UserFactory(username="fed2", role=Role.FEDERATION_STAFF),
        "staff_flag": UserFactory(username="staffer", is_staff=True),
        "themselves": world.federation,
    }


def snapshot(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (user.password, user.is_active, user.role, user.region_id, user.is_staff)


def password_post(client, user: User):
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    return client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )


def change_post(client, user: User, **changes):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "language": "",
        "role": user.role,
        "is_active": "on",
        **changes,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)


def bulk_delete(client, users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [user.pk for user in users],
            "post": "yes",
        },
    )


PROTECTED = ["superuser", "other_federation_staff", "staff_flag", "themselves"]


@pytest.mark.parametrize("name", PROTECTED)
def test_federation_staff_cannot_set_the_password_of(client, world, targets, name):
    target = targets[name]
    before = snapshot(target)
    client.force_login(world.federation)
    assert (
        client.get(reverse("admin:auth_user_password_change", args=[target.pk])).status_code == 403
    )
    assert password_post(client, target).status_code == 403
    assert snapshot(target) == before


@pytest.mark.parametrize("name", ["superuser", "other_federation_staff", "staff_flag"])
def test_federation_staff_cannot_deactivate(client, world, targets, name):
    target = targets[name]
    before = snapshot(target)
    client.force_login(world.federation)
    response = change_post(client, target, is_active=None)
    assert response.status_code == 403
    assert snapshot(target) == before


@pytest.mark.parametrize("name", ["superuser", "other_federation_staff", "staff_flag"])
def test_federation_staff_cannot_give_a_role_and_scope_to(client, world, targets, name):
    target = targets[name]
    before = snapshot(target)
    client.force_login(world.federation)
    response = change_post(client, target, role=Role.REGIONAL_STAFF, region=world.a.region_id)
    assert response.status_code == 403
    assert snapshot(target) == before


def test_federation_staff_cannot_change_their_own_role_or_activity(client, world):
    before = snapshot(world.federation)
    client.force_login(world.federation)
    change_post(
        client, world.federation, role=Role.REGIONAL_STAFF, region=world.a.region_id, is_active=None
    )
    assert snapshot(world.federation) == before


def test_federation_staff_still_edit_their_own_name(client, world):
    client.force_login(world.federation)
    response = change_post(client, world.federation, first_name="Aigerim")
    assert response.status_code == 302
    assert User.objects.get(pk=world.federation.pk).first_name == "Aigerim"


@pytest.mark.parametrize("name", PROTECTED)
def test_federation_staff_cannot_delete(client, world, targets, name):
    target = targets[name]
    client.force_login(world.federation)
    url = reverse("admin:accounts_user_delete", args=[target.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("name", PROTECTED)
def test_bulk_delete_with_a_protected_account_deletes_nothing(client, world, targets, name):
    client.force_login(world.federation)
    response = bulk_delete(client, [world.no_role, targets[name]])
    assert response.status_code == 403
    assert User.objects.filter(pk__in=[world.no_role.pk, targets[name].pk]).count() == 2


def test_federation_staff_bulk_delete_ordinary_accounts(client, world):
    client.force_login(world.federation)
    response = bulk_delete(client, [world.no_role])
    assert response.status_code == 302
    assert not User.objects.filter(pk=world.no_role.pk).exists()


def test_federation_staff_set_an_inspectors_password(client, world):
    client.force_login(world.federation)
    response = password_post(client, world.inspector_a)
    assert response.status_code == 302
    assert User.objects.get(pk=world.inspector_a.pk).check_password(NEW_PASSWORD)


def test_federation_staff_cannot_create_federation_staff(client, world):
    client.force_login(world.federation)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newfed",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "role": Role.FEDERATION_STAFF,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"]
    assert not User.objects.filter(username="newfed").exists()


def test_federation_staff_cannot_promote_an_inspector_to_federation_staff(client, world):
    before = snapshot(world.inspector_a)
    client.force_login(world.federation)
    response = change_post(client, world.inspector_a, role=Role.FEDERATION_STAFF, enterprise=None)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"]
    assert snapshot(world.inspector_a) == before


def test_federation_staff_are_not_offered_the_federation_staff_role(client, world):
    client.force_login(world.federation)
    page = client.get(reverse("admin:accounts_user_add"))
    choices = dict(page.context["adminform"].form.fields["role"].choices)
    assert Role.FEDERATION_STAFF not in choices
    assert Role.INSPECTOR in choices


def test_superuser_sets_a_federation_staff_password_and_deactivates_them(
    client, targets, superuser
):
    target = targets["other_federation_staff"]
    client.force_login(superuser)
    assert password_post(client, target).status_code == 302
    assert change_post(client, target, is_active=None).status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)
    assert not target.is_active


def test_superuser_makes_an_inspector_federation_staff(client, world, superuser):
    client.force_login(superuser)
    response = change_post(client, world.inspector_a, role=Role.FEDERATION_STAFF, enterprise=None)
    assert response.status_code == 302
    assert User.objects.get(pk=world.inspector_a.pk).role == Role.FEDERATION_STAFF


def test_superuser_bulk_deletes_federation_staff(client, targets, superuser):
    client.force_login(superuser)
    response = bulk_delete(client, [targets["other_federation_staff"]])
    assert response.status_code == 302
    assert not User.objects.filter(username="fed2").exists()


def test_federation_staff_still_see_the_superuser_read_only(client, world, targets):
    client.force_login(world.federation)
    url = reverse("admin:accounts_user_change", args=[targets["superuser"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]

"""Federation staff manage users and directories in the admin; other roles cannot."""

import pytest
from django.urls import reverse

from kzsafety.accounts.models import Role, User


@pytest.mark.parametrize("persona", ["inspector_a", "regional", "sector", "no_role"])
def test_other_roles_are_sent_to_the_admin_login(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_visitor_is_sent_to_the_admin_login(client, world):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_federation_staff_list_users_and_enterprises(client, world):
    client.force_login(world.federation)
    users = client.get(reverse("admin:accounts_user_changelist"))
    assert users.status_code == 200
    assert "insp_a" in users.content.decode()
    assert client.get(reverse("admin:directories_enterprise_changelist")).status_code == 200


def test_federation_staff_give_a_user_a_role_and_scope(client, world):
    client.force_login(world.federation)
    url = reverse("admin:accounts_user_change", args=[world.no_role.pk])
    response = client.post(
        url,
        {
            "username": "nobody",
            "first_name": "",
            "last_name": "",
            "email": "",
            "language": "ru",
            "role": Role.REGIONAL_STAFF,
            "region": world.b.region_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(pk=world.no_role.pk)
    assert (user.role, user.region_id) == (Role.REGIONAL_STAFF, world.b.region_id)


def test_role_without_its_scope_is_refused_in_the_admin_form(client, world):
    client.force_login(world.federation)
    url = reverse("admin:accounts_user_change", args=[world.no_role.pk])
    response = client.post(
        url, {"username": "nobody", "role": Role.INSPECTOR, "is_active": "on", "language": ""}
    )
    assert response.status_code == 200
    assert User.objects.get(pk=world.no_role.pk).role == ""


def test_federation_staff_cannot_make_anyone_superuser(client, world):
    client.force_login(world.federation)
    url = reverse("admin:accounts_user_change", args=[world.no_role.pk])
    client.post(
        url,
        {
            "username": "nobody",
            "role": "",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "language": "",
        },
    )
    user = User.objects.get(pk=world.no_role.pk)
    assert not user.is_superuser
    assert not user.is_staff

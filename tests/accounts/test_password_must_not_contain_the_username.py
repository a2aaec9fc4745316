"""A password may not contain the username, in any letter case: Django's similarity
validator let `councilcouncil` through for the user `council`."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from kzsafety.accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize("password", ["councilcouncil", "My-COUNCIL-2026!", "xCouncil&Tulip9"])
def test_a_password_containing_the_username_is_refused(db, password):
    user = UserFactory(username="council")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert "password_contains_username" in [error.code for error in refused.value.error_list]


def test_a_password_without_the_username_is_accepted(db):
    validate_password("Tulip-orbit-4417", UserFactory(username="council"))


def test_the_password_change_page_refuses_the_username_with_a_message(client, english, db):
    user = UserFactory(username="council")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "councilcouncil",
            "new_password2": "councilcouncil",
        },
    )
    assert response.status_code == 200
    assert "must not contain the username" in str(response.context["form"].errors)
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_the_admin_refuses_a_new_account_whose_password_contains_its_name(client, world):
    client.force_login(world.federation)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "aigerim",
            "password1": "Aigerim-tulip-2026!",
            "password2": "Aigerim-tulip-2026!",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="aigerim").exists()

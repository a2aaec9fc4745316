from django.urls import reverse
from django.utils import translation

from kzsafety.accounts.models import User

PASSWORD = "correct-horse-battery"


def test_login_page_is_served_in_kazakh_by_default(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "kk"
    assert 'lang="kk"' in response.content.decode()


def test_inspector_logs_in_and_lands_on_the_home_page(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "insp_a", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == world.inspector_a
    assert world.a.name in response.content.decode()


def test_wrong_password_is_refused_with_a_message_and_no_session(client, world):
    response = client.post(reverse("accounts:login"), {"username": "insp_a", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_five_failures(client, world):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "insp_a", "password": "nope"})
    response = client.post(reverse("accounts:login"), {"username": "insp_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, world):
    client.force_login(world.inspector_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_home_page_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_language_choice_is_remembered_for_the_user_on_a_new_device(
    client, world, django_user_model
):
    client.force_login(world.inspector_a)
    response = client.post(
        reverse("accounts:set_language"), {"language": "ru", "next": reverse("home")}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.inspector_a.pk).language == "ru"

    from django.test import Client

    other_device = Client()
    other_device.force_login(world.inspector_a)
    page = other_device.get(reverse("home"))
    assert page["Content-Language"] == "ru"
    with translation.override("ru"):
        assert translation.gettext("Enterprises") in page.content.decode()


def test_unknown_language_changes_nothing(client, world):
    client.force_login(world.inspector_a)
    client.post(reverse("accounts:set_language"), {"language": "xx"})
    assert User.objects.get(pk=world.inspector_a.pk).language == ""


def test_language_switch_refuses_to_redirect_to_another_site(client, world):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_anonymous_visitor_can_switch_the_login_page_language(client, db):
    client.post(reverse("accounts:set_language"), {"language": "en"})
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_password_change_requires_the_old_password(client, world):
    client.force_login(world.inspector_a)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "N3w-pass-phrase!",
            "new_password2": "N3w-pass-phrase!",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "N3w-pass-phrase!",
            "new_password2": "N3w-pass-phrase!",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    assert User.objects.get(pk=world.inspector_a.pk).check_password("N3w-pass-phrase!")


def test_password_change_page_requires_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302

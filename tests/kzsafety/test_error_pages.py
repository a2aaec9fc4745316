"""Our own 400, 403, 404, 500 and CSRF failure pages, in the visitor's language, without
the menu; the 500 page needs neither a request nor the database."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from kzsafety.accounts.models import Role
from tests.factories import UserFactory

FAILING = override_settings(ROOT_URLCONF="tests.kzsafety.failing_urls")


def is_our_error_page(response, language: str) -> bool:
    body = response.content.decode()
    return 'data-testid="error-page"' in body and f'<html lang="{language}">' in body


def test_unknown_page_answers_our_404_in_the_users_language(client, db):
    user = UserFactory(username="reader", role=Role.FEDERATION_STAFF, language="ru")
    client.force_login(user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert is_our_error_page(response, "ru")


def test_404_is_in_english_for_an_english_visitor(client, english, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert is_our_error_page(response, "en")
    assert "Page not found" in response.content.decode()


def test_refused_admin_action_answers_our_403(client, world):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(world.federation)
    response = client.get(reverse("admin:auth_user_password_change", args=[root.pk]))
    assert response.status_code == 403
    assert is_our_error_page(response, "kk")


def test_a_host_not_allowed_answers_our_400(client, english, db):
    response = client.get(reverse("accounts:login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert is_our_error_page(response, "en")


@FAILING
def test_suspicious_input_answers_our_400(client, english, db):
    response = client.get("/test-suspicious/")
    assert response.status_code == 400
    assert is_our_error_page(response, "en")


@FAILING
def test_a_bug_answers_our_500_in_the_visitors_language():
    # No database fixture: the page must not need one (it is shown when the database fails).
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "ru"
    response = client.get("/test-broken/")
    assert response.status_code == 500
    assert is_our_error_page(response, "ru")


def test_the_500_page_renders_from_an_empty_context():
    with translation.override("en"):
        body = render_to_string("500.html")
    assert "Something went wrong on our side" in body
    assert '<html lang="en">' in body


def test_csrf_failure_answers_our_page_in_the_visitors_language(db):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert is_our_error_page(response, "en")
    assert "The form has expired" in response.content.decode()


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "403_csrf.html"])
def test_error_pages_show_no_menu_or_account(template, rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    body = render_to_string(template, request=request)
    assert "accounts/logout" not in body
    assert "<script" not in body and "style=" not in body

"""The load balancer probes /health/ over plain HTTP by its own address, with production's
HTTPS redirect on and a Host header that is not an allowed host."""

from django.test import override_settings
from django.urls import reverse

PRODUCTION = override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["safety.example.kz"])


@PRODUCTION
def test_health_answers_over_plain_http_by_the_balancers_address(client, db):
    response = client.get(reverse("health"), HTTP_HOST="10.20.0.5")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@PRODUCTION
def test_health_answers_over_plain_http_by_the_public_name(client, db):
    response = client.get(reverse("health"), HTTP_HOST="safety.example.kz")
    assert response.status_code == 200


@PRODUCTION
def test_other_pages_still_redirect_to_https(client, db):
    response = client.get(reverse("accounts:login"), HTTP_HOST="safety.example.kz")
    assert response.status_code == 301
    assert response["Location"].startswith("https://safety.example.kz/")


@PRODUCTION
def test_other_pages_still_refuse_an_unknown_host(client, db):
    response = client.get(reverse("accounts:login"), HTTP_HOST="10.20.0.5", secure=True)
    assert response.status_code == 400


@PRODUCTION
def test_only_the_health_path_itself_is_exempt(client, db):
    response = client.get(reverse("health") + "extra/", HTTP_HOST="safety.example.kz")
    assert response.status_code == 301

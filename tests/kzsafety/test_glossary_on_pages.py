"""The glossary's words reach the pages: the Kazakh login error names the user name as the
login form does, and the notice to the employer is «ұсыным» / «представление» on its print
page and in the inspector's message, while proposals stay «ұсыныс»."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import linked, record_inspection


def test_kazakh_login_error_uses_the_form_word_for_the_user_name(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    response = client.post(reverse("accounts:login"), {"username": "insp_a", "password": "nope"})
    body = response.content.decode()
    error = " ".join(response.context["form"].non_field_errors())
    assert "Пайдаланушы аты" in body  # the field's label
    assert "пайдаланушы аты" in error
    assert "қолданушы" not in body.lower()


@pytest.fixture
def pc(world):
    return linked(world)


def test_notice_print_page_calls_the_notice_ұсыным_and_представление(client, pc):
    inspection = record_inspection(pc.inspector_a, pc.a, violations=1)
    client.force_login(pc.inspector_a)
    body = client.get(reverse("inspections:notice", args=[inspection.pk])).content.decode()
    assert "Жұмыс берушіге ұсыным" in body
    assert "Представление работодателю" in body
    assert "ұсыныс" not in body.lower()


def test_kazakh_inspection_page_keeps_ұсыныс_for_proposals_and_ұсыным_for_the_notice(client, pc):
    inspection = record_inspection(pc.inspector_a, pc.a, violations=1)
    client.force_login(pc.inspector_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    body = client.get(inspection.get_absolute_url()).content.decode()
    assert "Еңбек жағдайларын жақсарту жөніндегі ұсыныстар" in body
    assert "Ұсыным" in body

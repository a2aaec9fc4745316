"""The offline app's pages: the service worker at the root, the manifest in the user's
language, the lists the device keeps (only the user's scope) and log-out clearing the
device."""

import pytest
from django.urls import reverse

from tests.factories import linked

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_at_the_root_with_workbox_from_our_own_files(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "/static/vendor/workbox-7.4.1/workbox-sw.js" in body
    assert "http" not in body.split("*/", 1)[1]  # nothing from another origin
    assert reverse("field:offline") in body
    assert reverse("field:outbox") not in body  # nobody's pages for anonymous


def test_the_service_worker_keeps_the_forms_the_user_may_open(client, world):
    linked(world)
    client.force_login(world.inspector_a)
    inspector = client.get("/sw.js").content.decode()
    client.force_login(world.council_a)
    council = client.get("/sw.js").content.decode()

    for page in ("field:outbox", "field:inspection_form", "field:accident_form"):
        assert reverse(page) in inspector
    assert reverse("field:remediation_form") in council
    assert reverse("field:inspection_form") not in council
    assert reverse("field:accident_form") not in council


def test_the_manifest_names_the_app_in_the_users_language(client):
    client.cookies["django_language"] = "ru"
    russian = client.get("/manifest.webmanifest").json()
    client.cookies["django_language"] = "kk"
    kazakh = client.get("/manifest.webmanifest").json()

    assert (russian["lang"], kazakh["lang"]) == ("ru", "kk")
    assert russian["display"] == "standalone"
    assert {icon["sizes"] for icon in russian["icons"]} == {"192x192", "512x512"}
    assert russian["start_url"] == reverse("field:outbox")


def test_the_device_gets_only_the_enterprises_of_the_users_scope(client, world):
    client.force_login(world.inspector_a)

    lists = client.get(reverse("field:references")).json()

    assert [e["id"] for e in lists["enterprises"]] == [world.a.pk]
    assert lists["categories"]
    assert lists["upload_limit"] == 10 * 1024 * 1024


def test_regional_staff_get_the_enterprises_of_their_region(client, world):
    client.force_login(world.regional)

    lists = client.get(reverse("field:references")).json()

    assert sorted(e["id"] for e in lists["enterprises"]) == sorted([world.a.pk, world.c.pk])


def test_the_lists_need_a_log_in(client, world):
    response = client.get(reverse("field:references"))

    assert response.status_code == 302


def test_the_inspection_form_opens_for_an_inspector_with_the_upload_limit(client, world):
    linked(world)
    client.force_login(world.inspector_a)

    response = client.get(reverse("field:inspection_form"))

    assert response.status_code == 200
    assert b'data-upload-limit="10485760"' in response.content


@pytest.mark.parametrize("persona", ["council_a", "regional", "federation"])
def test_the_inspection_form_is_refused_to_who_does_not_record_inspections(client, world, persona):
    client.force_login(getattr(world, persona))

    assert client.get(reverse("field:inspection_form")).status_code == 403


def test_the_offline_page_answers_without_a_log_in(client):
    assert client.get(reverse("field:offline")).status_code == 200


def test_log_out_tells_the_browser_to_clear_the_devices_data(client, world):
    client.force_login(world.inspector_a)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_signed_in_pages_register_the_offline_app_and_link_the_manifest(client, world):
    client.force_login(world.inspector_a)

    page = client.get(reverse("home")).content.decode()

    assert 'rel="manifest"' in page
    assert "js/field/app.js" in page
    assert "data-field-logout" in page

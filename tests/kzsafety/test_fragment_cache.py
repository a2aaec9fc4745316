"""Fragments kept in the process's "fragments" cache (docs/performance.md): the unfiltered
filter form of a list, the menu and the offline app's settings. Each is served again from
memory only to requests that would render it the same: same URL and language for the
filter form, same language, role and page for the menu, same user and language for the
offline app; a change of a reference list forgets the forms at once."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from kzsafety.directories.models import Sector

FORM = "includes/filter_form_fields.html"


@pytest.fixture
def fragments(settings):
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    caches["fragments"].clear()
    yield caches["fragments"]
    caches["fragments"].clear()


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response, [template.name for template in response.templates]


def _form(content: str) -> str:
    return content.split('id="filters"', 1)[1].split("</form>", 1)[0]


LISTS = ["inspections:inspection_list", "inspections:violation_list", "inspections:accident_list"]


@pytest.mark.parametrize("url", LISTS)
def test_the_filter_form_is_rendered_once_per_url_and_language(client, world, fragments, url):
    client.force_login(world.federation)
    first, rendered = _get(client, reverse(url))
    assert FORM in rendered
    again, rendered = _get(client, reverse(url))
    assert FORM not in rendered  # from memory
    assert _form(again.content.decode()) == _form(first.content.decode())

    filtered, rendered = _get(client, reverse(url), year=2024)
    assert FORM in rendered and 'value="2024"' in _form(filtered.content.decode())

    client.cookies["django_language"] = "ru"
    russian, rendered = _get(client, reverse(url))
    assert FORM in rendered and "Регион" in _form(russian.content.decode())


def test_a_new_sector_shows_at_once_in_the_form(client, world, fragments, settings):
    settings.REFERENCE_CHOICES_SECONDS = 60
    client.force_login(world.federation)
    url = reverse("inspections:inspection_list")
    _get(client, url)
    Sector.objects.create(key="new_sector", name_kk="Жаңа сала", name_ru="Новая отрасль")
    page, rendered = _get(client, url)
    assert FORM in rendered and "Жаңа сала" in _form(page.content.decode())


def test_the_menu_and_the_offline_app_follow_the_role_and_the_user(client, world, fragments):
    url = reverse("inspections:inspection_list")
    statistics = f'href="{reverse("statistics:annual")}"'
    client.force_login(world.federation)
    federation, _ = _get(client, url)
    assert statistics in federation.content.decode()
    assert f'data-user="{world.federation.pk}"' in federation.content.decode()

    client.force_login(world.inspector_a)
    inspector, _ = _get(client, url)
    assert statistics not in inspector.content.decode()  # not the federation's menu
    assert f'data-user="{world.inspector_a.pk}"' in inspector.content.decode()
    assert f'data-user="{world.federation.pk}"' not in inspector.content.decode()

    home, _ = _get(client, reverse("home"))  # another page: its own item is the active one
    active = home.content.decode().split('class="nav-link active"', 1)[1][:80]
    assert f'href="{reverse("home")}"' in active


def _current_language_button(content: str) -> str:
    button = content.split('aria-current="true"', 1)[1].split("</button>", 1)[0]
    return button.split('data-testid="language-', 1)[1][:2]


def test_the_language_buttons_mark_the_language_of_the_page(client, world, fragments):
    client.force_login(world.federation)
    url = reverse("inspections:inspection_list")
    for language in ("kk", "ru", "kk", "en"):
        client.cookies["django_language"] = language
        page, _ = _get(client, url)
        assert _current_language_button(page.content.decode()) == language

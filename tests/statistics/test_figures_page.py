import pytest
from django.urls import reverse

from kzsafety.statistics.models import Figure
from tests.factories import UserFactory

URL = reverse("statistics:figures")


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["inspector_a", "council_a", "regional", "sector", "no_role"])
def test_only_federation_staff_enter_figures(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"year": 2025, "ministry__accidents__all": "5"}).status_code == 403
    assert not Figure.objects.exists()


def test_federation_staff_create_update_and_clear_figures_with_history(client, world):
    client.force_login(world.federation)
    assert client.get(URL, {"year": 2025}).status_code == 200
    client.post(
        URL,
        {
            "year": 2025,
            "ministry__accidents__all": "1250",
            "statistics_bureau__victims__all": "2500",
        },
    )
    assert set(Figure.objects.values_list("source", "indicator", "value")) == {
        ("ministry", "accidents", 1250),
        ("statistics_bureau", "victims", 2500),
    }
    client.post(URL, {"year": 2025, "ministry__accidents__all": "1260"})
    figure = Figure.objects.get()
    assert figure.value == 1260
    assert figure.entered_by == world.federation
    assert list(figure.history.values_list("value", flat=True)) == [1260, 1250]


def test_a_bad_value_saves_nothing(client, world):
    client.force_login(world.federation)
    response = client.post(
        URL, {"year": 2025, "ministry__accidents__all": "12", "ministry__victims__all": "-3"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Figure.objects.exists()


def test_a_bad_year_falls_back_instead_of_failing(client, world):
    client.force_login(world.federation)
    assert client.get(URL, {"year": "twenty"}).status_code == 200


@pytest.mark.parametrize("year", ["1890", "2150"])
def test_an_implausible_year_in_the_admin_is_refused_with_the_allowed_range(
    client, db, english, year
):
    # The figure admin is the superuser's (federation staff enter figures on the page).
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:statistics_figure_add"),
        {"year": year, "source": "ministry", "indicator": "accidents", "scope": "all", "value": 5},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The year of a figure must be from 1990 to 2100." in body
    assert "figure_year_plausible" not in body
    assert not Figure.objects.exists()

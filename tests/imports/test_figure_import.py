"""The `figures` kind: one aggregate figure per (year, source, indicator, scope);
national, so federation staff only."""

import pytest
from django.core.exceptions import PermissionDenied

from kzsafety.statistics.models import Figure
from tests.imports.conftest import csv_bytes, messages, run

HEADER = ["year", "source", "indicator", "scope", "value"]


@pytest.mark.django_db
def test_figures_are_entered_and_reimport_updates_the_value(world):
    content = csv_bytes(
        [
            HEADER,
            ["2024", "ministry", "accidents", "all", "1250"],
            ["2024", "Bureau of National Statistics", "victims", "", "2500"],
            ["2019", "monitoring", "fatalities", "union", "61"],
        ]
    )
    result = run("figures", content, user=world.federation)
    assert result.ok, messages(result)
    assert result.created == 3
    bureau = Figure.objects.get(year=2024, source="statistics_bureau", indicator="victims")
    assert (bureau.scope, bureau.value, bureau.entered_by) == ("all", 2500, world.federation)
    corrected = csv_bytes([HEADER, ["2024", "ministry", "accidents", "all", "1262"]])
    again = run("figures", corrected, user=None)
    assert (again.created, again.updated) == (0, 1)
    figure = Figure.objects.get(year=2024, source="ministry", indicator="accidents", scope="all")
    assert (figure.value, figure.entered_by) == (1262, None)
    assert Figure.objects.count() == 3


@pytest.mark.django_db
def test_a_figure_needs_a_known_indicator_and_a_plausible_year(world):
    content = csv_bytes(
        [
            HEADER,
            ["2024", "ministry", "happiness", "all", "1"],
            ["1890", "ministry", "accidents", "all", "1"],
        ]
    )
    result = run("figures", content, user=world.federation)
    assert messages(result)[0].startswith(
        "row 2, column indicator: “happiness” is not one of: accidents, victims,"
    )
    assert messages(result)[1] == (
        "row 3, column year: The year of a figure must be from 1990 to 2100."
    )
    assert not Figure.objects.exists()


@pytest.mark.django_db
def test_regional_staff_cannot_import_figures(world):
    with pytest.raises(PermissionDenied):
        run(
            "figures",
            csv_bytes([HEADER, ["2024", "ministry", "accidents", "all", "1"]]),
            user=world.regional,
        )

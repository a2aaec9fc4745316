"""The statistics page's charts read well: every region and cause named on a horizontal bar,
none skipped; whole numbers on count axes; straight lines; the union line told apart from
the all-enterprises ones by colour, dashes and points. Wide tables on a phone show that
they scroll."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from kzsafety.directories.models import Cause, Region
from kzsafety.statistics.models import Figure
from tests.browser.conftest import sign_in
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = """() => {
  const chart = (name) => Chart.getChart(document.querySelector(`canvas[data-chart=${name}]`));
  const bars = (name) => {
    const c = chart(name);
    return {
      indexAxis: c.options.indexAxis,
      autoSkip: c.options.scales.y.ticks.autoSkip,
      precision: c.options.scales.x.ticks.precision,
      labels: c.data.labels.map((l) => [].concat(l).join(" ")),
      ticks: c.scales.y.ticks.length,
      height: c.canvas.getBoundingClientRect().height,
    };
  };
  const dynamics = Chart.getChart(
    document.querySelector("canvas[data-chart=dynamics][data-indicator=accidents]"));
  return {
    regions: bars("regions"),
    causes: bars("causes"),
    sectors: bars("sectors"),
    dynamics: {
      precision: dynamics.options.scales.y.ticks.precision,
      legend: dynamics.options.plugins.legend.display !== false,
      series: dynamics.data.datasets.map((d) => ({
        label: d.label, tension: d.tension, dash: d.borderDash || [],
        colour: d.borderColor, point: d.pointStyle,
      })),
    },
    councils: chart("councils").data.datasets.map((d) => d.tension),
    control: chart("control").options.scales.y.ticks.precision,
  };
}"""


@pytest.fixture
def year_of_accidents(world):
    for day, enterprise in enumerate((world.a, world.b, world.c)):
        accident = AccidentFactory(enterprise=enterprise, date=datetime.date(2025, 4, 1 + day))
        VictimFactory(accident=accident)
    Figure.objects.create(year=2025, source="ministry", indicator="accidents", scope="all", value=9)


def test_the_charts_name_every_bar_count_in_whole_numbers_and_tell_the_union_line_apart(
    chromium, live_server, world, year_of_accidents
):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="kk-KZ")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(context, live_server.url, world.federation)
        page.goto(f"{live_server.url}/statistics/?year=2025")
        page.wait_for_function(
            "window.Chart && Chart.getChart(document.querySelector('canvas[data-chart=causes]'))"
        )
        charts = page.evaluate(CHARTS)
    finally:
        context.close()

    regions, causes = charts["regions"], charts["causes"]
    assert len(regions["labels"]) == Region.objects.count() == 20
    assert len(causes["labels"]) == Cause.objects.count()
    for name, bars in (("regions", regions), ("causes", causes), ("sectors", charts["sectors"])):
        assert bars["indexAxis"] == "y", name
        assert bars["autoSkip"] is False, name
        assert bars["ticks"] == len(bars["labels"]), name  # no name skipped
        assert bars["precision"] == 0, name
        assert bars["height"] >= 20 * len(bars["labels"]), name  # room for every name
        assert all(label.strip() for label in bars["labels"]), name
    assert Region.objects.get(code="35").name_kk in regions["labels"]  # the full name, in kk

    dynamics = charts["dynamics"]
    assert dynamics["precision"] == 0 and dynamics["legend"]
    series = dynamics["series"]
    assert len(series) >= 3  # monitoring, ministry and the union line
    assert all(s["tension"] == 0 for s in series)
    union, others = series[-1], series[:-1]
    assert union["dash"], union
    assert all(not s["dash"] for s in others)
    assert union["colour"] not in {s["colour"] for s in others}
    assert union["point"] not in {s["point"] for s in others}
    assert charts["councils"] and all(tension == 0 for tension in charts["councils"])
    assert charts["control"] == 0


def test_a_wide_table_on_a_phone_shows_that_it_scrolls(
    chromium, live_server, world, year_of_accidents
):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(context, live_server.url, world.federation)
        page.goto(f"{live_server.url}/statistics/?year=2025")
        box = page.locator(".table-responsive", has=page.get_by_test_id("accident-table"))
        expect(box).to_have_class(re.compile(r"\bscroll-more-end\b"))
        hint = box.locator("xpath=preceding-sibling::*[1]")
        expect(hint).to_have_class(re.compile(r"\bscroll-hint\b"))
        expect(hint).to_be_visible()
        assert "gradient" in box.evaluate("b => getComputedStyle(b).maskImage")  # the fade
        box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
        expect(box).to_have_class(re.compile(r"\bscroll-more-start\b"))
        expect(box).not_to_have_class(re.compile(r"\bscroll-more-end\b"))
        page.set_viewport_size({"width": 1280, "height": 900})
        expect(hint).to_be_hidden()  # the hint is for small screens
    finally:
        context.close()

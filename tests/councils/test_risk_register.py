"""The professional-risk assessment and its register: entry rules, history, the 5×5 heat
map with links to the entries of a cell, and the XLSX export."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from councils.models import RiskAssessment, RiskBands, RiskEntry
from councils.services.risk import risk_assessment_save, risk_entry_remove, risk_entry_save
from tests.councils.factories import CouncilFactory, RiskAssessmentFactory, RiskEntryFactory
from tests.forms import post_form


@pytest.fixture
def assessment(world):
    return RiskAssessmentFactory(council=CouncilFactory(enterprise=world.a))


def add_entry(user, assessment, **fields):
    values = {"hazard": "Methane", "workplace": "Miner", "probability": 3, "severity": 5}
    return risk_entry_save(user=user, entry=RiskEntry(assessment=assessment, **(values | fields)))


def test_council_member_sets_up_an_assessment(world):
    council = CouncilFactory(enterprise=world.a)
    assessment = risk_assessment_save(
        user=world.council_a,
        assessment=RiskAssessment(
            council=council,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            commission="Engineer\nUnion rep",
            objects_assessed="Shaft 3",
            professions="Miner",
            schedule="January: shaft 3",
        ),
    )
    assert (assessment.created_by, assessment.council) == (world.council_a, council)


def test_an_assessment_names_its_commission_and_ends_after_it_starts(world):
    council = CouncilFactory(enterprise=world.a)
    with pytest.raises(ValidationError) as refusal:
        risk_assessment_save(
            user=world.council_a,
            assessment=RiskAssessment(
                council=council,
                period_start=datetime.date(2025, 6, 1),
                period_end=datetime.date(2025, 1, 1),
                commission=" ",
                objects_assessed="Shaft 3",
                professions="Miner",
            ),
        )
    assert refusal.value.message_dict["commission"]
    with pytest.raises(ValidationError) as refusal:
        risk_assessment_save(
            user=world.council_a,
            assessment=RiskAssessment(
                council=council,
                period_start=datetime.date(2025, 6, 1),
                period_end=datetime.date(2025, 1, 1),
                commission="Engineer",
                objects_assessed="Shaft 3",
                professions="Miner",
            ),
        )
    assert "cannot end before it starts" in " ".join(refusal.value.messages)


def test_entries_are_numbered_and_renumbered_after_a_removal(world, assessment):
    entries = [add_entry(world.council_a, assessment, hazard=f"H{n}") for n in range(3)]
    assert [e.position for e in entries] == [1, 2, 3]
    risk_entry_remove(user=world.inspector_a, entry=entries[0])
    assert list(assessment.entries.values_list("hazard", "position")) == [("H1", 1), ("H2", 2)]


def test_residual_risk_cannot_exceed_the_risk_before_controls(world, assessment):
    with pytest.raises(ValidationError) as refusal:
        add_entry(
            world.council_a,
            assessment,
            probability=2,
            severity=2,
            residual_probability=3,
            residual_severity=2,
        )
    assert "residual risk (6) cannot be higher than the risk before controls (4)" in (
        " ".join(refusal.value.messages)
    )


def test_residual_probability_and_severity_come_together(world, assessment):
    with pytest.raises(ValidationError) as refusal:
        add_entry(world.council_a, assessment, residual_probability=1)
    assert "or neither" in " ".join(refusal.value.messages)


def test_scales_run_from_1_to_5(world, assessment):
    with pytest.raises(ValidationError) as refusal:
        add_entry(world.council_a, assessment, probability=6)
    assert refusal.value.message_dict["probability"]


@pytest.mark.parametrize("persona", ["regional", "federation", "inspector_b"])
def test_only_the_councils_people_keep_the_register(world, assessment, persona):
    with pytest.raises(PermissionDenied):
        add_entry(getattr(world, persona), assessment)


def test_register_entry_changes_are_kept_in_its_history(client, world, assessment):
    entry = add_entry(world.council_a, assessment, probability=4, severity=4)
    client.force_login(world.inspector_a)
    response = post_form(
        client,
        reverse("councils:entry_edit", args=[entry.pk]),
        {
            "hazard": "Methane",
            "workplace": "Miner",
            "probability": "4",
            "severity": "4",
            "controls": "Gas monitoring",
            "residual_probability": "2",
            "residual_severity": "4",
        },
    )
    assert response.status_code == 302
    history = client.get(reverse("councils:entry_edit", args=[entry.pk])).context["history"]
    changed = {(c.field, str(c.old), str(c.new)) for c in history}
    assert ("controls", "—", "Gas monitoring") in changed
    assert ("residual probability (1–5)", "—", "2") in changed
    assert {c.user for c in history} == {world.inspector_a}


def test_the_register_page_shows_levels_under_the_configured_bands(client, world, assessment):
    entry = RiskEntryFactory(assessment=assessment, probability=2, severity=3)  # 6
    client.force_login(world.regional)
    page = client.get(assessment.get_absolute_url())
    assert [e.level for e in page.context["entries"]] == ["medium"]
    RiskBands.objects.create(pk=1, low_max=6, medium_max=10, high_max=15)
    page = client.get(assessment.get_absolute_url())
    assert [(e.pk, e.level) for e in page.context["entries"]] == [(entry.pk, "low")]


def heat_cells(response):
    return {
        (cell["probability"], cell["severity"]): cell
        for row in response.context["rows"]
        for cell in row["cells"]
    }


def test_heat_map_counts_entries_per_cell_and_links_to_them(client, world, assessment):
    first = RiskEntryFactory(assessment=assessment, probability=3, severity=5)
    second = RiskEntryFactory(assessment=assessment, probability=3, severity=5)
    RiskEntryFactory(assessment=assessment, probability=1, severity=2)
    client.force_login(world.council_a)
    response = client.get(reverse("councils:heat_map", args=[assessment.pk]))
    cells = heat_cells(response)
    assert len(cells) == 25
    assert [row["severity"] for row in response.context["rows"]] == [5, 4, 3, 2, 1]
    assert (cells[(3, 5)]["count"], cells[(3, 5)]["level"]) == (2, "high")
    assert (cells[(1, 2)]["count"], cells[(1, 2)]["level"]) == (1, "low")
    assert cells[(5, 5)] | {"url": ""} == {
        "probability": 5,
        "severity": 5,
        "product": 25,
        "level": "critical",
        "count": 0,
        "url": "",
    }
    body = response.content.decode()
    assert 'class="risk-high"' in body and "style=" not in body
    filtered = client.get(cells[(3, 5)]["url"])
    assert {e.pk for e in filtered.context["entries"]} == {first.pk, second.pk}


def test_residual_heat_map_counts_the_risk_after_controls(client, world, assessment):
    RiskEntryFactory(
        assessment=assessment,
        probability=4,
        severity=4,
        residual_probability=2,
        residual_severity=3,
    )
    RiskEntryFactory(assessment=assessment, probability=4, severity=4)
    client.force_login(world.council_a)
    cells = heat_cells(
        client.get(reverse("councils:heat_map", args=[assessment.pk]), {"basis": "residual"})
    )
    assert cells[(2, 3)]["count"] == 1 and cells[(4, 4)]["count"] == 0
    assert "basis=residual" in cells[(2, 3)]["url"]


def test_the_register_exports_to_xlsx(client, world, assessment):
    RiskEntryFactory(
        assessment=assessment,
        hazard="Methane explosion",
        workplace="Miner",
        probability=4,
        severity=5,
        controls="=cmd|' /C calc'!A0",
        residual_probability=2,
        residual_severity=4,
        review_on=datetime.date(2026, 1, 15),
    )
    RiskEntryFactory(assessment=assessment, hazard="Noise", probability=1, severity=2)
    client.force_login(world.sector)
    response = client.get(reverse("councils:register_export", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert rows[0][:7] == (
        "No.",
        "Hazard",
        "Workplace or profession",
        "Probability",
        "Severity",
        "Risk",
        "Level",
    )
    assert rows[1][:7] == (1, "Methane explosion", "Miner", 4, 5, 20, "Critical")
    assert rows[1][8:12] == (2, 4, 8, "Medium")
    assert rows[1][12].date() == datetime.date(2026, 1, 15)
    assert rows[2][:7] == (2, "Noise", "Miner", 1, 2, 2, "Low")
    assert sheet.cell(row=7, column=8).data_type == "s"
    assert sheet.cell(row=7, column=7).fill.fgColor.rgb.endswith("FF7C80")
    assert [row[0] for row in book.worksheets[1].iter_rows(values_only=True)] == [
        "Commission members",
        "Objects and units",
        "Professions to assess",
        "Schedule",
    ]

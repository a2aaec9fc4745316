"""The default lists of DOMAIN.md and CONTRACTS.md are in the database after migrating."""

import pytest

from kzsafety.directories.models import (
    Cause,
    EventType,
    OkedSection,
    Region,
    Sector,
    ViolationCategory,
)

KATO = [
    "10", "11", "15", "19", "23", "27", "31", "33", "35", "39",
    "43", "47", "55", "59", "61", "62", "63", "71", "75", "79",
]  # fmt: skip
BUDGET = {"state_banking", "education_science", "healthcare", "culture_sport", "armed_forces"}
REAL = {
    "sme",
    "agriculture",
    "road_transport",
    "rail_transport",
    "construction_housing",
    "oil_gas",
    "mining_metallurgy",
    "coal",
    "energy",
    "communications",
    "other",
}
CAUSES = {
    "work_organisation",
    "victim_negligence",
    "safety_rules_violation",
    "traffic_rules_violation",
    "training_shortcomings",
    "equipment_defects",
    "imperfect_process",
    "ppe_not_used",
    "third_party",
    "natural",
    "other",
}
EVENT_TYPES = {
    "road_accident",
    "fall_from_height",
    "falling_objects",
    "moving_machinery",
    "electric_shock",
    "extreme_temperature",
    "harmful_substances",
    "explosion",
    "drowning",
    "physical_overload",
    "violence",
    "animals",
    "natural_disaster",
    "other",
}


def test_the_twenty_regions_with_kato_codes_and_three_names(db):
    regions = Region.objects.all()
    assert [region.code for region in regions] == KATO
    assert all(region.name_kk and region.name_ru and region.name_en for region in regions)
    assert Region.objects.get(code="55").name_en == "Pavlodar Region"


def test_sectors_carry_the_budget_flag(db):
    assert set(Sector.objects.filter(budget=True).values_list("key", flat=True)) == BUDGET
    assert set(Sector.objects.filter(budget=False).values_list("key", flat=True)) == REAL


def test_causes_and_event_types_have_the_contract_keys(db):
    assert set(Cause.objects.values_list("key", flat=True)) == CAUSES
    assert set(EventType.objects.values_list("key", flat=True)) == EVENT_TYPES


def test_oked_sections_a_to_u(db):
    assert "".join(OkedSection.objects.values_list("code", flat=True)) == "ABCDEFGHIJKLMNOPQRSTU"


def test_violation_categories_default_list(db):
    assert {
        "ppe",
        "machine_guarding",
        "electrical_safety",
        "work_at_height",
        "fire_safety",
        "sanitary_conditions",
        "training_briefing",
        "documentation",
        "other",
    } == set(ViolationCategory.objects.values_list("key", flat=True))


@pytest.mark.parametrize(
    ("language", "expected"), [("kk", "Павлодар облысы"), ("ru", "Павлодарская область")]
)
def test_names_follow_the_active_language(db, language, expected):
    from django.utils import translation

    with translation.override(language):
        assert str(Region.objects.get(code="55")) == expected

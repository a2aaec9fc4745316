"""The note's sentences are generated from the numbers: a rise, a fall, no change, a year
before with none, one item and several, the largest regions with their shares, the sources
with their differences, and each warning as a remark.

The English assertions read the whole sentence. Until the lead fills the kk and ru
catalogues, the Kazakh and Russian runs check what the code contributes whatever the
translation: the numbers formatted for the language and, in Kazakh, the case ending of the
amount of a change."""

import pytest
from django.utils import translation

from kzsafety.statistics.analysis import sentences
from kzsafety.statistics.analysis.grammar import NBSP


def row(previous, current, indicator="accidents", change_pct=None, source="monitoring"):
    change = None if previous is None or current is None else current - previous
    return {
        "indicator": indicator,
        "scope": "all",
        "source": source,
        "values": {"2024": previous, "2025": current},
        "entered": [],
        "change": change,
        "change_pct": change_pct,
    }


def sentence(previous, current, change_pct=None, indicator="accidents"):
    return sentences.change_sentence(row(previous, current, indicator, change_pct), 2025)


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


def test_a_rise_states_the_count_the_change_and_its_percentage(in_english):
    assert sentence(1182, 1227, 3.8) == (
        f"In 2025, 1,227 accidents were recorded, 45 (3.8{NBSP}%) more than in 2024."
    )


def test_a_fall_says_fewer(in_english):
    assert sentence(240, 228, 5.0, "fatalities") == (
        f"In 2025, 228 people died, 12 (5.0{NBSP}%) fewer than in 2024."
    )


def test_no_change_says_as_many(in_english):
    assert sentence(7, 7, 0.0, "victims") == ("In 2025, 7 people were injured, as many as in 2024.")


def test_a_year_before_with_none_gives_no_percentage(in_english):
    assert sentence(0, 4) == "In 2025, 4 accidents were recorded, none were recorded in 2024."


def test_a_year_before_without_a_value_is_not_compared(in_english):
    assert sentence(None, 4) == "In 2025, 4 accidents were recorded."


def test_one_item_is_singular_and_several_plural(in_english):
    assert sentence(0, 1).startswith("In 2025, 1 accident was recorded")
    assert sentence(1, 2, 100.0).startswith("In 2025, 2 accidents were recorded")
    assert sentence(1, 1, 0.0, "fatalities").startswith("In 2025, 1 person died")


def report_with_regions(victims: dict) -> dict:
    return {
        "year": 2025,
        "by_region": [
            {"region": code, "victims": n, "fatalities": 0} for code, n in victims.items()
        ],
    }


def test_the_largest_regions_are_named_with_their_shares(in_english):
    names = {"35": "Karaganda", "55": "Pavlodar", "75": "Almaty", "11": "Akmola"}
    report = report_with_regions({"35": 6, "55": 2, "75": 1, "11": 1})
    assert sentences.largest_regions(report, names) == [
        f"Regions with the most victims: Karaganda — 6 (60.0{NBSP}%); "
        f"Pavlodar — 2 (20.0{NBSP}%); Akmola — 1 (10.0{NBSP}%)."
    ]


def test_a_single_region_with_victims_is_named_in_the_singular(in_english):
    report = report_with_regions({"35": 3, "55": 0})
    assert sentences.largest_regions(report, {"35": "Karaganda"}) == [
        f"Region with the most victims: Karaganda — 3 (100.0{NBSP}%)."
    ]


def test_no_victims_anywhere_says_so(in_english):
    report = report_with_regions({"35": 0})
    assert sentences.largest_regions(report, {}) == ["No victims were recorded in any region."]


def test_the_sources_are_compared_with_their_differences(in_english):
    report = {
        "year": 2025,
        "accidents": [
            row(1182, 1227),
            row(None, 1250, source="ministry"),
            row(None, 1200, indicator="victims", source="statistics_bureau"),
            row(None, 1200, indicator="victims"),
        ],
    }
    assert sentences.sources_compared(report) == [
        "Ministry of Labour: Accidents — 1,250, 23 more than the federation's monitoring.",
        "Bureau of National Statistics: Victims — 1,200, the same as the federation's monitoring.",
    ]


def test_each_warning_becomes_a_remark_to_check(in_english):
    report = {
        "warnings": [
            {"year": 2024, "rule": "union_exceeds_all", "message": "Accidents at union ..."}
        ]
    }
    assert sentences.remarks(report) == ["Please check (2024): Accidents at union ..."]


def test_kazakh_sentences_carry_kazakh_numbers_and_the_dative_of_the_change():
    with translation.override("kk"):
        text = sentence(1182, 1227, 3.8)
    assert f"1{NBSP}227" in text
    assert "45-ке" in text
    assert f"3,8{NBSP}%-ға" in text
    assert "2024" in text and "2025" in text


def test_russian_sentences_carry_russian_numbers():
    with translation.override("ru"):
        text = sentence(1182, 1227, 3.8)
        fall = sentence(240, 228, 5.0, "fatalities")
    assert f"1{NBSP}227" in text
    assert f"45 (3,8{NBSP}%)" in text
    assert f"12 (5,0{NBSP}%)" in fall


def control(**values):
    counts = ("inspections", "violations_found", "violations_eliminated", "work_stoppages")
    totals = {**dict.fromkeys(counts, 0), "eliminated_pct": None, "proposals": 0, **values}
    return {"year": 2025, "public_control": totals}


def test_public_control_counts_choose_singular_or_plural(in_english):
    report = control(
        inspections=1, violations_found=4, violations_eliminated=3, eliminated_pct=75.0,
        work_stoppages=1, proposals=2,
    )  # fmt: skip
    assert sentences.public_control(report) == [
        "In 2025, technical inspectors carried out 1 inspection, found 4 violations and "
        f"eliminated 3 of them (75.0{NBSP}%).",
        "Work was stopped 1 time.",
        "2 proposals to improve working conditions were made.",
    ]


def test_a_year_without_inspections_says_so_rather_than_listing_zeros(in_english):
    assert sentences.public_control(control()) == ["No inspection of 2025 is recorded."]


def test_the_conclusion_counts_the_figures_to_check(in_english):
    report = {
        "year": 2025,
        "accidents": [row(4, 4, change_pct=0.0), row(2, 1, "fatalities", 50.0)],
        "warnings": [{"year": 2025, "rule": "r", "message": "m"}] * 2,
    }
    assert sentences.conclusion(report) == [
        "In 2025, 4 accidents were recorded, as many as in 2024.",
        f"In 2025, 1 person died, 1 (50.0{NBSP}%) fewer than in 2024.",
        "2 figures break a consistency rule and should be checked before the note is published.",
    ]

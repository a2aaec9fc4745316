"""The grammar the note's sentences rely on, in Kazakh and Russian: the plural form the
Russian catalogue chooses for a count (1 случай, 2 случая, 5 случаев), numbers grouped with
a no-break space and a decimal comma, percentages as "3,8 %", and the case ending a
Kazakh number takes after a hyphen (45-ке, 3,8 %-ға)."""

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from kzsafety.statistics.analysis.grammar import (
    NBSP,
    by_amount,
    integer,
    kk_case,
    percent,
    signed,
)


@pytest.mark.parametrize(
    ("count", "form"),
    [(1, 0), (21, 0), (101, 0), (2, 1), (4, 1), (22, 1), (5, 2), (11, 2), (12, 2), (0, 2)],
)
def test_russian_counts_choose_one_of_three_plural_forms(count, form):
    # 0: 1 несчастный случай, 1: 2 несчастных случая, 2: 5 несчастных случаев
    assert trans_real.translation("ru").plural(count) == form


def test_kazakh_counts_keep_the_noun_singular_in_every_form():
    # Kazakh has two forms in the catalogue header; the note's translations give the same
    # singular noun in both ("1 жазатайым оқиға", "45 жазатайым оқиға").
    assert trans_real.translation("kk").plural(45) in (0, 1)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_kazakh_and_russian_group_thousands_with_a_no_break_space(language):
    with translation.override(language):
        assert integer(1227) == f"1{NBSP}227"
        assert integer(1234567) == f"1{NBSP}234{NBSP}567"
        assert percent(3.8) == f"3,8{NBSP}%"
        assert signed(-45) == "−45"
        assert signed(45) == "+45"


def test_english_groups_with_a_comma_and_keeps_the_decimal_point():
    with translation.override("en"):
        assert integer(1227) == "1,227"
        assert percent(3.8) == f"3.8{NBSP}%"


@pytest.mark.parametrize(
    ("number", "dative", "locative", "ablative"),
    [
        (1, "1-ге", "1-де", "1-ден"),  # бір
        (2, "2-ге", "2-де", "2-ден"),  # екі
        (3, "3-ке", "3-те", "3-тен"),  # үш
        (6, "6-ға", "6-да", "6-дан"),  # алты
        (9, "9-ға", "9-да", "9-дан"),  # тоғыз
        (10, "10-ға", "10-да", "10-нан"),  # он
        (40, "40-қа", "40-та", "40-тан"),  # қырық
        (45, "45-ке", "45-те", "45-тен"),  # қырық бес
        (60, "60-қа", "60-та", "60-тан"),  # алпыс
        (80, "80-ге", "80-де", "80-нен"),  # сексен
        (100, "100-ге", "100-де", "100-ден"),  # жүз
        (2000, "2000-ға", "2000-да", "2000-нан"),  # екі мың
    ],
)
def test_kazakh_numbers_take_the_ending_of_the_last_word_read_aloud(
    number, dative, locative, ablative
):
    written = str(number)
    assert kk_case(number, written, "dative") == dative
    assert kk_case(number, written, "locative") == locative
    assert kk_case(number, written, "ablative") == ablative


def test_kazakh_fractions_and_percentages_take_their_own_endings():
    assert kk_case(3.8, "3,8", "dative") == "3,8-ге"  # ... оннан сегіз
    assert kk_case(3.8, f"3,8{NBSP}%", "dative") == f"3,8{NBSP}%-ға"  # пайыз
    assert kk_case(1227, f"1{NBSP}227", "dative") == f"1{NBSP}227-ге"  # жеті


def test_only_kazakh_puts_the_amount_of_a_change_in_the_dative():
    with translation.override("kk"):
        assert by_amount(45, "45") == "45-ке"
    with translation.override("ru"):
        assert by_amount(45, "45") == "45"

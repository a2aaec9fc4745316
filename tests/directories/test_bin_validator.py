"""The BIN/IIN check digit of DOMAIN.md, with each case worked out by hand."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kzsafety.directories.validators import is_valid_identification_number, validate_bin

# 08114000043|6: 0·1+8·2+1·3+1·4+4·5+0+0+0+0+4·10+3·11 = 116; 116 mod 11 = 6.
SAMRUK_KAZYNA = "081140000436"
# 99034000050|4: first weights give 9+18+0+12+20+0+0+0+0+50+0 = 109 → 10, so the second
# weights: 27+36+0+18+28+0+0+0+0+5+0 = 114 → 114 mod 11 = 4.
SECOND_WEIGHTS = "990340000504"
# 99034000053|?: first weights 142 → 10, second weights 120 → 10 again: no valid number.
TEN_TWICE_PREFIX = "99034000053"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_messages_are_in_the_users_language():
    with translation.override("kk"), pytest.raises(ValidationError) as error:
        validate_bin("123")
    assert "БСН" in str(error.value)


def test_real_bin_with_correct_check_digit_is_valid():
    validate_bin(SAMRUK_KAZYNA)
    assert is_valid_identification_number(SAMRUK_KAZYNA)


def test_bin_with_wrong_check_digit_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        validate_bin("081140000437")
    assert "wrong check digit" in str(error.value)


def test_check_digit_falls_back_to_second_weights_when_first_sum_gives_ten():
    validate_bin(SECOND_WEIGHTS)
    # With the first weights alone the check digit would have to be 10; no digit 0 works.
    assert not is_valid_identification_number(SECOND_WEIGHTS[:11] + "0")


@pytest.mark.parametrize("last", "0123456789")
def test_number_whose_sums_give_ten_twice_is_invalid_whatever_the_last_digit(last):
    with pytest.raises(ValidationError) as error:
        validate_bin(TEN_TWICE_PREFIX + last)
    assert "cannot exist" in str(error.value)


@pytest.mark.parametrize("value", ["08114000043", "0811400004360", "", "1"])
def test_bin_of_wrong_length_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_bin(value)
    assert "12 digits" in str(error.value)


@pytest.mark.parametrize(
    "value", ["08114000043a", "0811-0000436", "０８１１４０００００４３６", " 81140000436"]
)
def test_bin_with_non_digits_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_bin(value)
    assert "12 digits" in str(error.value)

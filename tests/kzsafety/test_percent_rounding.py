import pytest

from kzsafety.numbers import percent


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 16, 6.3),  # 6.25: halves go away from zero (plain float rounding gives 6.2)
        (-1, 16, -6.3),
        (1, 8, 12.5),
        (3, 16, 18.8),  # 18.75
        (7, 7, 100.0),
        (2, 3, 66.7),
        (1, 3, 33.3),
        (3, 1, 300.0),
        (0, 5, 0.0),
    ],
)
def test_percent_rounds_half_away_from_zero_to_one_decimal(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.mark.parametrize(("part", "whole"), [(1, 0), (None, 5), (0, None)])
def test_percent_is_null_when_undefined(part, whole):
    assert percent(part, whole) is None

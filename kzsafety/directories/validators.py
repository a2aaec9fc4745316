"""Checks of Kazakhstan's 12-digit identification numbers (BIN for legal entities, IIN for
people). Both share one check digit, described in DOMAIN.md."""

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_FIRST_WEIGHTS = range(1, 12)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """Return the check digit for 11 digits, or None when no valid digit exists."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
        if total == 10:
            return None
    return total


def is_valid_identification_number(value: str) -> bool:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    expected = check_digit(value[:11])
    return expected is not None and expected == int(value[11])


def _validate(value: str, name: Promise) -> None:
    """`name` is translated only for an error: a valid number costs no translation (an
    import validates thousands)."""
    value = str(value)
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("%(label)s must be exactly 12 digits."),
            code="format",
            params={"label": str(name)},
        )
    expected = check_digit(value[:11])  # computed once: imports check millions of numbers
    if expected is None:
        raise ValidationError(
            _("%(label)s %(value)s cannot exist: its check digit cannot be computed."),
            code="checksum",
            params={"label": str(name), "value": value},
        )
    if expected != int(value[11]):
        raise ValidationError(
            _("%(label)s %(value)s has a wrong check digit; please check the number."),
            code="checksum",
            params={"label": str(name), "value": value},
        )


def validate_bin(value: str) -> None:
    _validate(value, _("BIN"))


def validate_iin(value: str) -> None:
    _validate(value, _("IIN"))

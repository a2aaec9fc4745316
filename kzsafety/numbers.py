"""Numbers as the federation publishes them."""

from decimal import ROUND_HALF_UP, Decimal


def percent(part: int | None, whole: int | None) -> float | None:
    """100·part/whole rounded half away from zero to one decimal; None when undefined."""
    if part is None or not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(value)

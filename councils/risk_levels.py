"""Professional-risk levels (Order No. 363): risk = probability × severity on 1–5 scales,
banded low / medium / high / critical. The bands are configurable; this module is the one
place a product becomes a level, for pages, exports and database filters alike."""

from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = range(1, 6)
MAX_PRODUCT = 25


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class BandBounds(Protocol):
    """Upper bounds of the first three bands; critical runs from high_max + 1 to 25."""

    low_max: int
    medium_max: int
    high_max: int


@dataclass(frozen=True)
class Bands:
    low_max: int = 4
    medium_max: int = 9
    high_max: int = 16

    def __post_init__(self) -> None:
        if not 1 <= self.low_max < self.medium_max < self.high_max < MAX_PRODUCT:
            raise ValueError(
                f"Band bounds must rise within 1–{MAX_PRODUCT - 1}: "
                f"{self.low_max}, {self.medium_max}, {self.high_max}"
            )


DEFAULT_BANDS = Bands()


def risk_level(product: int, bands: BandBounds = DEFAULT_BANDS) -> str:
    """The level of a risk product (1–25) under the given bands."""
    if not 1 <= product <= MAX_PRODUCT:
        raise ValueError(f"A risk product is between 1 and {MAX_PRODUCT}, not {product}.")
    if product <= bands.low_max:
        return RiskLevel.LOW
    if product <= bands.medium_max:
        return RiskLevel.MEDIUM
    if product <= bands.high_max:
        return RiskLevel.HIGH
    return RiskLevel.CRITICAL


def products_by_level(bands: BandBounds = DEFAULT_BANDS) -> dict[str, list[int]]:
    """Every product 1–25 under its level, so a database filter can use risk_level too."""
    result: dict[str, list[int]] = {level: [] for level in RiskLevel.values}
    for product in range(1, MAX_PRODUCT + 1):
        result[risk_level(product, bands)].append(product)
    return result

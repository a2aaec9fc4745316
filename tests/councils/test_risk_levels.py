"""Risk level = the band of probability × severity: at every band boundary with the
default bands (low 1–4, medium 5–9, high 10–16, critical 17–25) and with custom ones."""

import pytest
from django.core.exceptions import ValidationError

from councils.models import RiskBands, RiskEntry
from councils.risk_levels import DEFAULT_BANDS, Bands, RiskLevel, risk_level
from tests.councils.factories import RiskAssessmentFactory, RiskEntryFactory

LOW, MEDIUM, HIGH, CRITICAL = (level.value for level in RiskLevel)


@pytest.mark.parametrize(
    ("product", "level"),
    [
        (1, LOW),
        (4, LOW),
        (5, MEDIUM),
        (9, MEDIUM),
        (10, HIGH),
        (16, HIGH),
        (17, CRITICAL),
        (25, CRITICAL),
    ],
)
def test_default_bands_at_every_boundary(product, level):
    assert risk_level(product, DEFAULT_BANDS) == level


def test_the_defaults_are_low_4_medium_9_high_16():
    assert (DEFAULT_BANDS.low_max, DEFAULT_BANDS.medium_max, DEFAULT_BANDS.high_max) == (4, 9, 16)


@pytest.mark.parametrize(
    ("product", "level"),
    [
        (1, LOW),
        (2, LOW),
        (3, MEDIUM),
        (6, MEDIUM),
        (7, HIGH),
        (12, HIGH),
        (13, CRITICAL),
        (25, CRITICAL),
    ],
)
def test_custom_bands_at_every_boundary(product, level):
    assert risk_level(product, Bands(low_max=2, medium_max=6, high_max=12)) == level


def test_the_configured_row_serves_as_bands():
    bands = RiskBands(low_max=3, medium_max=8, high_max=20)
    assert [risk_level(p, bands) for p in (3, 4, 8, 9, 20, 21)] == [
        LOW,
        MEDIUM,
        MEDIUM,
        HIGH,
        HIGH,
        CRITICAL,
    ]


@pytest.mark.parametrize("product", [0, 26, -1])
def test_a_product_outside_1_to_25_has_no_level(product):
    with pytest.raises(ValueError):
        risk_level(product)


@pytest.mark.parametrize("bounds", [(4, 4, 16), (0, 9, 16), (4, 9, 25), (9, 4, 16)])
def test_bands_must_rise_within_the_scale(bounds):
    with pytest.raises(ValueError):
        Bands(*bounds)


def test_the_default_row_is_used_until_one_is_saved(db):
    bands = RiskBands.current()
    assert bands.pk == 1 and bands._state.adding
    assert (bands.low_max, bands.medium_max, bands.high_max) == (4, 9, 16)
    assert bands.ranges() == [
        ("low", "Low", 1, 4),
        ("medium", "Medium", 5, 9),
        ("high", "High", 10, 16),
        ("critical", "Critical", 17, 25),
    ]


def test_the_configured_bands_must_rise(db):
    with pytest.raises(ValidationError) as refusal:
        RiskBands(pk=1, low_max=9, medium_max=5, high_max=16).full_clean()
    assert "low < medium < high < 25" in " ".join(refusal.value.messages)


@pytest.mark.parametrize("custom", [False, True])
def test_database_levels_agree_with_risk_level_for_all_25_cells(db, custom):
    bands = RiskBands.objects.create(pk=1, low_max=2, medium_max=6, high_max=12) if custom else None
    bands = bands or RiskBands.current()
    assessment = RiskAssessmentFactory()
    for probability in range(1, 6):
        for severity in range(1, 6):
            RiskEntryFactory(
                assessment=assessment,
                probability=probability,
                severity=severity,
                residual_probability=1,
                residual_severity=severity,
            )
    for entry in RiskEntry.objects.with_levels(RiskBands.current()):
        assert entry.product == entry.probability * entry.severity
        assert entry.level == risk_level(entry.product, bands)
        assert entry.residual_level == risk_level(entry.residual_product, bands)

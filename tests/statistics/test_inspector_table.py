"""Technical inspectors: active on 31 December (appointed on or before, not left on or
before), of them trained during the year. The `world` has four inspectors appointed in
2022 and still serving."""

import datetime

from kzsafety.statistics.annual import entered_figures, inspectors, national_basis
from kzsafety.statistics.models import Figure
from tests.factories import TechnicalInspectorFactory, TrainingRecordFactory


def test_active_and_trained_inspectors_of_the_year(world):
    newcomer = TechnicalInspectorFactory(enterprise=world.a, appointed_on=datetime.date(2026, 1, 1))
    left_on_the_day = TechnicalInspectorFactory(
        enterprise=world.a, left_on=datetime.date(2025, 12, 31)
    )
    left_after = TechnicalInspectorFactory(enterprise=world.b, left_on=datetime.date(2026, 1, 5))
    TrainingRecordFactory(inspector=left_after, completed_on=datetime.date(2025, 3, 1))
    TrainingRecordFactory(inspector=left_after, completed_on=datetime.date(2025, 9, 1), course="B")
    TrainingRecordFactory(inspector=left_on_the_day, completed_on=datetime.date(2025, 5, 1))
    TrainingRecordFactory(inspector=newcomer, completed_on=datetime.date(2025, 12, 31))
    first = world.a.inspectors.order_by("pk").first()
    TrainingRecordFactory(inspector=first, completed_on=datetime.date(2024, 12, 31))

    result = inspectors(national_basis(), 2025, entered_figures([2025]))
    # 4 from the world + left_after; trained in 2025 and active: left_after only.
    assert result == {"total": 5, "trained": 1, "trained_pct": 20.0}


def test_entered_inspector_figures_replace_the_computed_ones(world):
    Figure.objects.create(
        year=2025, source="monitoring", indicator="inspectors_total", scope="all", value=16600
    )
    Figure.objects.create(
        year=2025, source="monitoring", indicator="inspectors_trained", scope="all", value=11786
    )
    result = inspectors(national_basis(), 2025, entered_figures([2025]))
    assert result == {"total": 16600, "trained": 11786, "trained_pct": 71.0}

"""The `inspectors` kind: one row is a technical inspector, matched by registry number;
`trained_on` adds a training record per date."""

import datetime

import pytest

from kzsafety.directories.models import TechnicalInspector, TrainingRecord
from tests.factories import EnterpriseFactory, TechnicalInspectorFactory, TrainingRecordFactory
from tests.imports.conftest import csv_bytes, messages, new_bin, run, xlsx_bytes

HEADER = [
    "number",
    "full_name",
    "region",
    "enterprise_bin",
    "appointed_on",
    "left_on",
    "trained_on",
]


@pytest.mark.django_db
def test_inspectors_are_created_with_their_enterprise_and_trainings():
    enterprise = EnterpriseFactory()
    content = csv_bytes(
        [
            HEADER,
            [
                "TI-1",
                "Aigerim Nurlanova",
                "35",
                enterprise.bin,
                "2020-03-01",
                "",
                "2024-05-10; 15.02.2025",
            ],
            ["TI-2", "Serik Akhmetov", "55", "", "01.09.2019", "2024-12-31", ""],
        ]
    )
    result = run("inspectors", content)
    assert result.ok, messages(result)
    assert result.created == 2
    first = TechnicalInspector.objects.get(number="TI-1")
    assert (first.enterprise, first.region.code, first.appointed_on) == (
        enterprise,
        "35",
        datetime.date(2020, 3, 1),
    )
    assert sorted(first.trainings.values_list("completed_on", flat=True)) == [
        datetime.date(2024, 5, 10),
        datetime.date(2025, 2, 15),
    ]
    second = TechnicalInspector.objects.get(number="TI-2")
    assert (second.enterprise, second.left_on) == (None, datetime.date(2024, 12, 31))


@pytest.mark.django_db
def test_reimport_adds_only_trainings_not_yet_recorded():
    inspector = TechnicalInspectorFactory(number="TI-7")
    TrainingRecordFactory(inspector=inspector, completed_on=datetime.date(2024, 5, 10))
    row = [
        inspector.number,
        inspector.full_name,
        inspector.region.code,
        inspector.enterprise.bin,
        inspector.appointed_on,
        "",
        "2024-05-10;2025-01-20",
    ]
    result = run("inspectors", xlsx_bytes([HEADER, row]))
    assert result.ok, messages(result)
    assert (result.created, result.updated) == (0, 1)
    assert TrainingRecord.objects.filter(inspector=inspector).count() == 2
    again = run("inspectors", xlsx_bytes([HEADER, row]))
    assert (again.updated, again.unchanged) == (0, 1)
    assert TrainingRecord.objects.filter(inspector=inspector).count() == 2
    assert TechnicalInspector.objects.filter(number="TI-7").count() == 1


@pytest.mark.django_db
def test_a_leaving_date_before_the_appointment_is_refused_with_the_models_message():
    content = csv_bytes([HEADER, ["TI-3", "Name", "35", "", "2022-01-10", "2021-01-01", ""]])
    result = run("inspectors", content)
    assert messages(result) == [
        "row 2, column left_on: The leaving date cannot be before the appointment."
    ]


@pytest.mark.django_db
def test_an_unknown_enterprise_bin_is_an_error():
    content = csv_bytes([HEADER, ["TI-4", "Name", "35", new_bin(1), "2022-01-10", "", ""]])
    result = run("inspectors", content)
    assert messages(result) == [
        "row 2, column enterprise_bin: No enterprise with this BIN in your scope."
    ]
    assert not TechnicalInspector.objects.filter(number="TI-4").exists()


@pytest.mark.django_db
def test_bad_training_dates_are_reported():
    content = csv_bytes(
        [HEADER, ["TI-5", "Name", "35", "", "2022-01-10", "", "2024-05-10;31.02.2024"]]
    )
    result = run("inspectors", content)
    assert messages(result) == ["row 2, column trained_on: There is no such date: 31.02.2024."]

"""The XLSX template of each kind: localized header row, drop-down lists, instructions;
filled in, it imports back as it is."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from kzsafety.directories.models import TechnicalInspector
from kzsafety.imports.kinds import get_kind
from kzsafety.imports.templates import template_workbook
from tests.factories import InspectionFactory
from tests.imports.conftest import messages, new_bin, run

KINDS = ["enterprises", "inspectors", "accidents", "inspections", "violations", "figures"]


def open_template(kind: str, language: str):
    with translation.override(language):
        return load_workbook(io.BytesIO(template_workbook(get_kind(kind))))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_template_has_localized_headers_lists_and_instructions(kind, language):
    workbook = open_template(kind, language)
    data, instructions, lists = workbook.worksheets
    columns = get_kind(kind).columns
    with translation.override(language):
        expected = [capfirst(str(column.label)) for column in columns]
    assert [cell.value for cell in data[1]] == expected
    assert lists.sheet_state == "hidden"
    keyed = [c for c in columns if c.options is not None]
    assert len(data.data_validations.dataValidation) == len(keyed)
    instruction_keys = {row[1] for row in instructions.iter_rows(values_only=True)}
    assert {c.key for c in columns} <= instruction_keys


@pytest.mark.django_db
def test_the_region_list_offers_the_region_names_in_the_users_language():
    lists = open_template("enterprises", "ru")["lists"]
    assert lists["A1"].value == "region"
    regions = [row[0] for row in lists.iter_rows(min_row=2, max_col=1, values_only=True) if row[0]]
    assert "Карагандинская область" in regions
    assert len(regions) == 20


def sample(kind: str, world) -> dict:
    return {
        "enterprises": {"bin": new_bin(1), "name": "Filled in", "headcount": 10},
        "inspectors": {
            "number": "TI-500",
            "full_name": "Filled in",
            "enterprise_bin": world.a.bin,
            "appointed_on": datetime.date(2020, 1, 15),
            "trained_on": "2024-01-01;2024-06-01",
        },
        "accidents": {
            "accident_ref": "T-1",
            "date": datetime.date(2025, 2, 3),
            "enterprise_bin": world.a.bin,
            "employer_fault_pct": 50,
            "description": "Filled in",
            "victim_name": "Filled in",
            "victim_age": 30,
            "days_lost": 5,
        },
        "inspections": {
            "inspection_ref": "T-INS-1",
            "date": datetime.date(2025, 2, 3),
            "enterprise_bin": world.a.bin,
            "inspector_number": TechnicalInspector.objects.get(enterprise=world.a).number,
            "proposals": 2,
        },
        "violations": {
            "inspection_ref": InspectionFactory(
                enterprise=world.a,
                inspector=TechnicalInspector.objects.get(enterprise=world.a),
                reference="T-INS-2",
            ).reference,
            "description": "Filled in",
            "deadline": datetime.date(2025, 7, 1),
            "eliminated_on": None,
        },
        "figures": {"year": 2023, "value": 10},
    }[kind]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_filled_in_template_imports_back(kind, language, world):
    workbook = open_template(kind, language)
    data, lists = workbook.worksheets[0], workbook["lists"]
    options = {
        column[0].value: [cell.value for cell in column[1:] if cell.value is not None]
        for column in lists.iter_cols()
    }
    values = sample(kind, world)
    for index, column in enumerate(get_kind(kind).columns, start=1):
        if column.key in values and values[column.key] is None:
            continue
        if column.key in values:
            data.cell(row=2, column=index, value=values[column.key])
        elif column.key in options:
            data.cell(row=2, column=index, value=options[column.key][0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with translation.override(language):
        result = run(kind, buffer.getvalue(), user=world.federation)
    assert result.ok, messages(result)
    assert result.created == 1


@pytest.mark.django_db
def test_templates_are_downloaded_by_staff_in_their_scope(client, world):
    client.force_login(world.regional)
    response = client.get(reverse("imports:template", args=["enterprises"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value
    assert client.get(reverse("imports:template", args=["figures"])).status_code == 404
    client.force_login(world.inspector_a)
    assert client.get(reverse("imports:template", args=["enterprises"])).status_code == 403

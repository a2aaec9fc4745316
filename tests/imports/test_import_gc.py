"""An import eases Python's cyclic garbage collector while it runs (a fifth of its CPU went
to collections) and gives the process its settings back afterwards, error or not."""

import gc
import io

import pytest

from kzsafety.imports.engine import IMPORT_GC_THRESHOLDS, import_file
from tests.imports.conftest import csv_bytes, messages

HEADER = ["number", "full_name", "region", "appointed_on"]


def _import(rows, seen: list, dry_run=False):
    return import_file(
        kind="inspectors",
        stream=io.BytesIO(csv_bytes([HEADER, *rows])),
        user=None,
        dry_run=dry_run,
        before_commit=lambda _result: seen.append((gc.get_threshold(), gc.get_freeze_count())),
    )


@pytest.mark.django_db
def test_the_collector_is_eased_during_an_import_and_restored_after():
    before = gc.get_threshold()
    seen: list = []
    result = _import([["TI-1", "Aigerim Nurlanova", "35", "2020-03-01"]], seen)
    assert result.ok, messages(result)
    ((thresholds, frozen),) = seen
    assert thresholds == IMPORT_GC_THRESHOLDS != before
    assert frozen > 0  # the objects that existed before are set aside
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


@pytest.mark.django_db
def test_the_collector_is_restored_after_an_import_with_errors():
    before = gc.get_threshold()
    result = _import([["TI-1", "Aigerim Nurlanova", "no such region", "2020-03-01"]], [])
    assert not result.ok
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

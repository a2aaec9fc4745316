"""The end of a batch's writes (history rows, foreign-key checks, the savepoint's release) is
answered while the next batch is read (kzsafety/imports/fastwrite.py, PostgreSQL): a
refusal there is still reported at its rows and rolls back only its batch; an import plans
its lookups by index and leaves the tables it filled analysed."""

from collections import Counter
from io import BytesIO

import pytest
from django.db import DatabaseError, connection, transaction

from kzsafety.directories.imports import InspectorsKind
from kzsafety.directories.models import TechnicalInspector
from kzsafety.imports import fastwrite
from kzsafety.imports.engine import import_file
from tests.concurrency import ON_POSTGRESQL
from tests.factories import EnterpriseFactory, TechnicalInspectorFactory
from tests.imports.conftest import csv_bytes, messages, run

pytestmark = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="pipeline mode, SET CONSTRAINTS and ANALYZE are PostgreSQL's"
)

HEADER = ["number", "full_name", "region", "enterprise_bin", "appointed_on"]
MISSING = 2**62


def _inspector(name: str, enterprise_id: int | None = None) -> TechnicalInspector:
    inspector = TechnicalInspectorFactory.build(full_name=name)
    inspector.region.save()
    inspector.region_id = inspector.region.pk
    inspector.enterprise_id = enterprise_id
    fastwrite.insert(TechnicalInspector, [inspector], user=None, reason="import")
    return inspector


@pytest.mark.django_db
def test_a_batch_refused_at_its_end_is_rolled_back_alone_and_the_next_one_is_written():
    refusals: list[DatabaseError] = []
    with transaction.atomic(), fastwrite.pipelined_batches():
        with fastwrite.batch(refusals.append):
            _inspector("first")
        # Its foreign key is checked at the end of the batch: answered later, or while the
        # end is still being sent if PostgreSQL is quick.
        with fastwrite.batch(refusals.append):
            _inspector("second", enterprise_id=MISSING)
        with fastwrite.batch(refusals.append):
            _inspector("third")
    assert len(refusals) == 1
    assert "foreign key" in str(refusals[0])
    names = TechnicalInspector.objects.values_list("full_name", flat=True)
    assert sorted(names) == ["first", "third"]
    history = TechnicalInspector.history.values_list("full_name", "history_type")
    assert sorted(history) == [("first", "+"), ("third", "+")]


@pytest.mark.django_db
def test_a_refusal_while_a_batch_is_written_rolls_it_back_and_is_raised():
    with transaction.atomic(), fastwrite.pipelined_batches():
        with pytest.raises(DatabaseError), fastwrite.batch(pytest.fail):
            _inspector("kept only if the batch is")
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        with fastwrite.batch(pytest.fail):
            _inspector("after")
    assert list(TechnicalInspector.objects.values_list("full_name", flat=True)) == ["after"]
    assert list(TechnicalInspector.history.values_list("full_name", flat=True)) == ["after"]


@pytest.mark.django_db
def test_an_import_whose_batch_the_database_refuses_reports_its_rows_and_writes_nothing(
    monkeypatch,
):
    """Someone deletes an enterprise after the import found it and before its batch is
    written: the foreign-key check at the end of that batch refuses it."""
    kept, deleted = EnterpriseFactory(), EnterpriseFactory()
    monkeypatch.setattr(InspectorsKind, "batch_size", 2)
    content = csv_bytes(
        [
            HEADER,
            ["TI-1", "Aigerim Nurlanova", "35", kept.bin, "2020-03-01"],
            ["TI-2", "Serik Akhmetov", "35", "", "2020-03-01"],
            ["TI-3", "Dana Omarova", "35", deleted.bin, "2020-03-01"],
            ["TI-4", "Arman Seitkali", "35", "", "2020-03-01"],
            ["TI-5", "Ruslan Bekov", "no such region", "", "2020-03-01"],
        ]
    )
    savepoints = Counter()

    def delete_before_the_second_batch(execute, sql, params, many, context):
        if sql.startswith("SAVEPOINT kzsafety_import_batch"):
            savepoints["seen"] += 1
            if savepoints["seen"] == 2:
                execute(
                    "DELETE FROM directories_enterprise WHERE id = %s", [deleted.pk], False, context
                )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(delete_before_the_second_batch):
        result = run("inspectors", content)

    assert not result.ok
    found = messages(result)
    assert any(m.startswith("row 4: The database refused rows 4–5:") for m in found), found
    assert any(m.startswith("row 6, column region:") for m in found), found  # still checked
    assert not TechnicalInspector.objects.filter(number__startswith="TI-").exists()
    assert not TechnicalInspector.history.filter(number__startswith="TI-").exists()


@pytest.fixture
def reference_lists(transactional_db):
    """A test in its own transactions ends with the tables emptied, the reference lists the
    migrations loaded with them: put them back first."""
    from django.apps import apps

    from kzsafety.directories import reference_data

    reference_data.load(apps)


@pytest.mark.usefixtures("reference_lists")
def test_an_import_plans_its_lookups_by_index_for_its_own_transaction_only():
    settings_seen = []

    def seqscan() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    content = csv_bytes([HEADER, ["TI-1", "Aigerim Nurlanova", "35", "", "2020-03-01"]])
    result = import_file(
        kind="inspectors",
        stream=BytesIO(content),
        user=None,
        before_commit=lambda _result: settings_seen.append(seqscan()),
    )
    assert result.ok, messages(result)
    assert settings_seen == ["off"]
    assert seqscan() == "on"


def _estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.usefixtures("reference_lists")
def test_an_import_that_fills_a_table_leaves_it_analysed():
    table = TechnicalInspector._meta.db_table
    rows = [
        [f"TI-{n}", f"Inspector {n}", "35", "", "2020-03-01"]
        for n in range(fastwrite.ANALYZE_AT_LEAST)
    ]
    result = run("inspectors", csv_bytes([HEADER, *rows]))
    assert result.ok, messages(result)
    assert _estimated_rows(table) == TechnicalInspector.objects.count()


@pytest.mark.django_db
def test_only_tables_that_grew_by_a_tenth_and_a_thousand_rows_are_analysed():
    TechnicalInspectorFactory.create_batch(3)
    table = TechnicalInspector._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")  # noqa: S608 — a model's table
    assert fastwrite.analyze_written(Counter({table: fastwrite.ANALYZE_AT_LEAST - 1})) == []
    assert fastwrite.analyze_written(Counter({table: fastwrite.ANALYZE_AT_LEAST})) == [table]

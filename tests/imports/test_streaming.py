"""Big files are read as a stream: memory does not grow with the number of rows. (The
million-row case is measured in bench/bench_import.py; these files keep the test fast.)"""

import tracemalloc

import pytest

from bench.generate import ENTERPRISE_HEADER, enterprises, write_csv, write_xlsx
from kzsafety.imports.engine import import_file
from kzsafety.imports.reading import open_table


def peak_while_reading(path) -> tuple[int, float]:
    """Rows read, and the memory reading them took beyond what opening the file took (an
    XLSX keeps its shared-strings table, as Excel itself does)."""
    tracemalloc.start()
    try:
        with open(path, "rb") as stream, open_table(stream) as table:
            opened = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            rows = sum(1 for _row in table.rows())
            return rows, (tracemalloc.get_traced_memory()[1] - opened) / 2**20
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("suffix", "count"), [(".csv", 60_000), (".xlsx", 12_000)])
def test_reading_a_big_file_takes_bounded_memory(tmp_path, suffix, count):
    path = tmp_path / f"enterprises{suffix}"
    (write_xlsx if suffix == ".xlsx" else write_csv)(path, ENTERPRISE_HEADER, enterprises(count))
    rows, peak_mib = peak_while_reading(path)
    assert rows == count + 1
    # Holding the rows would take about 40 MiB for the CSV and 3 MiB for the XLSX.
    assert peak_mib < 1


@pytest.mark.django_db
def test_a_big_file_costs_queries_per_batch_not_per_row(tmp_path, django_assert_max_num_queries):
    """One lookup and one bulk write per batch of 1,000 rows (SQLite splits a bulk insert
    into statements of at most 999 parameters, PostgreSQL does not)."""
    path = tmp_path / "enterprises.csv"
    write_csv(path, ENTERPRISE_HEADER, enterprises(5_000))
    with open(path, "rb") as stream, django_assert_max_num_queries(5_000 // 20):
        result = import_file(kind="enterprises", stream=stream, user=None)
    assert result.ok, result.errors[:3]
    assert result.created == 5_000

"""Helpers for import tests: files built in memory (CSV as Excel writes it, XLSX through
openpyxl), an import run straight through the engine, and the command as a user runs it."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from kzsafety.imports.engine import Result, import_file


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the project's default language is Kazakh."""
    with translation.override("en"):
        yield


def csv_bytes(rows: list[list[Any]], delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list[Any]], prepare=None) -> bytes:
    """A workbook whose first sheet holds the rows; `prepare(sheet)` may merge cells,
    set formulas and so on."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if prepare is not None:
        prepare(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(kind: str, content: bytes, user=None, dry_run: bool = False) -> Result:
    return import_file(kind=kind, stream=io.BytesIO(content), user=user, dry_run=dry_run)


def messages(result: Result) -> list[str]:
    return [str(error) for error in result.errors]


@dataclass
class CommandRun:
    ok: bool
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line]


def command(
    tmp_path: Path, kind: str, content: bytes, *args: str, suffix: str = ".csv"
) -> CommandRun:
    path = tmp_path / f"upload{suffix}"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_records", kind, str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return CommandRun(False, out.getvalue(), str(error))
    return CommandRun(True, out.getvalue(), err.getvalue())


def new_bin(n: int) -> str:
    """The n-th valid BIN of a range no factory hands out (factories use 9904…)."""
    from kzsafety.directories.validators import check_digit

    step = 0
    while True:
        first = f"{55_000_000_000 + n * 1000 + step:011d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        step += 1


class _Undo(Exception):
    pass


def import_both_ways(kind: str, one_by_one: str, content: bytes, user, snapshot):
    """The same file imported by the kind's one-by-one path (rolled back after its state
    is taken with `snapshot()`), then by its bulk path: (one-by-one result, its state, bulk
    result, the bulk path's state), for tests that the two paths agree."""
    from django.db import transaction

    try:
        with transaction.atomic():
            first = run(one_by_one, content, user=user)
            reference_state = snapshot()
            raise _Undo
    except _Undo:
        pass
    bulk = run(kind, content, user=user)
    return first, reference_state, bulk, snapshot()


def outcome(result):
    """What an import answered: rows, counts and messages."""
    return (result.rows, result.created, result.updated, result.unchanged, messages(result))

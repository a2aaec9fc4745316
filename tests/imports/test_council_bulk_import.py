"""The bulk council import against the one-by-one path (every council through
`council_save`): on the same files, the same records, history and errors."""

import datetime

import pytest
from django.utils import timezone

from councils import imports_bulk
from councils.models import Council
from kzsafety.directories.models import Sector
from tests.councils.factories import CouncilFactory
from tests.imports.conftest import csv_bytes, messages, new_bin, outcome, run
from tests.imports.conftest import import_both_ways as both_ways

ONE_BY_ONE = "councils_one_by_one"
HEADER = ["enterprise_bin", "established_on", "union_initiative", "sector", "dissolved_on"]
PERSONAS = ["federation", "regional"]  # the roles that import


@pytest.fixture(autouse=True)
def one_by_one_kind(settings):
    settings.IMPORT_KINDS = {
        **settings.IMPORT_KINDS,
        ONE_BY_ONE: "councils.imports.OneByOneCouncilsKind",
    }


def existing_records(world):
    """The register before the import: councils the files update, repeat, dissolve or
    clash with, and one in another region."""
    coal = Sector.objects.get(key="coal")
    CouncilFactory(enterprise=world.a, established_on=datetime.date(2015, 3, 1), sector=coal)
    CouncilFactory(
        enterprise=world.c,
        established_on=datetime.date(2012, 1, 1),
        dissolved_on=datetime.date(2018, 1, 1),
        union_initiative=True,
    )
    CouncilFactory(enterprise=world.c, established_on=datetime.date(2018, 1, 1))
    CouncilFactory(enterprise=world.b, established_on=datetime.date(2019, 6, 1))


def good_file(world) -> bytes:
    return csv_bytes(
        [
            HEADER,
            # A's council of 2015 is dissolved, and its successor comes first.
            [world.a.bin, "2024-02-01", "yes", "", ""],
            [world.a.bin, "2015-03-01", "", "", "2024-02-01"],
            # C: the first council repeated as it is, the second given a sector.
            [world.c.bin, "2012-01-01", "yes", "", "2018-01-01"],
            [world.c.bin, "2018-01-01", "", "energy", ""],
            # D: three councils one after the other, the last still active.
            [world.d.bin, "2001-05-05", "no", "", "2005-05-05"],
            [world.d.bin, "2010-10-10", "", "agriculture", ""],
            [world.d.bin, "2005-05-05", "yes", "", "2010-10-10"],
        ]
    )


def bad_file(world) -> bytes:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    return csv_bytes(
        [
            HEADER,
            [world.d.bin, "2001-05-05", "", "", ""],  # fine, and written before the errors
            [world.a.bin, "2020-01-01", "", "", ""],  # A's 2015 council is still active
            [world.c.bin, "2012-01-01", "", "", ""],  # undissolved: C's 2018 one came later
            [world.d.bin, tomorrow, "", "", ""],
            [world.d.bin, "2002-01-01", "", "", "2001-01-01"],
            [new_bin(1), "2020-01-01", "", "", ""],
            [world.b.bin, "2021-01-01", "", "", ""],  # B is Pavlodar: outside the region
            [world.d.bin, "1980-01-01", "", "", ""],
        ]
    )


def snapshot():
    """Everything the import writes, by natural keys (ids and clocks differ between runs)."""
    fields = ["enterprise_id", "established_on", "union_initiative", "sector_id", "dissolved_on"]
    councils = sorted(Council.objects.order_by().values_list(*fields, "version"))
    history = sorted(
        (
            h.enterprise_id,
            h.established_on,
            h.version,
            h.history_type,
            h.union_initiative,
            h.sector_id,
            h.dissolved_on,
            h.history_user_id,
            h.history_change_reason,
        )
        for h in Council.history.all()
    )
    return {"councils": councils, "history": history}


def import_both_ways(content: bytes, user):
    return both_ways("councils", ONE_BY_ONE, content, user, snapshot)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_bulk_import_writes_the_same_councils_and_history_as_one_by_one(world, persona):
    existing_records(world)
    content = good_file(world)
    if persona == "regional":  # Karaganda: A and C only
        content = csv_bytes(
            [HEADER, *[r for r in csv_rows(content) if r[0] in (world.a.bin, world.c.bin)]]
        )
    one_by_one, expected, bulk, written = import_both_ways(content, getattr(world, persona))
    assert one_by_one.ok, messages(one_by_one)
    assert outcome(bulk) == outcome(one_by_one)
    assert bulk.created >= 1 and bulk.updated >= 1
    assert written == expected


def csv_rows(content: bytes) -> list[list[str]]:
    return [line.split(",") for line in content.decode().splitlines()[1:]]


@pytest.mark.django_db
def test_bulk_import_of_unchanged_councils_writes_nothing(world):
    existing_records(world)
    first = run("councils", good_file(world), user=world.federation)
    assert first.ok, messages(first)
    before = snapshot()
    one_by_one, expected, bulk, written = import_both_ways(good_file(world), world.federation)
    assert outcome(bulk) == outcome(one_by_one) == (7, 0, 0, 7, [])
    assert written == expected == before


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_bulk_import_reports_the_same_errors_as_one_by_one(world, persona):
    existing_records(world)
    before = snapshot()
    one_by_one, _state, bulk, written = import_both_ways(bad_file(world), getattr(world, persona))
    assert not one_by_one.ok
    assert outcome(bulk) == outcome(one_by_one)
    assert len(bulk.errors) >= 5
    assert written == before  # all or nothing


@pytest.mark.django_db
def test_bulk_import_across_segments_sees_the_councils_of_earlier_segments(world, monkeypatch):
    """An enterprise's councils split over several segments: each segment's checks read
    the councils the earlier ones wrote."""
    existing_records(world)
    monkeypatch.setattr(imports_bulk, "SEGMENT", 2)
    rows = [[world.d.bin, f"{y}-01-01", "", "", f"{y + 1}-01-01"] for y in range(1995, 2005)]
    rows += [[world.d.bin, "2005-01-01", "yes", "", ""], *csv_rows(good_file(world))[:4]]
    one_by_one, expected, bulk, written = import_both_ways(
        csv_bytes([HEADER, *rows]), world.federation
    )
    assert one_by_one.ok, messages(one_by_one)
    assert outcome(bulk) == outcome(one_by_one)
    assert written == expected
    assert Council.objects.filter(enterprise=world.d).count() == 11


@pytest.mark.django_db
def test_bulk_import_as_a_dry_run_gives_the_same_counts_and_writes_nothing(world):
    existing_records(world)
    before = snapshot()
    real = run(ONE_BY_ONE, good_file(world), user=world.federation, dry_run=True)
    dry = run("councils", good_file(world), user=world.federation, dry_run=True)
    assert outcome(dry) == outcome(real)
    assert snapshot() == before

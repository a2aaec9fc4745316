"""The `councils` kind: one row is a production council, matched by the enterprise's BIN
and its establishment date, saved through `council_save` (the register page's write
function), all or nothing."""

import datetime
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from councils.models import Council
from kzsafety.directories.models import Sector
from kzsafety.imports.kinds import get_kind
from kzsafety.imports.templates import template_workbook
from tests.councils.factories import CouncilFactory
from tests.imports.conftest import command, csv_bytes, messages, new_bin, run, xlsx_bytes

JAN_15 = datetime.date(2023, 1, 15)
HEADER = ["enterprise_bin", "established_on", "union_initiative", "sector", "dissolved_on"]


def councils() -> list[tuple]:
    return list(
        Council.objects.order_by("enterprise__name", "established_on").values_list(
            "enterprise__name", "established_on", "union_initiative", "sector__key", "dissolved_on"
        )
    )


def snapshot() -> dict:
    return {
        "councils": sorted(Council.objects.values_list()),
        "history": Council.history.count(),
    }


def good_file(world) -> bytes:
    return csv_bytes(
        [
            HEADER,
            [world.a.bin, "2019-03-01", "yes", "", "15.01.2023"],
            [world.a.bin, "15.01.2023", "no", "coal", ""],
            [world.b.bin, "2021-06-10", "", "", ""],
        ]
    )


# --- writing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_creates_the_councils_of_a_file(tmp_path, world):
    result = command(tmp_path, "councils", good_file(world))
    assert result.ok, result.out
    assert result.lines == ["created 3, updated 0, unchanged 0"]
    assert councils() == [
        ("A Mining Karaganda", datetime.date(2019, 3, 1), True, "mining_metallurgy", JAN_15),
        ("A Mining Karaganda", JAN_15, False, "coal", None),
        ("B Energy Pavlodar", datetime.date(2021, 6, 10), False, "energy", None),
    ]


@pytest.mark.django_db
def test_reimporting_a_file_updates_its_councils_instead_of_duplicating_them(world):
    existing = CouncilFactory(enterprise=world.a, established_on=datetime.date(2019, 3, 1))
    first = run("councils", good_file(world), user=world.federation)
    assert first.ok, messages(first)
    assert (first.created, first.updated, first.unchanged) == (2, 1, 0)
    existing.refresh_from_db()
    assert (existing.union_initiative, existing.dissolved_on) == (True, JAN_15)

    again = run("councils", good_file(world), user=world.federation)
    assert again.ok, messages(again)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Council.objects.count() == 3
    assert Council.history.count() == 1 + 3  # the factory's row and the first import's


@pytest.mark.django_db
def test_a_blank_sector_is_the_enterprises_for_a_new_council_and_kept_for_an_existing_one(
    world,
):
    coal = Sector.objects.get(key="coal")
    existing = CouncilFactory(enterprise=world.a, sector=coal)
    content = csv_bytes(
        [
            HEADER,
            [world.a.bin, existing.established_on, "", "", ""],
            [world.c.bin, "2022-05-05", "", "", ""],
        ]
    )
    result = run("councils", content, user=world.federation)
    assert result.ok, messages(result)
    assert (result.created, result.unchanged) == (1, 1)
    existing.refresh_from_db()
    assert existing.sector == coal
    assert Council.objects.get(enterprise=world.c).sector == world.c.sector


@pytest.mark.django_db
def test_columns_left_out_keep_what_is_recorded(world):
    council = CouncilFactory(
        enterprise=world.a, union_initiative=True, dissolved_on=datetime.date(2024, 1, 1)
    )
    content = csv_bytes([["established_on", "enterprise_bin"], ["01.03.2023", world.a.bin]])
    result = run("councils", content, user=world.federation)
    assert result.ok, messages(result)
    assert result.unchanged == 1
    council.refresh_from_db()
    assert (council.union_initiative, council.dissolved_on) == (True, datetime.date(2024, 1, 1))


@pytest.mark.django_db
def test_a_file_may_dissolve_a_council_and_name_its_successor_in_any_order(world):
    CouncilFactory(enterprise=world.a, established_on=datetime.date(2020, 1, 1))
    content = csv_bytes(
        [
            HEADER,
            [world.a.bin, "2024-02-01", "", "", ""],  # the successor comes first
            [world.a.bin, "2020-01-01", "", "", "2024-02-01"],
        ]
    )
    result = run("councils", content, user=world.federation)
    assert result.ok, messages(result)
    assert (result.created, result.updated) == (1, 1)
    assert [(c[1], c[4]) for c in councils()] == [
        (datetime.date(2020, 1, 1), datetime.date(2024, 2, 1)),
        (datetime.date(2024, 2, 1), None),
    ]


@pytest.mark.django_db
def test_a_dry_run_counts_and_writes_nothing(tmp_path, world):
    result = command(tmp_path, "councils", good_file(world), "--dry-run")
    assert result.ok
    assert result.lines == ["dry run, nothing written: created 3, updated 0, unchanged 0"]
    assert not Council.objects.exists()


# --- errors ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["{unknown}", "2022-01-01", "", "", ""],
            "row 2, column enterprise_bin: No enterprise with this BIN in your scope.",
        ),
        (
            ["{a}", "31.02.2022", "", "", ""],
            "row 2, column established_on: There is no such date: 31.02.2022.",
        ),
        (
            ["{a}", "2022-01-01", "maybe", "", ""],
            "row 2, column union_initiative: “maybe” is not yes or no. Write yes/no, "
            "true/false, 1/0, иә/жоқ or да/нет.",
        ),
        (
            ["{a}", "2022-01-01", "", "fishing", ""],
            "row 2, column sector: “fishing” is not in the list of federation sectors: write "
            "its key or its name.",
        ),
        (
            ["{a}", "2022-01-01", "", "", "2021-12-31"],
            "row 2, column dissolved_on: A council cannot be dissolved before it was established.",
        ),
        (
            ["{a}", "{tomorrow}", "", "", ""],
            "row 2, column established_on: The date cannot be in the future.",
        ),
        (
            ["{a}", "2022-01-01", "", "", "{tomorrow}"],
            "row 2, column dissolved_on: The date cannot be in the future.",
        ),
        (
            ["{a}", "1985-01-01", "", "", ""],
            "row 2, column established_on: The date is too far in the past.",
        ),
        (
            ["", "2022-01-01", "", "", ""],
            "row 2, column enterprise_bin: This cell is required.",
        ),
    ],
)
def test_a_bad_row_is_reported_at_its_cell_and_nothing_is_written(world, cells, expected):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    filled = {"{a}": world.a.bin, "{unknown}": new_bin(1), "{tomorrow}": tomorrow.isoformat()}
    content = csv_bytes([HEADER, [filled.get(cell, cell) for cell in cells]])
    result = run("councils", content, user=world.federation)
    assert messages(result) == [expected]
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_a_missing_required_column_is_reported(world):
    content = csv_bytes([["enterprise_bin", "sector"], [world.a.bin, "coal"]])
    result = run("councils", content, user=world.federation)
    assert messages(result) == ["row 1, column established_on: This required column is missing."]
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_the_same_council_twice_in_a_file_is_an_error(world):
    content = csv_bytes(
        [
            HEADER,
            [world.a.bin, "2022-01-01", "yes", "", ""],
            [world.b.bin, "2022-01-01", "", "", ""],
            [world.a.bin, "01.01.2022", "no", "", ""],
        ]
    )
    result = run("councils", content, user=world.federation)
    assert messages(result) == [
        "row 4, column established_on: The same record is already in row 2."
    ]
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_a_council_overlapping_one_in_the_register_is_refused(world):
    CouncilFactory(enterprise=world.a, established_on=datetime.date(2023, 3, 1))
    before = snapshot()
    content = csv_bytes([HEADER, [world.a.bin, "2024-01-01", "", "", ""]])
    result = run("councils", content, user=world.federation)
    assert messages(result) == [
        "row 2, column established_on: A Mining Karaganda already has a council established "
        "on 01.03.2023 that is active in the same period; record when that one was dissolved "
        "first."
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_an_earlier_council_must_end_by_the_time_a_registered_later_one_begins(world):
    CouncilFactory(enterprise=world.a, established_on=datetime.date(2023, 3, 1))
    content = csv_bytes(
        [
            HEADER,
            [world.a.bin, "2018-01-01", "", "", "2020-01-01"],  # ends the day the next begins
            [world.a.bin, "2020-01-01", "", "", ""],  # never dissolved, yet 2023's came
        ]
    )
    result = run("councils", content, user=world.federation)
    assert messages(result) == [
        "row 3, column dissolved_on: A Mining Karaganda has a later council, established on "
        "01.03.2023; this one must be dissolved on that date or before."
    ]
    assert Council.objects.count() == 1


@pytest.mark.django_db
def test_overlapping_councils_within_the_file_are_reported_even_after_another_error(world):
    """Once a row fails nothing more is written, so the register cannot show the clash
    between two rows: the kind checks the file's periods itself."""
    content = csv_bytes(
        [
            HEADER,
            [new_bin(1), "2020-01-01", "", "", ""],
            [world.b.bin, "2021-05-01", "", "", "2022-05-01"],
            [world.b.bin, "2020-01-01", "", "", ""],
            [world.b.bin, "2022-05-01", "", "", ""],
        ]
    )
    result = run("councils", content, user=world.federation)
    assert messages(result) == [
        "row 2, column enterprise_bin: No enterprise with this BIN in your scope.",
        "row 3, column established_on: The council in row 4, of the same enterprise and "
        "established on 01.01.2020, is active in the same period; record when that one was "
        "dissolved.",
        "row 5, column established_on: The council in row 4, of the same enterprise and "
        "established on 01.01.2020, is active in the same period; record when that one was "
        "dissolved.",
    ]
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_a_bad_last_row_leaves_the_register_exactly_as_it_was(tmp_path, world):
    CouncilFactory(enterprise=world.a, established_on=datetime.date(2019, 3, 1))
    CouncilFactory(enterprise=world.d, established_on=datetime.date(2020, 1, 1))
    before = snapshot()
    rows = [
        [world.a.bin, "2019-03-01", "yes", "", "2023-01-15"],  # an update
        [world.a.bin, "2023-01-15", "", "", ""],
        *[
            [world.c.bin, f"{year}-01-01", "", "", f"{year + 1}-01-01"]
            for year in range(1995, 2024)
        ],
        [world.b.bin, "2021-06-10", "", "", "2020-01-01"],  # dissolved before established
    ]
    result = command(tmp_path, "councils", csv_bytes([HEADER, *rows]))
    assert not result.ok
    assert result.lines == [
        "row 33, column dissolved_on: A council cannot be dissolved before it was established."
    ]
    assert "nothing was changed" in result.err
    assert snapshot() == before


# --- scope -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_regional_staff_import_councils_of_their_own_region_only(world):
    content = csv_bytes(
        [
            HEADER,
            [world.a.bin, "2022-01-01", "yes", "", ""],  # Karaganda
            [world.b.bin, "2022-01-01", "", "", ""],  # Pavlodar
        ]
    )
    result = run("councils", content, user=world.regional)
    assert messages(result) == [
        "row 3, column enterprise_bin: No enterprise with this BIN in your scope."
    ]
    assert not Council.objects.exists()

    own = csv_bytes([HEADER, [world.a.bin, "2022-01-01", "yes", "", ""]])
    result = run("councils", own, user=world.regional)
    assert result.ok, messages(result)
    assert Council.objects.get().enterprise == world.a
    record = Council.history.get()
    assert (record.history_user, record.history_change_reason) == (world.regional, "import")


# --- headers and the template ------------------------------------------------------------


@pytest.mark.django_db
def test_kazakh_headers_are_recognised(world):
    content = xlsx_bytes(
        [
            [
                "Кәсіпорынның БСН-і",
                "Құрылған күні",
                "Кәсіподақтың бастамасымен құрылған",
                "Сала",
                "Таратылған күні",
            ],
            [world.a.bin, datetime.date(2021, 4, 5), "иә", "Көмір өнеркәсібі", None],
        ]
    )
    result = run("councils", content, user=world.federation)
    assert result.ok, messages(result)
    assert councils() == [("A Mining Karaganda", datetime.date(2021, 4, 5), True, "coal", None)]


@pytest.mark.django_db
def test_russian_headers_are_recognised(world):
    content = csv_bytes(
        [
            [
                "БИН предприятия",
                "Дата создания",
                "Создан по инициативе профсоюза",
                "Отрасль",
                "Дата упразднения",
            ],
            [world.b.bin, "01.02.2020", "да", "", "01.02.2024"],
        ],
        delimiter=";",
    )
    result = run("councils", content, user=world.federation)
    assert result.ok, messages(result)
    assert councils() == [
        ("B Energy Pavlodar", datetime.date(2020, 2, 1), True, "energy", datetime.date(2024, 2, 1))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_filled_in_template_imports_back(world, language):
    with translation.override(language):
        workbook = load_workbook(io.BytesIO(template_workbook(get_kind("councils"))))
    data, lists = workbook.worksheets[0], workbook["lists"]
    options = {
        column[0].value: [cell.value for cell in column[1:] if cell.value is not None]
        for column in lists.iter_cols()
    }
    assert set(options) == {"union_initiative", "sector"}
    filled = {
        "enterprise_bin": world.a.bin,
        "established_on": datetime.date(2022, 9, 1),
        "union_initiative": options["union_initiative"][0],  # yes
        "sector": options["sector"][0],
        "dissolved_on": None,
    }
    for index, column in enumerate(get_kind("councils").columns, start=1):
        data.cell(row=2, column=index, value=filled[column.key])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with translation.override(language):
        result = run("councils", buffer.getvalue(), user=world.federation)
    assert result.ok, messages(result)
    assert result.created == 1
    council = Council.objects.get()
    assert (council.enterprise, council.established_on, council.union_initiative) == (
        world.a,
        datetime.date(2022, 9, 1),
        True,
    )
    with translation.override(language):
        assert council.sector.name == options["sector"][0]

"""Councils: active on 31 December (established on or before, not dissolved on or before),
of them at union initiative, new ones; new councils of the report year by sector and the
budget/real shares. Counted by hand for 2021–2025:

  c1  A  est. 2020-05-01  union                      active 2021–2025
  c2  B  est. 2023-12-31                             active 2023–2025, new 2023
  c3  C  est. 2025-01-01  union  (energy, real)      new 2025
  c4  D  est. 2022-03-01  union  dissolved 2024-12-31  active 2022–2023, new 2022
  c5  E  est. 2025-06-01         (healthcare, budget)  new 2025
  c6  A  est. 2025-02-02  union  sector education (budget), dissolved 2025-12-31: new 2025,
         not active at the end of 2025
"""

import datetime

from councils.models import Council
from kzsafety.directories.models import Sector
from kzsafety.statistics.annual import entered_figures, national_basis
from kzsafety.statistics.models import Figure
from kzsafety.statistics.people_tables import councils
from tests.factories import EnterpriseFactory

YEARS = [2021, 2022, 2023, 2024, 2025]
D = datetime.date


def make_councils(world):
    healthcare = EnterpriseFactory(sector=Sector.objects.get(key="healthcare"))
    for enterprise, established, union, dissolved, sector in [
        (world.a, D(2020, 5, 1), True, None, None),
        (world.b, D(2023, 12, 31), False, None, None),
        (world.c, D(2025, 1, 1), True, None, None),
        (world.d, D(2022, 3, 1), True, D(2024, 12, 31), None),
        (healthcare, D(2025, 6, 1), False, None, None),
        (
            world.a,
            D(2025, 2, 2),
            True,
            D(2025, 12, 31),
            Sector.objects.get(key="education_science"),
        ),
    ]:
        Council.objects.create(
            enterprise=enterprise,
            established_on=established,
            union_initiative=union,
            dissolved_on=dissolved,
            sector=sector or enterprise.sector,
        )


def test_councils_by_year_new_by_sector_and_shares(world):
    make_councils(world)
    table = councils(national_basis(), 2025, YEARS, entered_figures(YEARS))
    assert table["by_year"] == [
        {"year": 2021, "total": 1, "union_initiative": 1, "new": 0},
        {"year": 2022, "total": 2, "union_initiative": 2, "new": 1},
        {"year": 2023, "total": 3, "union_initiative": 2, "new": 1},
        {"year": 2024, "total": 2, "union_initiative": 1, "new": 0},
        {"year": 2025, "total": 4, "union_initiative": 2, "new": 3},
    ]
    new = {key: count for key, count in table["new_by_sector"].items() if count}
    assert new == {"energy": 1, "healthcare": 1, "education_science": 1}
    assert len(table["new_by_sector"]) == Sector.objects.count()
    assert (table["budget_share_pct"], table["real_share_pct"]) == (66.7, 33.3)


def test_entered_council_figure_replaces_the_computed_value(world):
    make_councils(world)
    Figure.objects.create(
        year=2024, source="monitoring", indicator="councils_total", scope="all", value=500
    )
    table = councils(national_basis(), 2025, YEARS, entered_figures(YEARS))
    assert table["by_year"][3] == {"year": 2024, "total": 500, "union_initiative": 1, "new": 0}


def test_no_new_councils_gives_null_shares(world):
    table = councils(national_basis(), 2025, YEARS, {})
    assert (table["budget_share_pct"], table["real_share_pct"]) == (None, None)
    assert set(table["new_by_sector"].values()) == {0}


def test_union_initiative_above_total_is_a_warning(world):
    from kzsafety.statistics.warnings import warnings

    report = {
        "year": 2025,
        "accidents": [],
        "councils": {"by_year": [{"year": 2025, "total": 3, "union_initiative": 4, "new": 0}]},
        "public_control": {"violations_found": 5, "violations_eliminated": 6},
        "inspectors": {"total": 10, "trained": 11, "trained_pct": 110.0},
    }
    rules = {w["rule"] for w in warnings(report)}
    assert rules == {
        "union_initiative_exceeds_total",
        "eliminated_exceeds_found",
        "trained_exceeds_total",
    }

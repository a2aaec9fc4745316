"""The analytical note as a Word document: it opens with python-docx, holds every table of
the report with the same numbers as the report JSON for 2025, each with its source in a
note under it, the charts as images, a title page, the sections in the note's order and a
page number field in the footer."""

import datetime
import re
import warnings
from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document

from inspections.models import Outcome
from kzsafety.directories.models import Region, Sector
from kzsafety.statistics.analysis import charts
from kzsafety.statistics.analysis.document import write_document
from kzsafety.statistics.analysis.grammar import NBSP
from kzsafety.statistics.annual import build_report
from kzsafety.statistics.models import Figure
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

TABLES = 9  # five years, sources, regions, sectors, causes, councils ×2, inspectors, control


def number(text: str):
    """A cell back to a number: "1 250" → 1250, "3,8 %" → 3.8, "+4" → 4, "—" → None."""
    text = text.replace(NBSP, "").replace("%", "").replace("−", "-").strip()
    if text == "—":
        return None
    text = text.replace(",", ".")
    return float(text) if "." in text else int(text)


@pytest.fixture
def report(world):
    world.a.headcount, world.b.headcount = 2000, 500
    world.a.save()
    world.b.save()
    for day, enterprise, outcomes in (
        (datetime.date(2024, 5, 1), world.a, [Outcome.LIGHT]),
        (datetime.date(2025, 2, 1), world.a, [Outcome.FATAL, Outcome.LIGHT]),
        (datetime.date(2025, 3, 1), world.b, [Outcome.SEVERE]),
        (datetime.date(2025, 4, 1), world.c, [Outcome.LIGHT]),
    ):
        accident = AccidentFactory(enterprise=enterprise, date=day)
        for outcome in outcomes:
            VictimFactory(accident=accident, outcome=outcome)
    Figure.objects.create(
        year=2025, source="ministry", indicator="accidents", scope="all", value=1250
    )
    return build_report(2025)


def tables_of(report, language):
    document = Document(BytesIO(write_document(report, language)))
    return document, [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_table_holds_the_numbers_of_the_report(report, language):
    document, tables = tables_of(report, language)
    assert len(tables) == TABLES
    years = [str(y) for y in report["years"]]
    accidents = tables[0]
    assert accidents[0][3:8] == years
    for cells, row in zip(accidents[1:], report["accidents"], strict=True):
        assert [number(c) for c in cells[3:8]] == [row["values"][y] for y in years]
        assert number(cells[8]) == row["change"]
        assert number(cells[9]) == row["change_pct"]
    ministry = next(r for r in report["accidents"] if r["source"] == "ministry")
    assert ministry["values"]["2025"] == 1250
    assert f"1{NBSP}250" in [c for r in accidents for c in r]  # grouped for the language

    sources = tables[1]
    monitoring = {
        r["indicator"]: r["values"]["2025"]
        for r in report["accidents"]
        if r["scope"] == "all" and r["source"] == "monitoring"
    }
    assert [number(r[1]) for r in sources[1:]] == [
        monitoring["accidents"],
        monitoring["victims"],
        monitoring["fatalities"],
    ]
    assert number(sources[1][2]) == 1250
    assert number(sources[1][3]) == 1250 - monitoring["accidents"]

    with translation.override(language):  # names in the note's language
        regions = {r.name: r.code for r in Region.objects.all()}
        sectors = {s.name: s.key for s in Sector.objects.all()}
    by_region = {r["region"]: r for r in report["by_region"]}
    for cells in tables[2][1:]:
        row = by_region[regions[cells[0]]]
        assert [number(c) for c in cells[1:]] == [
            row["victims"],
            row["fatalities"],
            row["group_accidents"],
            row["group_victims"],
            row["victims_per_1000"],
            row["fatalities_per_1000"],
            row["rate_coverage_pct"],
        ]
    by_sector = {r["sector"]: r for r in report["by_sector"]}
    for cells in tables[3][1:]:
        row = by_sector[sectors[cells[0]]]
        assert [number(c) for c in cells[1:4]] == [
            row["victims"],
            row["victims_share_pct"],
            row["fatalities"],
        ]
    assert [(number(r[1]), number(r[2])) for r in tables[4][1:]] == [
        (r["accidents"], r["share_pct"]) for r in report["by_cause"]
    ]
    assert [[number(c) for c in r] for r in tables[5][1:]] == [
        [r["year"], r["total"], r["union_initiative"], r["new"]]
        for r in report["councils"]["by_year"]
    ]
    councils = report["councils"]
    assert [number(r[1]) for r in tables[6][1:]] == [
        *councils["new_by_sector"].values(),
        councils["budget_share_pct"],
        councils["real_share_pct"],
    ]
    people = report["inspectors"]
    assert [number(c) for c in tables[7][1]] == [
        people["total"],
        people["trained"],
        people["trained_pct"],
    ]
    control = report["public_control"]
    assert [number(c) for c in tables[8][1]] == [
        control["inspections"],
        control["violations_found"],
        control["violations_eliminated"],
        control["eliminated_pct"],
        control["work_stoppages"],
        control["proposals"],
    ]


def test_every_table_has_its_source_in_a_note_under_it(report):
    document = Document(BytesIO(write_document(report, "en")))
    body = document.element.body
    for table in document.tables:
        following = table._tbl.getnext()
        assert following is not None and following.tag.endswith("}p")
        text = "".join(following.itertext())
        assert text.startswith("Source: "), text
    assert body is not None


def test_the_note_has_a_title_page_sections_charts_sentences_and_page_numbers(report):
    document = Document(BytesIO(write_document(report, "en")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Occupational injuries in 2025" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [h.split(".")[0] for h in headings[:8]] == [str(n) for n in range(1, 9)]
    assert headings[-1] == "Conclusion"
    assert "In 2025, 3 accidents were recorded, 2 (200.0" in text  # 1 → 3
    assert "Ministry of Labour: Accidents — 1,250, 1,247 more than" in text
    assert len(document.inline_shapes) == 4  # three dynamics charts and the regions' bars
    footer = document.sections[0].footer._element.xml
    assert re.search(r"<w:instrText[^>]*>PAGE</w:instrText>", footer)


def test_a_kazakh_note_has_kazakh_numbers_in_its_sentences(report):
    document = Document(BytesIO(write_document(report, "kk")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"1{NBSP}247-ге" in text  # 1 250 − 3: "бір мың екі жүз қырық жеті" → жетіге


def test_the_command_writes_the_note_in_the_language_asked(report, tmp_path):
    output = tmp_path / "note.docx"
    call_command(
        "annual_report", "--year", "2025", "--format", "docx", "--language", "ru",
        "--output", str(output),
    )  # fmt: skip
    document = Document(output)
    assert len(document.tables) == TABLES
    assert document.core_properties.language == "ru"


def test_charts_draw_every_kazakh_and_russian_letter_with_the_shipped_font():
    letters = "Жазатайым оқиғалар: әғқңөұүһі, Ёё ЪъЫы"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        png = charts.dynamics_chart(letters, [2024, 2025], [(letters, [1, 2], False)])
        bars = charts.bars_chart(letters, [(letters, 3)])
    assert png[:4] == bars[:4] == b"\x89PNG"

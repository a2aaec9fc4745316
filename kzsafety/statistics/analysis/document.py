"""The federation's annual analytical note as a Word document (python-docx): a title page,
then the sections of the note in the order the federation writes it, each table a real Word
table with numbers in the reader's language and its source in a note under it, charts as
images, generated sentences, and page numbers in the footer."""

from collections.abc import Callable
from io import BytesIO

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kzsafety.directories.models import Cause, Region, Sector
from kzsafety.statistics.analysis import charts, sentences
from kzsafety.statistics.analysis.grammar import decimal, integer, percent, signed
from kzsafety.statistics.models import Indicator, Scope, Source

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _names(model, key_field: str) -> dict:
    return {getattr(item, key_field): item.name for item in model.objects.all()}


def _page_number_footer(document) -> None:
    """A PAGE field centred in the footer: Word fills in the number of each page."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _table(document, headers: list[str], rows: list[list[str]], source: str) -> None:
    """A Word table with a bold header row repeated on every page, numbers right-aligned,
    and the source of its numbers in a note under it."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].runs[0].bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = str(text)
            if index:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    note = document.add_paragraph(_("Source: %(source)s.") % {"source": source})
    note.runs[0].italic = True
    note.runs[0].font.size = Pt(8)


def _text(document, lines: list[str]) -> None:
    for line in lines:
        document.add_paragraph(line)


def _image(document, png: bytes) -> None:
    document.add_picture(BytesIO(png), width=Cm(16))


def _sources_text(report: dict, national: bool) -> str:
    """Which sources a five-year table holds: entered figures only for the whole country."""
    if not national:
        return _("federation monitoring, records of the system in your scope")
    present = {row["source"] for row in report["accidents"]}
    if present <= {Source.MONITORING}:
        return _("federation monitoring, records of the system")
    labels = [str(source.label) for source in Source if source.value in present]
    return _("%(sources)s (figures of other bodies as entered by federation staff)") % {
        "sources": ", ".join(labels)
    }


def _title_page(document, report: dict, scope: str | None) -> None:
    for _index in range(6):
        document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("Occupational injuries in %(year)s") % {"year": report["year"]})
    run.bold, run.font.size = True, Pt(20)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = _("Analytical note of the Federation of Trade Unions of Kazakhstan")
    subtitle.add_run(note).italic = True
    basis = document.add_paragraph(scope or _("Whole country"))
    basis.alignment = WD_ALIGN_PARAGRAPH.CENTER
    made = document.add_paragraph(
        _("Written by the system on %(date)s from the records and the entered figures.")
        % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")}
    )
    made.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _accidents(document, report: dict, national: bool) -> None:
    document.add_heading(_("1. Accidents, five years"), level=1)
    _text(document, sentences.headline(report))
    years = [str(y) for y in report["years"]]
    rows = [
        [
            str(Indicator(row["indicator"]).label),
            str(Scope(row["scope"]).label),
            str(Source(row["source"]).label),
            *[integer(row["values"][y]) for y in years],
            signed(row["change"]),
            percent(row["change_pct"]),
        ]
        for row in report["accidents"]
    ]
    _table(
        document,
        [_("Indicator"), _("Enterprises"), _("Source"), *years, _("Change"), _("Change, %")],
        rows,
        _sources_text(report, national),
    )
    by_key = {(r["indicator"], r["scope"], r["source"]): r for r in report["accidents"]}
    for indicator in (Indicator.ACCIDENTS, Indicator.VICTIMS, Indicator.FATALITIES):
        lines = [
            (str(source.label), by_key[(indicator, Scope.ALL, source)]["values"], False)
            for source in Source
            if (indicator, Scope.ALL, source) in by_key
        ]
        union = by_key.get((indicator, Scope.UNION, Source.MONITORING))
        if union:
            lines.append((str(Scope.UNION.label), union["values"], True))
        _image(
            document,
            charts.dynamics_chart(
                str(indicator.label),
                report["years"],
                [(label, [values[y] for y in years], dashed) for label, values, dashed in lines],
            ),
        )


def _sources(document, report: dict, national: bool) -> None:
    document.add_heading(_("2. Sources compared, %(year)s") % {"year": report["year"]}, level=1)
    year = str(report["year"])
    values = {
        (r["indicator"], r["source"]): r["values"][year]
        for r in report["accidents"]
        if r["scope"] == Scope.ALL
    }
    rows = []
    for indicator in (Indicator.ACCIDENTS, Indicator.VICTIMS, Indicator.FATALITIES):
        ours = values.get((indicator, Source.MONITORING))
        row = [str(indicator.label), integer(ours)]
        for source in (Source.MINISTRY, Source.STATISTICS_BUREAU):
            theirs = values.get((indicator, source))
            gap = None if theirs is None or ours is None else theirs - ours
            row += [integer(theirs), signed(gap)]
        rows.append(row)
    _table(
        document,
        [
            _("Indicator"),
            str(Source.MONITORING.label),
            str(Source.MINISTRY.label),
            _("Ministry − monitoring"),
            str(Source.STATISTICS_BUREAU.label),
            _("Bureau − monitoring"),
        ],
        rows,
        _sources_text(report, national),
    )
    _text(document, sentences.sources_compared(report))
    remarks = sentences.remarks(report)
    if remarks:
        document.add_heading(_("Remarks for the reader to check"), level=2)
        for remark in remarks:
            document.add_paragraph(remark, style="List Bullet")


def _rate_cells(row: dict) -> list[str]:
    if "workers" not in row:
        return []
    return [
        decimal(row["victims_per_1000"], 2),
        decimal(row["fatalities_per_1000"], 2),
        percent(row["rate_coverage_pct"]),
    ]


def _rate_headers(report: dict) -> list[str]:
    if "rates" not in report:
        return []
    return [
        _("Victims per 1,000 workers"),
        _("Fatalities per 1,000 workers"),
        _("Victims covered by the rate"),
    ]


def _regions(document, report: dict, monitoring: str) -> None:
    document.add_heading(_("3. Victims and fatalities by region"), level=1)
    names = _names(Region, "code")
    _text(document, sentences.largest_regions(report, names))
    _table(
        document,
        [
            _("Region"),
            _("Victims"),
            _("Fatalities"),
            _("Group accidents"),
            _("Victims of group accidents"),
            *_rate_headers(report),
        ],
        [
            [
                names.get(r["region"], r["region"]),
                integer(r["victims"]),
                integer(r["fatalities"]),
                integer(r["group_accidents"]),
                integer(r["group_victims"]),
                *_rate_cells(r),
            ]
            for r in report["by_region"]
        ],
        monitoring,
    )
    _text(document, sentences.rates(report))
    items = [(names.get(r["region"], r["region"]), r["victims"]) for r in report["by_region"]]
    _image(document, charts.bars_chart(_("Victims by region"), sorted(items, key=lambda i: -i[1])))


def _sectors(document, report: dict, monitoring: str) -> None:
    document.add_heading(_("4. Sectors with the most victims"), level=1)
    names = _names(Sector, "key")
    _text(document, sentences.largest_sectors(report, names))
    _table(
        document,
        [_("Sector"), _("Victims"), _("Share of victims"), _("Fatalities"), *_rate_headers(report)],
        [
            [
                names.get(r["sector"], r["sector"]),
                integer(r["victims"]),
                percent(r["victims_share_pct"]),
                integer(r["fatalities"]),
                *_rate_cells(r),
            ]
            for r in report["by_sector"]
        ],
        monitoring,
    )


def _causes(document, report: dict, monitoring: str) -> None:
    document.add_heading(_("5. Causes of accidents"), level=1)
    names = _names(Cause, "key")
    _text(document, sentences.causes(report, names))
    _table(
        document,
        [_("Cause"), _("Accidents"), _("Share of accidents with a cause")],
        [
            [names.get(r["cause"], r["cause"]), integer(r["accidents"]), percent(r["share_pct"])]
            for r in report["by_cause"]
        ],
        monitoring,
    )


def _councils(document, report: dict, monitoring: str) -> None:
    document.add_heading(_("6. Production councils"), level=1)
    _text(document, sentences.councils(report))
    data = report["councils"]
    _table(
        document,
        [
            _("Year"),
            _("Active on 31 December"),
            _("Of them created at union initiative"),
            _("Newly created"),
        ],
        [
            [str(r["year"]), integer(r["total"]), integer(r["union_initiative"]), integer(r["new"])]
            for r in data["by_year"]
        ],
        monitoring,
    )
    names = _names(Sector, "key")
    _table(
        document,
        [_("New councils of the year by sector"), _("Councils")],
        [[names.get(key, key), integer(count)] for key, count in data["new_by_sector"].items()]
        + [
            [_("Budget sphere"), percent(data["budget_share_pct"])],
            [_("Real sector"), percent(data["real_share_pct"])],
        ],
        monitoring,
    )


def _inspectors(document, report: dict, monitoring: str) -> None:
    document.add_heading(_("7. Technical inspectors and their training"), level=1)
    _text(document, sentences.inspectors(report))
    people = report["inspectors"]
    _table(
        document,
        [_("Active on 31 December"), _("Trained during the year"), _("Share trained")],
        [[integer(people["total"]), integer(people["trained"]), percent(people["trained_pct"])]],
        monitoring,
    )


def _public_control(document, report: dict, monitoring: str) -> None:
    document.add_heading(_("8. Public control"), level=1)
    _text(document, sentences.public_control(report))
    control = report["public_control"]
    _table(
        document,
        [
            _("Inspections"),
            _("Violations found"),
            _("Violations eliminated"),
            _("Share eliminated"),
            _("Work stoppages"),
            _("Proposals"),
        ],
        [
            [
                integer(control["inspections"]),
                integer(control["violations_found"]),
                integer(control["violations_eliminated"]),
                percent(control["eliminated_pct"]),
                integer(control["work_stoppages"]),
                integer(control["proposals"]),
            ]
        ],
        monitoring,
    )


SECTIONS: list[Callable] = [_regions, _sectors, _causes, _councils, _inspectors, _public_control]


def write_document(
    report: dict,
    language: str,
    *,
    scope: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The note in `language`; `scope` names the region or sector the report was limited to
    (None: the whole country). `progress(percent)` is told as the sections are written."""
    national = scope is None
    with translation.override(language):
        document = Document()
        section = document.sections[0]
        section.left_margin = section.right_margin = Cm(2)
        style = document.styles["Normal"]
        style.font.name, style.font.size = "Times New Roman", Pt(11)
        document.core_properties.title = _("Occupational injuries in %(year)s") % {
            "year": report["year"]
        }
        document.core_properties.language = language
        _page_number_footer(document)
        _title_page(document, report, scope)
        _accidents(document, report, national)
        if progress:
            progress(75)
        _sources(document, report, national)
        monitoring = _("federation monitoring, records of the system")
        for write in SECTIONS:
            write(document, report, monitoring)
        if progress:
            progress(90)
        document.add_heading(_("Conclusion"), level=1)
        _text(document, sentences.conclusion(report))
        buffer = BytesIO()
        document.save(buffer)
    return buffer.getvalue()

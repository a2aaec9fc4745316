"""The annual report as an Excel workbook: one sheet per table, headers in the reader's
language, number and percent formats, frozen header rows, and native line charts of the
five-year dynamics."""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from kzsafety.directories.models import Cause, Region, Sector
from kzsafety.spreadsheets import cell, cells
from kzsafety.statistics.models import Indicator, Scope, Source
from kzsafety.statistics.workbook_print import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    TITLE_ROW,
    set_up_for_print,
    title_text,
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ENTERED_FONT = Font(italic=True, color="1F4E79")
PERCENT = "0.0%"
INTEGER = "#,##0"
RATE = "0.00"
DYNAMICS_WIDTH = 28  # columns of the dynamics sheet, so that its charts print wide


def _fraction(pct):
    return None if pct is None else pct / 100


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list], formats=None):
    """A table under the title row: headers on HEADER_ROW, then the rows. Widths, wrapping
    and the title are set by `set_up_for_print`."""
    sheet = workbook.create_sheet(title[:31])
    sheet.append([])  # the title row, written by set_up_for_print
    sheet.append(cells(sheet, headers))
    for heading in sheet[HEADER_ROW]:
        heading.font, heading.fill = HEADER_FONT, HEADER_FILL
    for row in rows:
        sheet.append(cells(sheet, row))
    formats = formats or {}
    for column, number_format in formats.items():
        for (written,) in sheet.iter_rows(min_row=FIRST_DATA_ROW, min_col=column, max_col=column):
            written.number_format = number_format
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    return sheet


def _names(model, key_field: str) -> dict:
    return {getattr(item, key_field): item.name for item in model.objects.all()}


def _accidents_sheet(workbook, report):
    years = [str(y) for y in report["years"]]
    rows = [
        [
            str(Indicator(row["indicator"]).label),
            str(Scope(row["scope"]).label),
            str(Source(row["source"]).label),
            *[row["values"][y] for y in years],
            row["change"],
            _fraction(row["change_pct"]),
        ]
        for row in report["accidents"]
    ]
    headers = [_("Indicator"), _("Enterprises"), _("Source"), *years, _("Change"), _("Change, %")]
    sheet = _sheet(
        workbook,
        _("Accidents, five years"),
        headers,
        rows,
        {**{4 + i: INTEGER for i in range(len(years))}, len(headers): PERCENT},
    )
    for offset, row in enumerate(report["accidents"], start=FIRST_DATA_ROW):
        for index, year in enumerate(years):
            if year in row["entered"]:
                sheet.cell(row=offset, column=4 + index).font = ENTERED_FONT
    return sheet


def _sources_sheet(workbook, report):
    year = str(report["year"])
    values = {
        (r["indicator"], r["source"]): r["values"][year]
        for r in report["accidents"]
        if r["scope"] == Scope.ALL
    }
    rows = []
    for indicator in (Indicator.ACCIDENTS, Indicator.VICTIMS, Indicator.FATALITIES):
        monitoring = values.get((indicator, Source.MONITORING))
        ministry = values.get((indicator, Source.MINISTRY))
        bureau = values.get((indicator, Source.STATISTICS_BUREAU))
        rows.append(
            [
                str(indicator.label),
                monitoring,
                ministry,
                bureau,
                None if ministry is None or monitoring is None else ministry - monitoring,
                None if bureau is None or monitoring is None else bureau - monitoring,
            ]
        )
    headers = [
        _("Indicator"),
        str(Source.MONITORING.label),
        str(Source.MINISTRY.label),
        str(Source.STATISTICS_BUREAU.label),
        _("Ministry − monitoring"),
        _("Bureau − monitoring"),
    ]
    return _sheet(
        workbook, _("Sources compared"), headers, rows, dict.fromkeys(range(2, 7), INTEGER)
    )


def _dynamics_sheet(workbook, report):
    """Data blocks and one native line chart per indicator: a line per source for all
    enterprises, and one for union enterprises (monitoring), dashed. `set_up_for_print`
    places the charts below the blocks."""
    sheet = workbook.create_sheet(_("Dynamics")[:31])
    years = [str(y) for y in report["years"]]
    rows = {(r["indicator"], r["scope"], r["source"]): r["values"] for r in report["accidents"]}
    series = [
        (Scope.ALL, Source.MONITORING, str(Source.MONITORING.label)),
        (Scope.ALL, Source.MINISTRY, str(Source.MINISTRY.label)),
        (Scope.ALL, Source.STATISTICS_BUREAU, str(Source.STATISTICS_BUREAU.label)),
        (Scope.UNION, Source.MONITORING, _("Enterprises with FTUK unions")),
    ]
    top = TITLE_ROW + 1
    for indicator in (Indicator.ACCIDENTS, Indicator.VICTIMS, Indicator.FATALITIES):
        cell(sheet, str(indicator.label), row=top, column=1).font = HEADER_FONT
        for column, label in enumerate([_("Year")] + [s[2] for s in series], start=1):
            heading = cell(sheet, label, row=top + 1, column=column)
            heading.font, heading.fill = HEADER_FONT, HEADER_FILL
            heading.alignment = Alignment(wrap_text=True, vertical="top")
        for offset, year in enumerate(years, start=top + 2):
            cell(sheet, int(year), row=offset, column=1)
            for column, (scope, source, _label) in enumerate(series, start=2):
                values = rows.get((indicator, scope, source), {})
                cell(sheet, values.get(year), row=offset, column=column).number_format = INTEGER
        last = top + 1 + len(years)
        chart = LineChart()
        chart.title = str(indicator.label)
        chart.y_axis.title = str(indicator.label)
        chart.x_axis.title = _("Year")
        chart.y_axis.number_format = "0"
        chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides them otherwise
        data = Reference(sheet, min_col=2, max_col=1 + len(series), min_row=top + 1, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=top + 2, max_row=last))
        for line in chart.series:
            line.smooth = False  # straight segments: a curve would invent values between years
        chart.series[-1].graphicalProperties.line.dashStyle = "dash"  # the union line
        sheet.add_chart(chart)
        top = last + 2
    return sheet


def _rates_sheet(workbook, report, regions: dict, sectors: dict):
    """Victims and fatalities per 1,000 workers by region, then by sector, then the whole
    basis; the last column says how many of the victims the rate accounts for."""
    rows = [[regions.get(r["region"], r["region"]), _("Region")] for r in report["by_region"]] + [
        [sectors.get(r["sector"], r["sector"]), _("Sector")] for r in report["by_sector"]
    ]
    every = [*report["by_region"], *report["by_sector"]]
    rows = [
        [*row, r["workers"], r["victims_per_1000"], r["fatalities_per_1000"]]
        + [_fraction(r["rate_coverage_pct"])]
        for row, r in zip(rows, every, strict=True)
    ]
    total = report["rates"]
    rows.append(
        [
            _("Total"),
            "",
            total["workers"],
            total["victims_per_1000"],
            total["fatalities_per_1000"],
            _fraction(total["coverage_pct"]),
        ]
    )
    return _sheet(
        workbook,
        _("Rates per 1,000 workers"),
        [
            _("Region or sector"),
            _("Breakdown"),
            _("Workers (enterprises with a headcount)"),
            _("Victims per 1,000 workers"),
            _("Fatalities per 1,000 workers"),
            _("Victims covered by the rate"),
        ],
        rows,
        {3: INTEGER, 4: RATE, 5: RATE, 6: PERCENT},
    )


def _sources(report: dict, scope: str | None) -> list[str]:
    """The sources a five-year table may hold: entered figures only for the whole country."""
    if scope:
        return [str(Source.MONITORING.label)]
    return [str(source.label) for source in Source]


def _set_up_every_sheet(workbook: Workbook, report: dict, scope: str | None) -> None:
    """Title and page setup of every sheet, in the order write_workbook makes them."""
    every_source, monitoring = _sources(report, scope), [str(Source.MONITORING.label)]
    headings = [
        (_("Accidents, five years"), every_source),
        (_("Sources compared"), every_source),
        (_("By region"), monitoring),
        (_("By sector"), monitoring),
        (_("By cause"), monitoring),
        (_("Public control"), monitoring),
        (_("Production councils"), monitoring),
        (_("Technical inspectors"), monitoring),
        (_("Dynamics"), every_source),
        (_("Warnings"), every_source),
        (_("Rates per 1,000 workers"), monitoring),
    ]
    if len(workbook.worksheets) < len(headings):  # a report without rates
        headings.pop()
    for sheet, (name, sources) in zip(workbook.worksheets, headings, strict=True):
        title = title_text(name, report["year"], scope, sources)
        if name == _("Dynamics"):
            set_up_for_print(sheet, title=title, header_row=None, min_width=DYNAMICS_WIDTH)
        else:
            set_up_for_print(sheet, title=title)


def write_workbook(report: dict, language: str, *, scope: str | None = None) -> bytes:
    """The workbook in `language`; `scope` names the region or sector the report was limited
    to (None: the whole country), for the title of every sheet."""
    with translation.override(language):
        workbook = Workbook()
        workbook.remove(workbook.active)
        _accidents_sheet(workbook, report)
        _sources_sheet(workbook, report)
        regions = _names(Region, "code")
        _sheet(
            workbook,
            _("By region"),
            [
                _("Region"),
                _("Accidents"),
                _("Victims"),
                _("Fatalities"),
                _("Group accidents"),
                _("Victims of group accidents"),
            ],
            [
                [
                    regions.get(r["region"], r["region"]),
                    r["accidents"],
                    r["victims"],
                    r["fatalities"],
                    r["group_accidents"],
                    r["group_victims"],
                ]
                for r in report["by_region"]
            ],
            dict.fromkeys(range(2, 7), INTEGER),
        )
        sectors = _names(Sector, "key")
        _sheet(
            workbook,
            _("By sector"),
            [_("Sector"), _("Accidents"), _("Victims"), _("Share of victims"), _("Fatalities")],
            [
                [
                    sectors.get(r["sector"], r["sector"]),
                    r["accidents"],
                    r["victims"],
                    _fraction(r["victims_share_pct"]),
                    r["fatalities"],
                ]
                for r in report["by_sector"]
            ],
            {2: INTEGER, 3: INTEGER, 4: PERCENT, 5: INTEGER},
        )
        causes = _names(Cause, "key")
        _sheet(
            workbook,
            _("By cause"),
            [_("Cause"), _("Accidents"), _("Share of accidents with a cause")],
            [
                [causes.get(r["cause"], r["cause"]), r["accidents"], _fraction(r["share_pct"])]
                for r in report["by_cause"]
            ],
            {2: INTEGER, 3: PERCENT},
        )
        control = report["public_control"]
        _sheet(
            workbook,
            _("Public control"),
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
                    control["inspections"],
                    control["violations_found"],
                    control["violations_eliminated"],
                    _fraction(control["eliminated_pct"]),
                    control["work_stoppages"],
                    control["proposals"],
                ]
            ],
            {1: INTEGER, 2: INTEGER, 3: INTEGER, 4: PERCENT, 5: INTEGER, 6: INTEGER},
        )
        councils = report["councils"]
        sheet = _sheet(
            workbook,
            _("Production councils"),
            [
                _("Year"),
                _("Active on 31 December"),
                _("Of them created at union initiative"),
                _("Newly created"),
            ],
            [[r["year"], r["total"], r["union_initiative"], r["new"]] for r in councils["by_year"]],
            {2: INTEGER, 3: INTEGER, 4: INTEGER},
        )
        sheet.append([])
        sheet.append(cells(sheet, [_("New councils of the year by sector")]))
        for key, count in councils["new_by_sector"].items():
            sheet.append(cells(sheet, [sectors.get(key, key), count]))
        sheet.append(cells(sheet, [_("Budget sphere"), _fraction(councils["budget_share_pct"])]))
        sheet.cell(row=sheet.max_row, column=2).number_format = PERCENT
        sheet.append(cells(sheet, [_("Real sector"), _fraction(councils["real_share_pct"])]))
        sheet.cell(row=sheet.max_row, column=2).number_format = PERCENT
        people = report["inspectors"]
        _sheet(
            workbook,
            _("Technical inspectors"),
            [_("Active on 31 December"), _("Trained during the year"), _("Share trained")],
            [[people["total"], people["trained"], _fraction(people["trained_pct"])]],
            {1: INTEGER, 2: INTEGER, 3: PERCENT},
        )
        _dynamics_sheet(workbook, report)
        _sheet(
            workbook,
            _("Warnings"),
            [_("Year"), _("Rule"), _("Message")],
            [[w["year"], w["rule"], w["message"]] for w in report["warnings"]],
        )
        if "rates" in report:
            _rates_sheet(workbook, report, regions, sectors)
        _set_up_every_sheet(workbook, report, scope)
        buffer = BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()

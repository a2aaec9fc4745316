"""The sentences of the annual note, generated from the numbers of the report (never blanks
for people to fill). Every pattern is a gettext msgid with named placeholders, so the kk
and ru catalogues hold the whole sentence and can order it as each language needs; counts
choose their plural form through ngettext (1 случай, 2 случая, 5 случаев). Numbers arrive
formatted for the active language (grammar.py), in Kazakh with the case ending the pattern
needs ("45-ке")."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kzsafety.numbers import percent as share
from kzsafety.statistics.analysis.grammar import by_amount, decimal, integer, percent
from kzsafety.statistics.models import Indicator, Scope, Source

TOP = 3  # regions and sectors named in the text


def _recorded(indicator: str, year: int, count: int) -> str:
    values = {"year": year, "count": integer(count)}
    if indicator == Indicator.ACCIDENTS:
        return (
            ngettext(
                "In %(year)s, %(count)s accident was recorded",
                "In %(year)s, %(count)s accidents were recorded",
                count,
            )
            % values
        )
    if indicator == Indicator.VICTIMS:
        return (
            ngettext(
                "In %(year)s, %(count)s person was injured",
                "In %(year)s, %(count)s people were injured",
                count,
            )
            % values
        )
    return (
        ngettext(
            "In %(year)s, %(count)s person died",
            "In %(year)s, %(count)s people died",
            count,
        )
        % values
    )


def comparison(change: int | None, change_pct: float | None, previous: int | None, year: int):
    """How the year compares with the one before: more, fewer, as many, none the year
    before, or nothing (no value for the year before)."""
    values = {"previous_year": year - 1}
    if change is None or previous is None:
        return None
    if previous == 0 and change > 0:
        return _("none were recorded in %(previous_year)s") % values
    if change == 0:
        return _("as many as in %(previous_year)s") % values
    values["change"] = by_amount(abs(change), integer(abs(change)))
    values["percent"] = by_amount(abs(change_pct), percent(abs(change_pct)))
    if change > 0:
        return _("%(change)s (%(percent)s) more than in %(previous_year)s") % values
    return _("%(change)s (%(percent)s) fewer than in %(previous_year)s") % values


def change_sentence(row: dict, year: int) -> str:
    """ "In 2025, 1,227 accidents were recorded, 45 (3.8 %) more than in 2024." from one
    row of the five-year table."""
    current = row["values"].get(str(year))
    change = row["change"]
    previous = None if change is None or current is None else current - change
    fact = _recorded(row["indicator"], year, current or 0)
    compared = comparison(change, row["change_pct"], previous, year)
    if compared is None:
        return _("%(fact)s.") % {"fact": fact}
    return _("%(fact)s, %(comparison)s.") % {"fact": fact, "comparison": compared}


def _rows(report: dict) -> dict:
    return {(r["indicator"], r["scope"], r["source"]): r for r in report["accidents"]}


def headline(report: dict) -> list[str]:
    """Accidents, victims and fatalities of the year by the federation's monitoring, each
    compared with the year before, and the union enterprises' part."""
    year, rows = report["year"], _rows(report)
    sentences = []
    for indicator in (Indicator.ACCIDENTS, Indicator.VICTIMS, Indicator.FATALITIES):
        row = rows.get((indicator, Scope.ALL, Source.MONITORING))
        if row is not None:
            sentences.append(change_sentence(row, year))
    everything = rows.get((Indicator.ACCIDENTS, Scope.ALL, Source.MONITORING))
    union = rows.get((Indicator.ACCIDENTS, Scope.UNION, Source.MONITORING))
    if everything and union:
        total, at_union = everything["values"][str(year)], union["values"][str(year)]
        if total and at_union is not None and at_union <= total:
            sentences.append(
                _(
                    "%(without)s of the accidents happened at enterprises without an FTUK "
                    "union, %(with)s at enterprises with one."
                )
                % {
                    "without": percent(share(total - at_union, total)),
                    "with": percent(share(at_union, total)),
                }
            )
    return sentences


def sources_compared(report: dict) -> list[str]:
    """Each other source against the federation's monitoring, with the difference."""
    year, rows = str(report["year"]), _rows(report)
    sentences = []
    for indicator in (Indicator.ACCIDENTS, Indicator.VICTIMS, Indicator.FATALITIES):
        monitoring = rows.get((indicator, Scope.ALL, Source.MONITORING))
        ours = monitoring["values"][year] if monitoring else None
        for source in (Source.MINISTRY, Source.STATISTICS_BUREAU):
            row = rows.get((indicator, Scope.ALL, source))
            theirs = row["values"][year] if row else None
            if theirs is None or ours is None:
                continue
            values = {
                "source": Source(source).label,
                "indicator": Indicator(indicator).label,
                "value": integer(theirs),
                "difference": by_amount(abs(theirs - ours), integer(abs(theirs - ours))),
            }
            if theirs > ours:
                pattern = _(
                    "%(source)s: %(indicator)s — %(value)s, %(difference)s more than the "
                    "federation's monitoring."
                )
            elif theirs < ours:
                pattern = _(
                    "%(source)s: %(indicator)s — %(value)s, %(difference)s fewer than the "
                    "federation's monitoring."
                )
            else:
                pattern = _(
                    "%(source)s: %(indicator)s — %(value)s, the same as the federation's "
                    "monitoring."
                )
            sentences.append(pattern % values)
    if not sentences:
        sentences.append(_("No other source has figures for %(year)s.") % {"year": year})
    return sentences


def _largest(rows: list[dict], key: str, names: dict, field: str) -> list[tuple]:
    """The TOP rows with the most `field`, as (name, count, share of the whole)."""
    total = sum(row[field] for row in rows)
    ranked = sorted(
        (r for r in rows if r[field]), key=lambda r: (-r[field], str(names.get(r[key], "")))
    )
    return [(names.get(r[key], r[key]), r[field], share(r[field], total)) for r in ranked[:TOP]]


def _listed(items: list[tuple]) -> str:
    return "; ".join(
        _("%(name)s — %(count)s (%(share)s)")
        % {"name": name, "count": integer(count), "share": percent(pct)}
        for name, count, pct in items
    )


def largest_regions(report: dict, names: dict) -> list[str]:
    items = _largest(report["by_region"], "region", names, "victims")
    if not items:
        return [_("No victims were recorded in any region.")]
    return [
        ngettext(
            "Region with the most victims: %(list)s.",
            "Regions with the most victims: %(list)s.",
            len(items),
        )
        % {"list": _listed(items)}
    ]


def largest_sectors(report: dict, names: dict) -> list[str]:
    items = _largest(report["by_sector"], "sector", names, "victims")
    if not items:
        return [_("No victims were recorded in any sector.")]
    return [
        ngettext(
            "Sector with the most victims: %(list)s.",
            "Sectors with the most victims: %(list)s.",
            len(items),
        )
        % {"list": _listed(items)}
    ]


def causes(report: dict, names: dict) -> list[str]:
    items = _largest(report["by_cause"], "cause", names, "accidents")
    if not items:
        return [_("No accident of the year has a cause recorded.")]
    return [
        ngettext(
            "The most frequent cause: %(list)s.",
            "The most frequent causes: %(list)s.",
            len(items),
        )
        % {"list": _listed(items)}
    ]


def rates(report: dict) -> list[str]:
    rate = report.get("rates")
    if not rate or rate["victims_per_1000"] is None:
        return [_("No enterprise of the basis has a headcount; no rate can be given.")]
    return [
        _(
            "Per 1,000 workers of enterprises with a known headcount (%(workers)s workers): "
            "%(victims)s victims and %(fatalities)s fatalities. The rate accounts for "
            "%(coverage)s of the year's victims."
        )
        % {
            "workers": integer(rate["workers"]),
            "victims": decimal(rate["victims_per_1000"], 2),
            "fatalities": decimal(rate["fatalities_per_1000"], 2),
            "coverage": percent(rate["coverage_pct"]),
        }
    ]


def public_control(report: dict) -> list[str]:
    control = report["public_control"]
    if not control["inspections"]:
        return [_("No inspection of %(year)s is recorded.") % {"year": report["year"]}]
    inspections = ngettext(
        "In %(year)s, technical inspectors carried out %(count)s inspection",
        "In %(year)s, technical inspectors carried out %(count)s inspections",
        control["inspections"],
    ) % {"year": report["year"], "count": integer(control["inspections"])}
    found = ngettext(
        "found %(count)s violation and eliminated %(eliminated)s of them (%(percent)s)",
        "found %(count)s violations and eliminated %(eliminated)s of them (%(percent)s)",
        control["violations_found"],
    ) % {
        "count": integer(control["violations_found"]),
        "eliminated": integer(control["violations_eliminated"]),
        "percent": percent(control["eliminated_pct"]),
    }
    stoppages = ngettext(
        "Work was stopped %(count)s time.",
        "Work was stopped %(count)s times.",
        control["work_stoppages"],
    ) % {"count": integer(control["work_stoppages"])}
    proposals = ngettext(
        "%(count)s proposal to improve working conditions was made.",
        "%(count)s proposals to improve working conditions were made.",
        control["proposals"],
    ) % {"count": integer(control["proposals"])}
    return [
        _("%(fact)s, %(comparison)s.") % {"fact": inspections, "comparison": found},
        stoppages,
        proposals,
    ]


def councils(report: dict) -> list[str]:
    data = report["councils"]
    this_year = next((r for r in data["by_year"] if r["year"] == report["year"]), None)
    if this_year is None:
        return []
    return [
        ngettext(
            "On 31 December %(year)s, %(count)s production council was active",
            "On 31 December %(year)s, %(count)s production councils were active",
            this_year["total"],
        )
        % {"year": report["year"], "count": integer(this_year["total"])}
        + _(
            "; %(new)s were created during the year (budget sphere %(budget)s, "
            "real sector %(real)s)."
        )
        % {
            "new": integer(this_year["new"]),
            "budget": percent(data["budget_share_pct"]),
            "real": percent(data["real_share_pct"]),
        }
    ]


def inspectors(report: dict) -> list[str]:
    people = report["inspectors"]
    return [
        ngettext(
            "%(count)s technical inspector was active at the end of the year",
            "%(count)s technical inspectors were active at the end of the year",
            people["total"],
        )
        % {"count": integer(people["total"])}
        + _("; %(trained)s (%(percent)s) were trained during the year.")
        % {"trained": integer(people["trained"]), "percent": percent(people["trained_pct"])}
    ]


def remarks(report: dict) -> list[str]:
    """Each warning of the report as a remark for the reader to check."""
    return [
        _("Please check (%(year)s): %(message)s") % {"year": w["year"], "message": w["message"]}
        for w in report["warnings"]
    ]


def conclusion(report: dict) -> list[str]:
    """The year's accidents and fatalities against the year before, where the accidents
    happened, and whether any figure still needs checking."""
    year, rows = report["year"], _rows(report)
    sentences = [
        change_sentence(rows[key], year)
        for key in (
            (Indicator.ACCIDENTS, Scope.ALL, Source.MONITORING),
            (Indicator.FATALITIES, Scope.ALL, Source.MONITORING),
        )
        if key in rows
    ]
    count = len(report["warnings"])
    if count:
        sentences.append(
            ngettext(
                "%(count)s figure breaks a consistency rule and should be checked before "
                "the note is published.",
                "%(count)s figures break a consistency rule and should be checked before "
                "the note is published.",
                count,
            )
            % {"count": integer(count)}
        )
    else:
        sentences.append(_("No figure of the report breaks a consistency rule."))
    return sentences

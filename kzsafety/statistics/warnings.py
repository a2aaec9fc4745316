"""Consistency rules over a built report; each broken rule becomes a warning shown beside
the tables (the report still renders)."""

from django.utils.translation import gettext as _

from kzsafety.statistics.models import Indicator, Scope, Source


def _table_warnings(report: dict) -> list[dict]:
    """Rules on the other tables: shares and parts that exceed their whole."""
    found = []
    year = report["year"]
    control = report.get("public_control")
    if control and control["violations_eliminated"] > control["violations_found"]:
        found.append(
            {
                "year": year,
                "rule": "eliminated_exceeds_found",
                "message": _(
                    "Violations eliminated (%(eliminated)s) exceed violations found (%(found)s)."
                )
                % {
                    "eliminated": control["violations_eliminated"],
                    "found": control["violations_found"],
                },
            }
        )
    people = report.get("inspectors")
    if people and people["trained"] > people["total"]:
        found.append(
            {
                "year": year,
                "rule": "trained_exceeds_total",
                "message": _(
                    "Inspectors trained (%(trained)s) exceed inspectors active (%(total)s)."
                )
                % {"trained": people["trained"], "total": people["total"]},
            }
        )
    for row in (report.get("councils") or {}).get("by_year", []):
        if row["union_initiative"] > row["total"]:
            found.append(
                {
                    "year": row["year"],
                    "rule": "union_initiative_exceeds_total",
                    "message": _(
                        "Councils created at union initiative (%(part)s) exceed "
                        "active councils (%(total)s)."
                    )
                    % {"part": row["union_initiative"], "total": row["total"]},
                }
            )
    return found


def warnings(report: dict) -> list[dict]:
    """Every consistency rule a value of the report breaks."""
    found = []

    def add(year, rule, message):
        found.append({"year": int(year), "rule": rule, "message": str(message)})

    rows = {(r["indicator"], r["scope"], r["source"]): r["values"] for r in report["accidents"]}
    for (indicator, scope, source), values in rows.items():
        for year, value in values.items():
            if value is None:
                continue
            label = {"source": _(Source(source).label), "scope": _(Scope(scope).label)}
            if scope == Scope.UNION:
                whole = rows.get((indicator, Scope.ALL, source), {}).get(year)
                if whole is not None and value > whole:
                    add(
                        year,
                        "union_exceeds_all",
                        _(
                            "%(indicator)s at union enterprises (%(value)s) exceed all enterprises "
                            "(%(whole)s), %(source)s."
                        )
                        % {
                            "indicator": Indicator(indicator).label,
                            "value": value,
                            "whole": whole,
                            **label,
                        },
                    )
            pairs = {
                Indicator.FATALITIES: (Indicator.VICTIMS, "fatalities_exceed_victims", ">"),
                Indicator.VICTIMS: (Indicator.ACCIDENTS, "victims_below_accidents", "<"),
                Indicator.EMPLOYER_FAULT_OVER_50: (
                    Indicator.ACCIDENTS,
                    "fault_exceeds_accidents",
                    ">",
                ),
            }
            if indicator in pairs:
                other_indicator, rule, relation = pairs[indicator]
                other = rows.get((other_indicator, scope, source), {}).get(year)
                broken = other is not None and (value > other if relation == ">" else value < other)
                if broken:
                    add(
                        year,
                        rule,
                        _(
                            "%(indicator)s (%(value)s) against %(other_indicator)s (%(other)s): "
                            "%(source)s, %(scope)s."
                        )
                        % {
                            "indicator": Indicator(indicator).label,
                            "value": value,
                            "other_indicator": Indicator(other_indicator).label,
                            "other": other,
                            **label,
                        },
                    )
    found.extend(_table_warnings(report))
    return sorted(found, key=lambda w: (w["year"], w["rule"], w["message"]))

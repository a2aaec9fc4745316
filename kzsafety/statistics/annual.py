"""The federation's annual tables (CONTRACTS.md §4), computed in the database.

Every table is a fixed number of aggregate queries, whatever the size of the data. The
report for the whole country merges entered figures (ministry, bureau, legacy years); a
report limited to a region or a sector shows only what the records say."""

import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language

from councils.access import councils_visible_to
from councils.models import Council
from inspections.access import accidents_visible_to, inspections_visible_to
from inspections.models import Accident, Inspection, InspectionStatus
from inspections.services.public_control_stats import public_control_totals
from kzsafety import scope_cache
from kzsafety.access import enterprises_visible_to, inspectors_visible_to
from kzsafety.accounts.models import Role
from kzsafety.directories.models import Enterprise, TechnicalInspector
from kzsafety.statistics.accident_tables import accident_rows, by_cause, by_region, by_sector
from kzsafety.statistics.basis import Basis
from kzsafety.statistics.models import Figure
from kzsafety.statistics.people_tables import councils, inspectors
from kzsafety.statistics.rates import add_rates
from kzsafety.statistics.warnings import warnings


def entered_figures(years: list[int]) -> dict:
    """{(source, indicator, scope): {year: value}}: one query."""
    figures: dict = {}
    for figure in Figure.objects.filter(year__in=years).only(
        "year", "source", "indicator", "scope", "value"
    ):
        figures.setdefault((figure.source, figure.indicator, figure.scope), {})[figure.year] = (
            figure.value
        )
    return figures


def public_control(basis: Basis, year: int) -> dict:
    return public_control_totals(year=year, inspections=basis.inspections)


def build_report(year: int, window: int = 5, basis: Basis | None = None) -> dict:
    """The whole report of CONTRACTS.md §4 as a JSON-ready dict."""
    basis = basis or national_basis()
    years = list(range(year - window + 1, year + 1))
    figures = entered_figures(sorted({*years, year - 1})) if basis.national else {}
    report = {
        "year": year,
        "years": years,
        "accidents": accident_rows(basis, year, years, figures),
        "by_region": by_region(basis, year),
        "by_sector": by_sector(basis, year),
        "by_cause": by_cause(basis, year),
        "public_control": public_control(basis, year),
        "councils": councils(basis, year, years, figures),
        "inspectors": inspectors(basis, year, figures),
    }
    add_rates(report, basis)
    report["warnings"] = warnings(report)
    return report


def report_for(user, year: int, window: int = 5) -> dict:
    """The report of the user's basis, from the scope cache (kzsafety/scope_cache.py) when
    no write in the scope has committed since it was built; the warnings are in the
    request's language, so the language is part of the key."""
    return scope_cache.cached(
        user,
        "annual-report",
        lambda: build_report(year, window, basis_for(user)),
        year,
        window,
        get_language(),
    )


def latest_year_for(user, today: datetime.date | None = None) -> int:
    """latest_year_with_data of the user's basis, through the scope cache."""
    return scope_cache.cached(
        user, "latest-year", lambda: latest_year_with_data(basis_for(user), today)
    )


def latest_year_with_data(basis: Basis, today: datetime.date | None = None) -> int:
    """The year the statistics page opens on: the latest year, up to the current one, with
    a counted accident report, a finalized inspection, a council established or (for the
    whole country) an entered figure in the basis; last year when there is nothing at all.
    Opening on a year with no records would show a page of zeros while the data sits one
    selector away. Active councils and inspectors do not count: they exist every year."""
    today = today or timezone.localdate()
    accidents = basis.accidents.counted().filter(date__lte=today)
    inspections = basis.inspections.filter(status=InspectionStatus.FINALIZED, date__lte=today)
    established = basis.councils.filter(established_on__lte=today)
    latest = [
        accidents.aggregate(latest=Max("date"))["latest"],
        inspections.aggregate(latest=Max("date"))["latest"],
        established.aggregate(latest=Max("established_on"))["latest"],
    ]
    years = [day.year for day in latest if day is not None]
    if basis.national:
        entered = Figure.objects.filter(year__lte=today.year).aggregate(latest=Max("year"))
        if entered["latest"] is not None:
            years.append(entered["latest"])
    return max(years, default=today.year - 1)


def national_basis() -> Basis:
    return Basis(
        accidents=Accident.objects.all(),
        inspections=Inspection.objects.all(),
        councils=Council.objects.all(),
        inspectors=TechnicalInspector.objects.all(),
        national=True,
        enterprises=Enterprise.objects.all(),
    )


def can_see_statistics(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (
            user.is_superuser
            or user.role in (Role.REGIONAL_STAFF, Role.SECTOR_STAFF, Role.FEDERATION_STAFF)
        )
    )


def basis_for(user) -> Basis:
    """The records a user's report is built from: the whole country with entered figures for
    federation staff, their own region or sector for regional and sector staff."""
    if user.is_superuser or user.role == Role.FEDERATION_STAFF:
        return national_basis()
    return Basis(
        accidents=accidents_visible_to(user),
        inspections=inspections_visible_to(user),
        councils=councils_visible_to(user),
        inspectors=inspectors_visible_to(user),
        national=False,
        enterprises=enterprises_visible_to(user),
    )

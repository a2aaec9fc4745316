"""What a report is built from."""

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass
class Basis:
    """What the report is built from: the records in scope, and whether entered national
    figures apply (only for the whole country)."""

    accidents: QuerySet
    inspections: QuerySet
    councils: QuerySet
    inspectors: QuerySet
    national: bool
    # The enterprises whose headcounts give the rates per 1,000 workers (None: no rates).
    enterprises: QuerySet | None = None

"""Parsers for cells that name a directory entry (region, sector, OKED section, cause,
event type): by key or code, or by name in any of the three languages. Each is built once
per import with one query, so a million rows cost no more queries than ten."""

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from kzsafety.directories.models import Cause, EventType, OkedSection, Region, Sector
from kzsafety.imports.values import CellError, _shown, lookup_table, normalize, remembered

# ОКЭД (NACE Rev.2) divisions of each section: a code such as 07.10.0 or 47111 names its
# section by its first two digits.
OKED_DIVISIONS = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}  # fmt: skip
_OKED_CODE = re.compile(r"^(\d{2})[\d.]*$")


def _names(item: Any) -> list[str]:
    return [item.name_kk, item.name_ru, item.name_en]


def _lookup_parser(
    table: dict[str, int], unknown: str, inactive: set[int] = frozenset()
) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        found = table.get(normalize(_shown(value)))
        if found is None:
            raise CellError(unknown % {"value": _shown(value)})
        if found in inactive:
            raise CellError(
                _("“%(value)s” is no longer in use; choose a current entry.")
                % {"value": _shown(value)}
            )
        return found

    return remembered(parse)


def region() -> Callable[[Any], int]:
    regions = list(Region.objects.all())
    table = lookup_table((r.pk, [r.code, *_names(r)]) for r in regions)
    return _lookup_parser(
        table, _("“%(value)s” is not a region: write its two-digit KATO code or its name.")
    )


def reference(model: type, *, active_only: bool) -> Callable[[Any], int]:
    """Sectors, causes, event types, violation categories: key or name. With
    `active_only`, entries an administrator retired are refused, as the forms do."""
    items = list(model.objects.all())
    table = lookup_table((item.pk, [item.key, *_names(item)]) for item in items)
    inactive = {item.pk for item in items if not item.active} if active_only else set()
    return _lookup_parser(
        table,
        _("“%(value)s” is not in the list of %(list)s: write its key or its name.")
        % {"value": "%(value)s", "list": model._meta.verbose_name_plural},
        inactive,
    )


def sector() -> Callable[[Any], int]:
    return reference(Sector, active_only=False)


def cause() -> Callable[[Any], int]:
    return reference(Cause, active_only=True)


def event_type() -> Callable[[Any], int]:
    return reference(EventType, active_only=True)


def oked_section() -> Callable[[Any], int]:
    sections = list(OkedSection.objects.all())
    table = lookup_table((s.pk, [s.code, *_names(s)]) for s in sections)
    by_code = {s.code: s.pk for s in sections}
    by_division = {
        division: by_code[code]
        for code, (first, last) in OKED_DIVISIONS.items()
        if code in by_code
        for division in range(first, last + 1)
    }
    by_name = _lookup_parser(
        table,
        _("“%(value)s” is not an OKED section: write its letter (A–U), its name or an OKED code."),
    )

    def parse(value: Any) -> int:
        shown = _shown(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = shown.zfill(2) if len(shown) % 2 else shown
        if match := _OKED_CODE.match(shown):
            found = by_division.get(int(match.group(1)))
            if found is None:
                raise CellError(_("“%(value)s” is not an OKED code.") % {"value": shown})
            return found
        return by_name(value)

    return remembered(parse)


# --- what the template's drop-down lists offer, in the active language ------------------


def region_names() -> list[str]:
    return [r.name for r in Region.objects.all()]


def reference_names(model: type) -> Callable[[], list[str]]:
    def names() -> list[str]:
        return [item.name for item in model.objects.filter(active=True)]

    return names


def oked_names() -> list[str]:
    return [s.code for s in OkedSection.objects.all()]

"""Small helpers the council write functions share."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST_DATE = datetime.date(1990, 1, 1)


def check_past(day: datetime.date | None, field: str, today: datetime.date | None = None) -> None:
    """A date of something that has happened: not in the future, not absurdly old.
    `today`: the caller's today, read once for many records (an import)."""
    if day is None:
        return
    if day > (today or timezone.localdate()):
        raise ValidationError({field: _("The date cannot be in the future.")})
    if day < EARLIEST_DATE:
        raise ValidationError({field: _("The date is too far in the past.")})


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def next_position(queryset, field: str = "position") -> int:
    last = queryset.order_by(f"-{field}").values_list(field, flat=True).first()
    return (last or 0) + 1

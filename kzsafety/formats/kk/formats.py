"""Kazakh: 07.03.2025, 14:05, «2025 жылғы 7 наурыз», 1 234 567,5 (a no-break space between
thousands). Month names come from the kk catalogue, lower case as Kazakh writes them
(locale_overrides/kk). The *_FORMAT strings use Django's date syntax; Cyrillic letters are
no format characters, so they need no escaping."""

from kzsafety.formats.day_first import (  # noqa: F401  Django reads them from here
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    TIME_INPUT_FORMATS,
)

DATE_FORMAT = "Y жылғы j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y жылғы j E, H:i"
YEAR_MONTH_FORMAT = "Y жылғы F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday


DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3

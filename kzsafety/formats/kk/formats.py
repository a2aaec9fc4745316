"""Kazakh: 07.03.2025, 14:05, «2025 жылғы 7 наурыз», 1 234 567,5 (a no-break space between
thousands). Month names come from the kk catalogue, lower case as Kazakh writes them
(locale_overrides/kk). The *_FORMAT strings use Django's date syntax; Cyrillic letters are
no format characters, so they need no escaping."""

DATE_FORMAT = "Y жылғы j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y жылғы j E, H:i"
YEAR_MONTH_FORMAT = "Y жылғы F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Python strptime syntax. Django adds the ISO forms (2025-03-07) that date inputs send.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 07.03.2025
    "%d.%m.%y",  # 07.03.25
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y %H:%M:%S",
    "%d.%m.%y %H:%M",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3

"""English as this federation's readers meet it: 07.03.2025, 14:05, «7 March 2025»,
1,234,567.5. Django's American defaults (03/07/2025, 2:05 p.m.) would be read the wrong way
round next to the Kazakh and Russian pages of the same records."""

from kzsafety.formats import day_first

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    *day_first.DATE_INPUT_FORMATS,
    "%d %B %Y",  # 7 March 2025
    "%d %b %Y",  # 7 Mar 2025
]
DATETIME_INPUT_FORMATS = day_first.DATETIME_INPUT_FORMATS
TIME_INPUT_FORMATS = day_first.TIME_INPUT_FORMATS

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

"""Date, time and number formats per language (settings.FORMAT_MODULE_PATH).

Django ships none for Kazakh, so Kazakh pages fell back to the American defaults
(11/20/2026, 9:25 Т.Ж., a decimal point). Russian uses Django's own formats, which already
read as Russians write; English follows the same day.month.year and 24-hour clock as the
other two, so one page never mixes 20.11.2026 and 11/20/2026 when a user switches language.

Thousands are grouped only where a template asks (`intcomma`, `floatformat:"g"`):
USE_THOUSAND_SEPARATOR stays off so years, ids and numbers in URLs or form inputs never
get a space inside them."""

"""Numbers as the note writes them, in the active language: grouped integers (1 227 with a
no-break space in Kazakh and Russian, 1,227 in English), percentages with one decimal and a
no-break space before the sign (3,8 %), and the Kazakh case endings a number takes when a
sentence puts it in the dative, locative or ablative ("45-ке", "3,8 %-ға").

Kazakh writes the ending after a hyphen and chooses it by the last word one says when
reading the number aloud: 45 is "қырық бес", so 45 takes the endings of "бес" (front
vowel, voiceless end): 45-ке, 45-те, 45-тен."""

from django.utils import formats
from django.utils.translation import get_language

NBSP = "\xa0"

# The last word said for a digit, a round ten, and the larger units: its vowel harmony
# (back or front) and how it ends (vowel, voiced, nasal, voiceless).
_DIGITS = {
    1: ("front", "voiced"),  # бір
    2: ("front", "vowel"),  # екі
    3: ("front", "voiceless"),  # үш
    4: ("front", "voiceless"),  # төрт
    5: ("front", "voiceless"),  # бес
    6: ("back", "vowel"),  # алты
    7: ("front", "vowel"),  # жеті
    8: ("front", "voiced"),  # сегіз
    9: ("back", "voiced"),  # тоғыз
}
_TENS = {
    1: ("back", "nasal"),  # он
    2: ("back", "vowel"),  # жиырма
    3: ("back", "voiced"),  # отыз
    4: ("back", "voiceless"),  # қырық
    5: ("front", "vowel"),  # елу
    6: ("back", "voiceless"),  # алпыс
    7: ("front", "voiceless"),  # жетпіс
    8: ("front", "nasal"),  # сексен
    9: ("back", "nasal"),  # тоқсан
}
_HUNDRED = ("front", "voiced")  # жүз
_THOUSAND = ("back", "nasal")  # мың
_MILLION = ("back", "nasal")  # миллион
_PERCENT = ("back", "voiced")  # пайыз

_ENDINGS = {
    # case: {(harmony, end): ending}
    "dative": {
        ("back", "vowel"): "ға",
        ("back", "voiced"): "ға",
        ("back", "nasal"): "ға",
        ("back", "voiceless"): "қа",
        ("front", "vowel"): "ге",
        ("front", "voiced"): "ге",
        ("front", "nasal"): "ге",
        ("front", "voiceless"): "ке",
    },
    "locative": {
        ("back", "vowel"): "да",
        ("back", "voiced"): "да",
        ("back", "nasal"): "да",
        ("back", "voiceless"): "та",
        ("front", "vowel"): "де",
        ("front", "voiced"): "де",
        ("front", "nasal"): "де",
        ("front", "voiceless"): "те",
    },
    "ablative": {
        ("back", "vowel"): "дан",
        ("back", "voiced"): "дан",
        ("back", "nasal"): "нан",
        ("back", "voiceless"): "тан",
        ("front", "vowel"): "ден",
        ("front", "voiced"): "ден",
        ("front", "nasal"): "нен",
        ("front", "voiceless"): "тен",
    },
}


def _last_word(number: int) -> tuple[str, str]:
    number = abs(number)
    if number == 0:
        return ("front", "voiced")  # нөл → нөлге, нөлде, нөлден
    if number % 10:
        return _DIGITS[number % 10]
    if number % 100:
        return _TENS[number % 100 // 10]
    if number % 1000:
        return _HUNDRED
    if number % 1_000_000:
        return _THOUSAND
    return _MILLION


def kk_case(number: int | float, written: str, case: str) -> str:
    """`written` (the number as printed) with its Kazakh case ending: kk_case(45, "45",
    "dative") == "45-ке". A fraction is read by its decimals (3,8 → "сегіз"); a percentage
    (written ending in %) by "пайыз"."""
    if written.endswith("%"):
        sound = _PERCENT
    elif isinstance(number, float) and not number.is_integer():
        decimals = f"{abs(number):.1f}".split(".")[1].rstrip("0") or "0"
        sound = _last_word(int(decimals))
    else:
        sound = _last_word(int(number))
    return f"{written}-{_ENDINGS[case][sound]}"


def integer(value: int | None) -> str:
    """A count grouped in the active language; a dash when there is none."""
    if value is None:
        return "—"
    return formats.number_format(value, 0, force_grouping=True)


def signed(value: int | None) -> str:
    """A change with its sign: +45, −12, 0."""
    if value is None:
        return "—"
    if value > 0:
        return f"+{integer(value)}"
    if value < 0:
        return f"−{integer(-value)}"
    return integer(0)


def decimal(value: float | None, places: int = 1) -> str:
    if value is None:
        return "—"
    return formats.number_format(value, places, force_grouping=True)


def percent(value: float | None) -> str:
    """3,8 % in Kazakh and Russian, 3.8 % in English; a dash when undefined."""
    if value is None:
        return "—"
    return f"{decimal(value)}{NBSP}%"


def by_amount(value: int | float, written: str) -> str:
    """A number as the object of "more/fewer by": Kazakh puts it in the dative (45-ке,
    3,8 %-ға); Russian and English take it as written (the sentence says "на 45")."""
    if (get_language() or "").startswith("kk"):
        return kk_case(value, written, "dative")
    return written

"""Input formats shared by every language that writes the day first (all of ours).
Python strptime syntax; Django adds the ISO forms (2025-03-07) that date inputs send."""

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

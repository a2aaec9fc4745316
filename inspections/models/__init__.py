from inspections.models.accidents import (
    Accident,
    AccidentStatus,
    AccidentStatusChange,
    Attachment,
    Outcome,
    Victim,
)

__all__ = [
    "Accident",
    "AccidentStatus",
    "AccidentStatusChange",
    "Attachment",
    "Outcome",
    "Victim",
]

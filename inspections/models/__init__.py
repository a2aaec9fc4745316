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

from inspections.models.public_control import (  # noqa: E402
    EvidencePhoto,
    EvidenceStage,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Notice,
    NoticeCounter,
    Proposal,
    ProposalStatus,
    Violation,
    ViolationStatus,
    ViolationStatusChange,
    WorkStoppage,
)

__all__ += [
    "EvidencePhoto",
    "EvidenceStage",
    "Inspection",
    "InspectionKind",
    "InspectionStatus",
    "Notice",
    "NoticeCounter",
    "Proposal",
    "ProposalStatus",
    "Violation",
    "ViolationStatus",
    "ViolationStatusChange",
    "WorkStoppage",
]

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

from inspections.models.inspections import (  # noqa: E402
    Inspection,
    InspectionKind,
    InspectionStatus,
    Proposal,
    ProposalStatus,
    WorkStoppage,
)
from inspections.models.notices import Notice, NoticeCounter  # noqa: E402
from inspections.models.violations import (  # noqa: E402
    EvidencePhoto,
    EvidenceStage,
    Violation,
    ViolationStatus,
    ViolationStatusChange,
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

from inspections.models.exports import ListExport, ListExportStatus  # noqa: E402

__all__ += ["ListExport", "ListExportStatus"]

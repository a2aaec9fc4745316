from councils.models.meetings import Decision, DecisionStatus, Meeting
from councils.models.registry import Council, CouncilMember, MemberRole, Side
from councils.models.remediation import RemediationPlan
from councils.models.risk import RiskAssessment, RiskBands, RiskEntry

__all__ = [
    "Council",
    "CouncilMember",
    "Decision",
    "DecisionStatus",
    "Meeting",
    "MemberRole",
    "RemediationPlan",
    "RiskAssessment",
    "RiskBands",
    "RiskEntry",
    "Side",
]

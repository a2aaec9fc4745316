"""Factories for council records, and a ready-made set of them on the `world` personas."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import factory
from django.conf import settings

from councils.models import (
    Council,
    CouncilMember,
    Decision,
    DecisionStatus,
    Meeting,
    MemberRole,
    RemediationPlan,
    RiskAssessment,
    RiskEntry,
    Side,
)
from tests.factories import EnterpriseFactory, InspectionFactory, ViolationFactory


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    enterprise = factory.SubFactory(EnterpriseFactory)
    established_on = datetime.date(2023, 3, 1)
    sector = factory.SelfAttribute("enterprise.sector")


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    full_name = factory.Sequence(lambda n: f"Member {n}")
    side = Side.EMPLOYER
    role = MemberRole.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    number = factory.LazyAttribute(lambda o: o.council.meetings.count() + 1)
    date = datetime.date(2025, 5, 20)
    agenda = "Remediation of violations\nProtective equipment"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.LazyAttribute(lambda o: o.meeting.decisions.count() + 1)
    text = factory.Sequence(lambda n: f"Decision {n}")
    responsible = "Chief engineer"
    deadline = factory.LazyAttribute(lambda o: o.meeting.date + datetime.timedelta(days=30))
    status = DecisionStatus.OPEN
    done_on = factory.LazyAttribute(
        lambda o: o.deadline if o.status == DecisionStatus.DONE else None
    )


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAssessment

    council = factory.SubFactory(CouncilFactory)
    period_start = datetime.date(2025, 1, 15)
    period_end = datetime.date(2025, 6, 30)
    commission = "Chief engineer\nUnion committee member"
    objects_assessed = "Workshop 1"
    professions = "Miner\nElectrician"


class RiskEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskEntry

    assessment = factory.SubFactory(RiskAssessmentFactory)
    position = factory.LazyAttribute(lambda o: o.assessment.entries.count() + 1)
    hazard = factory.Sequence(lambda n: f"Hazard {n}")
    workplace = "Miner"
    probability = 3
    severity = 3


class RemediationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemediationPlan

    violation = factory.SubFactory(ViolationFactory)
    responsible = "Shift foreman"
    planned_on = factory.LazyAttribute(lambda o: o.violation.inspection.date)


def local(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    """A moment in the project's time zone, for freezing time around a date boundary."""
    return datetime.datetime(year, month, day, hour, tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass
class Records:
    """Councils at A (with council_a as its chair) and at B, each with a meeting, a
    decision, an assessment with an entry and an open violation."""

    council_a: Council
    council_b: Council
    meeting_a: Meeting
    meeting_b: Meeting
    decision_a: Decision
    decision_b: Decision
    member_a: CouncilMember
    member_b: CouncilMember
    assessment_a: RiskAssessment
    assessment_b: RiskAssessment
    entry_a: RiskEntry
    entry_b: RiskEntry
    violation_a: object
    violation_b: object


def council_records(world) -> Records:
    council_a = CouncilFactory(enterprise=world.a)
    council_b = CouncilFactory(enterprise=world.b)
    member_a = CouncilMemberFactory(
        council=council_a,
        user=world.council_a,
        full_name="Chair Of A",
        role=MemberRole.CHAIR,
        side=Side.WORKERS,
    )
    CouncilMemberFactory(council=council_a, full_name="Director Of A", side=Side.EMPLOYER)
    member_b = CouncilMemberFactory(council=council_b, full_name="Secret Member B")
    meeting_a = MeetingFactory(council=council_a, agenda="Agenda of A")
    meeting_b = MeetingFactory(council=council_b, agenda="Secret agenda of B")
    assessment_a = RiskAssessmentFactory(council=council_a)
    assessment_b = RiskAssessmentFactory(council=council_b)
    inspection_a = InspectionFactory(
        enterprise=world.a, inspector=world.a.inspectors.first(), date=datetime.date(2025, 4, 1)
    )
    inspection_b = InspectionFactory(
        enterprise=world.b, inspector=world.b.inspectors.first(), date=datetime.date(2025, 4, 1)
    )
    return Records(
        council_a=council_a,
        council_b=council_b,
        meeting_a=meeting_a,
        meeting_b=meeting_b,
        decision_a=DecisionFactory(meeting=meeting_a, text="Decision of A"),
        decision_b=DecisionFactory(meeting=meeting_b, text="Secret decision of B"),
        member_a=member_a,
        member_b=member_b,
        assessment_a=assessment_a,
        assessment_b=assessment_b,
        entry_a=RiskEntryFactory(assessment=assessment_a, hazard="Hazard of A"),
        entry_b=RiskEntryFactory(assessment=assessment_b, hazard="Secret hazard of B"),
        violation_a=ViolationFactory(inspection=inspection_a, description="Violation of A"),
        violation_b=ViolationFactory(inspection=inspection_b, description="Secret violation of B"),
    )

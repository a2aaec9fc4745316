"""Demo records for `seed_demo`: a production council at the demo council member's
enterprise, with members from both sides, a meeting and its decisions (one overdue), a
remediation plan on one of the enterprise's open violations if there is one, and a
professional-risk assessment with its register; and councils at three other demo enterprises
established last year and this year. Written through the same functions as the
pages; keyed, so running it again adds nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from councils.access import remediation_violations_visible_to
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
from councils.services.meetings import decision_save, decision_set_status, meeting_save
from councils.services.registry import council_inspectors_set, council_member_save, council_save
from councils.services.remediation import remediation_plan_save
from councils.services.risk import risk_assessment_save, risk_entry_save
from kzsafety.accounts.models import User
from kzsafety.demo import demo_enterprise
from kzsafety.directories.models import TechnicalInspector

# The demo council member's council was established three years before the year of seeding.
ESTABLISHED_YEARS_AGO = 3

# Councils at other demo enterprises (index in kzsafety.demo.ENTERPRISES), so the councils
# table has new councils last year and this year: (index, years ago, month, day, union
# initiative). Dates in the future of this year are brought back to the day of seeding.
OTHER_COUNCILS = [
    (7, 1, 2, 20, True),
    (1, 1, 9, 10, True),
    (6, 0, 3, 3, False),
]

# (full name, side, role, job title, phone); the demo `council` user is the chair.
MEMBERS = [
    ("Серік Әбенов", Side.EMPLOYER, MemberRole.CO_CHAIR, "Бас инженер", "+7 701 555 10 21"),
    ("Ольга Ким", Side.EMPLOYER, MemberRole.MEMBER, "Еңбекті қорғау бөлімінің басшысы", ""),
    ("Ринат Садықов", Side.EMPLOYER, MemberRole.MEMBER, "Шахта бастығы", ""),
    ("Гүлмира Жаксыбекова", Side.WORKERS, MemberRole.SECRETARY, "Кәсіподақ комитетінің мүшесі", ""),
    ("Әлібек Нұрқасымов", Side.WORKERS, MemberRole.MEMBER, "Кенші", ""),
]

# (text, responsible, deadline in days from the meeting, final status)
DECISIONS = [
    (
        "№ 3 учаскеде желдету жүйесін жөндеу және газ анализаторларын тексеру.",
        "Р. Садықов, шахта бастығы",
        50,
        DecisionStatus.OPEN,
    ),
    (
        "Барлық кеншілерге жаңа өзін-өзі құтқарғыштар беру.",
        "О. Ким, еңбекті қорғау бөлімі",
        90,
        DecisionStatus.IN_PROGRESS,
    ),
    (
        "Жерасты жұмыстарының қауіпсіздігі бойынша қайталама нұсқама өткізу.",
        "С. Әбенов, бас инженер",
        20,
        DecisionStatus.DONE,
    ),
]

# (hazard, workplace or profession, P, S, controls, residual P, residual S)
RISKS = [
    ("Метан жарылысы", "Кенші, тазарту забойы", 3, 5, "Газды бақылау, желдету", 1, 5),
    ("Жыныстың опырылуы", "Кенші, дайындық забойы", 3, 4, "Бекітпе, бақылау", 2, 3),
    ("Көмір шаңы", "Комбайншы", 4, 3, "Шаң басу, респиратор", 2, 3),
    ("Шу мен діріл", "Комбайншы", 4, 2, "Құлаққаптар, үзілістер", 3, 2),
    ("Электр тогының соғуы", "Электр слесарі", 2, 5, "Наряд-рұқсат, жерге тұйықтау", 1, 4),
    (
        "Конвейердің қозғалмалы бөліктері",
        "Конвейер машинисі",
        3,
        4,
        "Қоршаулар, апаттық тоқтату",
        1,
        4,
    ),
    ("Биіктіктен құлау", "Жөндеуші", 2, 4, "Қорғаныс белдіктері", 1, 4),
    ("Ауыр жүкті қолмен көтеру", "Қоймашы", 3, 2, "Жүк көтергіш құралдар", 2, 2),
]


def _council(federation: User, council_user: User, today: datetime.date) -> Council:
    enterprise = council_user.enterprise
    # Keyed by the enterprise alone: the date moves with the year of seeding.
    council = Council.objects.filter(enterprise=enterprise).order_by("established_on").first()
    if council is None:
        council = council_save(
            user=federation,
            council=Council(
                enterprise=enterprise,
                established_on=datetime.date(today.year - ESTABLISHED_YEARS_AGO, 2, 15),
                union_initiative=True,
            ),
        )
    if not council.members.exists():
        chair = CouncilMember(
            council=council,
            user=council_user,
            full_name=council_user.get_full_name() or council_user.username,
            side=Side.WORKERS,
            role=MemberRole.CHAIR,
            position="Кәсіподақ комитетінің төрағасы",
            phone="+7 701 555 10 20",
        )
        council_member_save(user=federation, member=chair)
        for full_name, side, role, position, phone in MEMBERS:
            council_member_save(
                user=federation,
                member=CouncilMember(
                    council=council,
                    full_name=full_name,
                    side=side,
                    role=role,
                    position=position,
                    phone=phone,
                ),
            )
        council_inspectors_set(
            user=federation,
            council=council,
            inspectors=TechnicalInspector.objects.filter(enterprise=enterprise),
        )
    return council


def _meeting(council: Council, user: User, today: datetime.date) -> None:
    if council.meetings.exists():
        return
    meeting = meeting_save(
        user=user,
        meeting=Meeting(
            council=council,
            date=today - datetime.timedelta(days=60),
            place="Әкімшілік ғимараты, мәжіліс залы",
            agenda="Бірінші тоқсандағы бұзушылықтарды жою барысы\nЖеке қорғаныс құралдары",
            guests="Техникалық инспектор",
            minutes="Бұзушылықтарды жою барысы және қорғаныс құралдарымен қамтамасыз ету "
            "талқыланды.",
        ),
        attendees=council.members.all(),
    )
    for text, responsible, days, status in DECISIONS:
        decision = decision_save(
            user=user,
            decision=Decision(
                meeting=meeting,
                text=text,
                responsible=responsible,
                deadline=meeting.date + datetime.timedelta(days=days),
            ),
        )
        if status != DecisionStatus.OPEN:
            decision_set_status(
                user=user,
                decision=decision,
                status=status,
                done_on=meeting.date + datetime.timedelta(days=days - 5)
                if status == DecisionStatus.DONE
                else None,
            )


def _plan(council: Council, user: User, today: datetime.date) -> None:
    violations = remediation_violations_visible_to(user).filter(
        inspection__enterprise=council.enterprise
    )
    if RemediationPlan.objects.filter(violation__in=violations).exists():
        return
    violation = violations.order_by("deadline", "pk").first()
    if violation is None:
        return
    remediation_plan_save(
        user=user,
        violation=violation,
        responsible="Р. Садықов, шахта бастығы",
        planned_on=max(today, violation.inspection.date) + datetime.timedelta(days=7),
        note="Жөндеу бригадасы тағайындалды.",
    )


def _assessment(council: Council, user: User, today: datetime.date) -> None:
    if council.risk_assessments.exists():
        return
    assessment = risk_assessment_save(
        user=user,
        assessment=RiskAssessment(
            council=council,
            period_start=datetime.date(today.year, 1, 15),
            period_end=datetime.date(today.year, 6, 30),
            commission="Серік Әбенов, бас инженер (төраға)\nОльга Ким, еңбекті қорғау бөлімі\n"
            "Гүлмира Жаксыбекова, кәсіподақ комитеті",
            objects_assessed="№ 3 учаске\nКомбайн цехы\nЖер үсті кешені",
            professions="Кенші\nКомбайншы\nЭлектр слесарі\nКонвейер машинисі\nҚоймашы",
            schedule="Қаңтар–ақпан: № 3 учаске\nНаурыз–сәуір: комбайн цехы\n"
            "Мамыр–маусым: жер үсті кешені",
        ),
    )
    for hazard, workplace, p, s, controls, rp, rs in RISKS:
        risk_entry_save(
            user=user,
            entry=RiskEntry(
                assessment=assessment,
                hazard=hazard,
                workplace=workplace,
                probability=p,
                severity=s,
                controls=controls,
                residual_probability=rp,
                residual_severity=rs,
                review_on=datetime.date(today.year + 1, 1, 15),
            ),
        )


def _other_councils(federation: User, today: datetime.date) -> None:
    for index, years_ago, month, day, union_initiative in OTHER_COUNCILS:
        enterprise = demo_enterprise(index)
        if Council.objects.filter(enterprise=enterprise).exists():
            continue
        council_save(
            user=federation,
            council=Council(
                enterprise=enterprise,
                established_on=min(today, datetime.date(today.year - years_ago, month, day)),
                union_initiative=union_initiative,
            ),
        )


@transaction.atomic
def seed() -> None:
    council_user = User.objects.filter(username="council").first()
    federation = User.objects.filter(username="federation").first()
    if council_user is None or federation is None or council_user.enterprise_id is None:
        return
    today = timezone.localdate()
    council = _council(federation, council_user, today)
    _other_councils(federation, today)
    _meeting(council, council_user, today)
    _plan(council, council_user, today)
    _assessment(council, council_user, today)

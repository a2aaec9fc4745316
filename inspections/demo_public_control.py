"""Demo public-control records for `seed_demo`: a few inspections by the demo inspectors at
the demo enterprises (kzsafety/demo.py), with violations in every state of their lifecycle,
proposals and a work stoppage, all dated within the current year (the notices are issued on
the day of seeding, so an inspection of an earlier year would carry a notice dated long
after it). Recorded through the same write functions as the pages, and
keyed by reference, so running it again adds nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from inspections.models import Inspection, InspectionKind
from inspections.services import public_control_lifecycle as lifecycle
from inspections.services import public_control_recording as recording
from kzsafety.accounts.models import User
from kzsafety.demo import this_year
from kzsafety.directories.models import ViolationCategory

# Each violation: (description, category key, legal reference, days from the inspection to
# the deadline, what happened next: "open" | "reported" | "eliminated" | "reopened").
INSPECTIONS = [
    {
        "reference": "DEMO-PC-001",
        "inspector": "inspector",
        "days_ago": 60,
        "kind": InspectionKind.PLANNED,
        "violations": [
            (
                "Конвейер №3: айналмалы бөліктерінің қоршауы жоқ / "
                "Конвейер №3: отсутствует ограждение вращающихся частей",
                "machine_guarding",
                "Еңбек кодексі, 182-бап / Трудовой кодекс, ст. 182",
                14,
                "eliminated",
            ),
            (
                "Шахтерлерге берілген респираторлардың мерзімі өткен / "
                "У выданных шахтёрам респираторов истёк срок годности",
                "ppe",
                "Еңбек кодексі, 182-бап / Трудовой кодекс, ст. 182",
                30,
                "reported",
            ),
            (
                "Электр щитінің есігі құлыпталмаған / Дверь электрощита не заперта",
                "electrical_safety",
                "",
                21,
                "open",
            ),
        ],
        "proposals": ["Желдету жүйесін жаңарту / Модернизировать систему вентиляции"],
        "stoppage": "Метан концентрациясы шектен асқан / Концентрация метана выше предельной",
    },
    {
        "reference": "DEMO-PC-002",
        "inspector": "inspector",
        "days_ago": 12,
        "kind": InspectionKind.FOLLOW_UP,
        "violations": [
            (
                "Баспалдақ сатылары сынған / Сломаны ступени лестницы",
                "work_at_height",
                "",
                10,
                "reopened",
            ),
            (
                "Өрт сөндіргіштер тексерілмеген / Огнетушители не проверены",
                "fire_safety",
                "",
                15,
                "open",
            ),
        ],
        "proposals": [
            "Жұмыс орындарын жарықтандыруды күшейту / Усилить освещение рабочих мест",
            "Демалыс бөлмесін жабдықтау / Оборудовать комнату отдыха",
        ],
        "stoppage": None,
    },
    {
        "reference": "DEMO-PC-003",
        "inspector": "inspector2",
        "days_ago": 25,
        "kind": InspectionKind.JOINT,
        "state_inspector": "Болат Сапаров",
        "violations": [
            (
                "Трансформатор подстанциясында ескерту белгілері жоқ / "
                "На трансформаторной подстанции нет предупреждающих знаков",
                "electrical_safety",
                "",
                30,
                "open",
            ),
        ],
        "proposals": [],
        "stoppage": None,
    },
]


def _category(key: str | None):
    return ViolationCategory.objects.filter(key=key).first() if key else None


@transaction.atomic
def seed() -> None:
    today = timezone.localdate()
    council = User.objects.filter(username="council").first()
    for spec in INSPECTIONS:
        if Inspection.objects.filter(reference=spec["reference"]).exists():
            continue
        inspector = User.objects.get(username=spec["inspector"])
        date = this_year(today, spec["days_ago"])
        inspection = recording.inspection_start(
            user=inspector,
            enterprise=inspector.enterprise,
            date=date,
            kind=spec["kind"],
            state_inspector_name=spec.get("state_inspector", ""),
            reference=spec["reference"],
        )
        added = [
            (
                recording.violation_add(
                    user=inspector,
                    inspection=inspection,
                    description=description,
                    category=_category(category),
                    legal_reference=reference,
                    deadline=date + datetime.timedelta(days=days),
                ),
                fate,
            )
            for description, category, reference, days, fate in spec["violations"]
        ]
        for text in spec["proposals"]:
            recording.proposal_add(user=inspector, inspection=inspection, text=text)
        if spec["stoppage"]:
            stoppage = recording.work_stoppage_record(
                user=inspector, inspection=inspection, reason=spec["stoppage"], started_on=date
            )
        recording.inspection_finalize(user=inspector, inspection=inspection)
        if spec["stoppage"]:
            recording.work_stoppage_lift(
                user=inspector,
                stoppage=stoppage,
                lifted_on=min(today, date + datetime.timedelta(days=2)),
            )
        # A council member reports fixes at the inspector's enterprise where there is one.
        reporter = (
            council if council and council.enterprise_id == inspection.enterprise_id else None
        )
        for violation, fate in added:
            if fate == "open":
                continue
            lifecycle.violation_report_fixed(
                user=reporter or inspector,
                violation=violation,
                comment="Жөнделді / Устранено",
            )
            if fate == "eliminated":
                lifecycle.violation_eliminate(
                    user=inspector,
                    violation=violation,
                    eliminated_on=min(today, violation.deadline),
                )
            elif fate == "reopened":
                lifecycle.violation_reopen(
                    user=inspector,
                    violation=violation,
                    comment="Жөндеу сапасыз / Устранено некачественно",
                )

"""Demo accident reports for `seed_demo`, filed through the same write functions as the
pages. Keyed by reference, so running it again adds nothing."""

import datetime

from django.db import transaction

from inspections.models import Accident, Outcome, Victim
from inspections.services.accidents import accident_save, accident_submit, accident_verify
from kzsafety.accounts.models import User
from kzsafety.directories.models import Cause, EventType

# (reference, username of the filer, days ago, cause, event type, victims, final status)
REPORTS = [
    ("DEMO-2026-001", "inspector", 40, "work_organisation", "falling_objects",
     [("Нұрлан Бекенов", Outcome.SEVERE, 34)], "verified"),
    ("DEMO-2026-002", "inspector", 12, "safety_rules_violation", "fall_from_height",
     [("Ерболат Жұмаев", Outcome.FATAL, 41), ("Санжар Әлиев", Outcome.LIGHT, 27)], "submitted"),
    ("DEMO-2026-003", "inspector2", 5, "equipment_defects", "electric_shock",
     [("Ольга Петренко", Outcome.LIGHT, 52)], "draft"),
]


@transaction.atomic
def seed() -> None:
    from inspections import demo_public_control

    _seed_accidents()
    demo_public_control.seed()


def _seed_accidents() -> None:
    today = datetime.date.today()
    for reference, username, days_ago, cause, event, victims, final in REPORTS:
        if Accident.objects.filter(reference=reference).exists():
            continue
        filer = User.objects.get(username=username)
        day = today - datetime.timedelta(days=days_ago)
        accident = accident_save(
            user=filer,
            accident=Accident(
                reference=reference,
                enterprise=filer.enterprise,
                date=day,
                cause=Cause.objects.get(key=cause),
                event_type=EventType.objects.get(key=event),
                employer_fault_pct=70,
                employee_fault_pct=30,
                description="Демо: жазатайым оқиға сипаттамасы.",
            ),
            victims=[
                Victim(full_name=name, outcome=outcome, age=age,
                       died_on=day if outcome == Outcome.FATAL else None)
                for name, outcome, age in victims
            ],
        )
        if final in ("submitted", "verified"):
            accident_submit(user=filer, accident=accident)
        if final == "verified":
            accident_verify(user=User.objects.get(username="federation"), accident=accident)

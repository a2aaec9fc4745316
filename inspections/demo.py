"""Demo accident reports for `seed_demo`, filed through the same write functions as the
pages, over this year and last year (dated from the day of seeding), at the demo
enterprises by whoever may file for them: the demo inspectors at their own enterprise,
regional staff in their region, federation staff elsewhere. Keyed by reference, so running
it again adds nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from inspections.models import Accident, Outcome, Victim
from inspections.services.accidents import accident_save, accident_submit, accident_verify
from kzsafety.accounts.models import User
from kzsafety.demo import demo_enterprise, this_year
from kzsafety.directories.models import Cause, EventType

# When: ("this", days ago, kept within this year) or ("last", month, day) of last year.
# Where: None for the filer's own enterprise, else the index in kzsafety.demo.ENTERPRISES.
# (reference, filer, where, when, cause, event type, employer fault %, victims as
#  (name, outcome, age), final status)
REPORTS = [
    ("DEMO-ACC-01", "inspector", None, ("this", 40), "work_organisation", "falling_objects",
     70, [("Нұрлан Бекенов", Outcome.SEVERE, 34)], "verified"),
    ("DEMO-ACC-02", "inspector", None, ("this", 12), "safety_rules_violation",
     "fall_from_height", 70,
     [("Ерболат Жұмаев", Outcome.FATAL, 41), ("Санжар Әлиев", Outcome.LIGHT, 27)],
     "submitted"),
    ("DEMO-ACC-03", "inspector2", None, ("this", 5), "equipment_defects", "electric_shock",
     80, [("Ольга Петренко", Outcome.LIGHT, 52)], "draft"),
    ("DEMO-ACC-04", "regional", 6, ("this", 95), "ppe_not_used", "extreme_temperature",
     60, [("Виктор Ли", Outcome.SEVERE, 58)], "verified"),
    ("DEMO-ACC-05", "federation", 2, ("this", 150), "victim_negligence", "fall_from_height",
     30, [("Азамат Темірбеков", Outcome.FATAL, 23)], "submitted"),
    ("DEMO-ACC-06", "inspector2", None, ("this", 200), "traffic_rules_violation",
     "road_accident", 40, [("Қанат Ибраев", Outcome.LIGHT, 45)], "verified"),
    ("DEMO-ACC-07", "inspector", None, ("last", 3, 14), "work_organisation",
     "moving_machinery", 90, [("Дархан Сапаров", Outcome.SEVERE, 39)], "verified"),
    ("DEMO-ACC-08", "regional", 5, ("last", 6, 2), "victim_negligence", "physical_overload",
     20, [("Гүлназ Мұратова", Outcome.LIGHT, 56)], "verified"),
    ("DEMO-ACC-09", "federation", 4, ("last", 8, 21), "equipment_defects", "explosion", 100,
     [("Руслан Есенов", Outcome.FATAL, 47), ("Тимур Ахметов", Outcome.SEVERE, 31),
      ("Ерік Дүйсенов", Outcome.LIGHT, 29)], "verified"),
    ("DEMO-ACC-10", "federation", 3, ("last", 11, 5), "traffic_rules_violation",
     "road_accident", 50, [("Павел Ким", Outcome.LIGHT, 50)], "submitted"),
    ("DEMO-ACC-11", "regional", 6, ("last", 10, 9), "imperfect_process", "harmful_substances",
     60, [("Сергей Волков", Outcome.LIGHT, 44)], "verified"),
]

# Databases seeded before the references said nothing of a year keep their reports.
RENAMED = {"DEMO-2026-001": "DEMO-ACC-01", "DEMO-2026-002": "DEMO-ACC-02",
           "DEMO-2026-003": "DEMO-ACC-03"}


@transaction.atomic
def seed() -> None:
    from inspections import demo_public_control

    _seed_accidents()
    demo_public_control.seed()


def _day(today: datetime.date, when: tuple) -> datetime.date:
    if when[0] == "this":
        return this_year(today, when[1])
    return datetime.date(today.year - 1, when[1], when[2])


def _seed_accidents() -> None:
    today = timezone.localdate()
    for old, new in RENAMED.items():
        Accident.objects.filter(reference=old).update(reference=new)
    regional = User.objects.get(username="regional")
    federation = User.objects.get(username="federation")
    for reference, username, where, when, cause, event, fault, victims, final in REPORTS:
        if Accident.objects.filter(reference=reference).exists():
            continue
        filer = User.objects.get(username=username)
        enterprise = filer.enterprise if where is None else demo_enterprise(where)
        day = _day(today, when)
        accident = accident_save(
            user=filer,
            accident=Accident(
                reference=reference,
                enterprise=enterprise,
                date=day,
                cause=Cause.objects.get(key=cause),
                event_type=EventType.objects.get(key=event),
                employer_fault_pct=fault,
                employee_fault_pct=100 - fault,
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
            # Verified by the association of the accident's region where it has a demo
            # login, by the federation elsewhere.
            in_region = regional.region_id == enterprise.region_id
            accident_verify(user=regional if in_region else federation, accident=accident)

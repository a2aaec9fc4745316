"""Demo data for `seed_demo`: a user for every role, enterprises in a few regions and their
technical inspectors. Running it again changes nothing (everything is keyed)."""

import datetime

from django.db import transaction
from django.utils import timezone

from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import (
    Enterprise,
    OkedSection,
    Region,
    Sector,
    TechnicalInspector,
    TrainingRecord,
)
from kzsafety.directories.validators import check_digit

DEMO_PASSWORD = "demo-kzsafety-2026"  # noqa: S105 - demo data only, printed by make run

# (BIN prefix of 11 digits, name, region code, sector key, OKED section, headcount, union)
ENTERPRISES = [
    ("99034000001", "ТОО «Қарағанды Көмір»", "35", "coal", "B", 4200, True),
    ("99034000002", "АО «Павлодар Энерго»", "55", "energy", "D", 2600, True),
    ("99034000003", "ТОО «Астана Құрылыс»", "71", "construction_housing", "F", 850, False),
    ("99034000004", "АО «Теміржол Сервис»", "75", "rail_transport", "H", 1900, True),
    ("99034000005", "ТОО «Атырау Мұнай»", "23", "oil_gas", "B", 3100, True),
    ("99034000006", "ГКП «Қарағанды емханасы»", "35", "healthcare", "Q", 420, False),
    ("99034000007", "ТОО «Теміртау Металл»", "35", "mining_metallurgy", "C", 7800, True),
    ("99034000008", "КГУ «Павлодар мектеп-лицейі»", "55", "education_science", "P", 160, True),
]

# (username, first name, last name, role, scope: enterprise index / region code / sector key)
USERS = [
    ("inspector", "Айгүл", "Серікова", Role.INSPECTOR, 0),
    ("inspector2", "Ерлан", "Жұмабеков", Role.INSPECTOR, 1),
    ("council", "Марат", "Оспанов", Role.COUNCIL_MEMBER, 0),
    ("regional", "Динара", "Ахметова", Role.REGIONAL_STAFF, "35"),
    ("sector", "Бауыржан", "Нұрланов", Role.SECTOR_STAFF, "mining_metallurgy"),
    ("federation", "Сауле", "Қасымова", Role.FEDERATION_STAFF, None),
]
INSPECTOR_LOGINS = [user[0] for user in USERS if user[3] == Role.INSPECTOR]


# Registry names of the seats no demo login holds. The first seat of an enterprise with a
# demo inspector login is that person: the registry record carries the login's own name,
# so notices and lists show who actually signed in.
INSPECTOR_NAMES = [
    "Асқар Бекенов",
    "Гүлнар Төлеуова",
    "Нұржан Әбдіров",
    "Жанар Исаева",
    "Серік Мұқанов",
    "Айжан Қалиева",
    "Бақыт Омаров",
    "Ләззат Жақыпова",
    "Талғат Сейітов",
    "Әсел Нұрғалиева",
    "Ержан Тоқтаров",
    "Меруерт Байжанова",
    "Қайрат Смағұлов",
    "Салтанат Ержанова",
    "Дәурен Қуанышев",
    "Ақмарал Сыздықова",
]


def bin_from(prefix: str) -> str:
    """Turn 11 digits into a valid BIN, nudging the last digit if no check digit exists."""
    digits = prefix
    while (digit := check_digit(digits)) is None:
        digits = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    return f"{digits}{digit}"


def demo_enterprise(index: int) -> Enterprise:
    """The demo enterprise at `index` of ENTERPRISES (for the apps' demo records)."""
    return Enterprise.objects.get(bin=bin_from(ENTERPRISES[index][0]))


def this_year(today: datetime.date, days_ago: int) -> datetime.date:
    """`days_ago` days before today, but not before 1 January: the demo's records of this
    year stay in this year whatever day it is seeded on."""
    return max(today - datetime.timedelta(days=days_ago), datetime.date(today.year, 1, 1))


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    """Create the demo records; return the (username, role label) pairs for printing."""
    today = timezone.localdate()
    enterprises = []
    for prefix, name, region, sector, oked, headcount, union in ENTERPRISES:
        enterprise, _ = Enterprise.objects.get_or_create(
            bin=bin_from(prefix),
            defaults={
                "name": name,
                "region": Region.objects.get(code=region),
                "sector": Sector.objects.get(key=sector),
                "oked_section": OkedSection.objects.get(code=oked),
                "headcount": headcount,
                "union_member": union,
            },
        )
        enterprises.append(enterprise)

    logins = []
    for username, first, last, role, scope in USERS:
        scope_fields = {"enterprise": None, "region": None, "sector": None}
        if role in (Role.INSPECTOR, Role.COUNCIL_MEMBER):
            scope_fields["enterprise"] = enterprises[scope]
        elif role == Role.REGIONAL_STAFF:
            scope_fields["region"] = Region.objects.get(code=scope)
        elif role == Role.SECTOR_STAFF:
            scope_fields["sector"] = Sector.objects.get(key=scope)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "role": role, **scope_fields},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        logins.append((username, Role(role).label))

    _registry(enterprises, today)
    return logins


def _registry(enterprises: list[Enterprise], today: datetime.date) -> None:
    """Two registry seats per enterprise, appointed four and five years ago, one trained last
    year and one this year. The first seat of a demo inspector login's enterprise is that
    login's own record, under its name (also repaired in a database seeded before)."""
    logins = {
        user.enterprise_id: user
        for user in User.objects.filter(role=Role.INSPECTOR, username__in=INSPECTOR_LOGINS)
    }
    for index, enterprise in enumerate(enterprises):
        for seat in range(2):
            login = logins.get(enterprise.pk) if seat == 0 else None
            full_name = login.get_full_name() if login else INSPECTOR_NAMES[2 * index + seat]
            inspector, created = TechnicalInspector.objects.get_or_create(
                number=f"TI-{enterprise.region.code}-{index + 1:03d}{seat}",
                defaults={
                    "full_name": full_name,
                    "region": enterprise.region,
                    "enterprise": enterprise,
                    "appointed_on": datetime.date(today.year - 5 + seat, 3, 1 + index),
                    "user": login,
                },
            )
            if created:
                trained_on = (
                    datetime.date(today.year - 1, 4, 10 + index)
                    if seat == 0
                    else this_year(today, 30 + 7 * index)
                )
                TrainingRecord.objects.create(
                    inspector=inspector,
                    completed_on=trained_on,
                    course="Еңбек қауіпсіздігі және еңбекті қорғау",
                    hours=40,
                )
            if login and (inspector.user_id, inspector.full_name) != (login.pk, full_name):
                TechnicalInspector.objects.filter(user=login).exclude(pk=inspector.pk).update(
                    user=None
                )
                inspector.user, inspector.full_name = login, full_name
                inspector.save()

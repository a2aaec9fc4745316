"""The demo data tells one coherent story: each demo login is the person of their registry
record, notices are signed by the inspector who issued them, and the records spread over
this year and last year counted from the day of seeding, so the statistics page opens on
a year with something in it."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from councils.models import Council
from inspections.models import Accident, Inspection, Notice
from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import TechnicalInspector, TrainingRecord
from tests.councils.factories import local


def seed(day: datetime.datetime) -> None:
    with time_machine.travel(day, tick=False):
        call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def seeded(db):
    seed(local(2026, 12, 2))


def test_each_demo_inspector_login_is_the_person_of_their_registry_record(seeded):
    for user in User.objects.filter(role=Role.INSPECTOR):
        record = TechnicalInspector.objects.get(user=user)
        assert record.full_name == user.get_full_name()
        assert record.enterprise == user.enterprise
        assert record.region == user.enterprise.region
    assert TechnicalInspector.objects.filter(user__isnull=False).count() == 2


def test_registry_records_sit_in_the_region_of_their_enterprise(seeded):
    for record in TechnicalInspector.objects.select_related("enterprise"):
        assert record.region_id == record.enterprise.region_id
        assert record.number.startswith(f"TI-{record.region.code}-")


def test_notices_are_signed_by_the_inspector_who_issued_them(seeded, client, english):
    notices = Notice.objects.select_related("inspection__inspector", "issued_by")
    assert notices.exists()
    for notice in notices:
        assert notice.inspection.inspector.user == notice.issued_by
        assert notice.inspection.inspector.full_name == notice.issued_by.get_full_name()
        client.force_login(notice.issued_by)
        page = client.get(reverse("inspections:notice", args=[notice.inspection_id]))
        assert page.status_code == 200
        assert notice.issued_by.get_full_name() in page.content.decode()


def test_a_database_seeded_before_gets_the_login_linked_to_its_own_record(db):
    seed(local(2026, 12, 2))
    user = User.objects.get(username="inspector")
    TechnicalInspector.objects.filter(user=user).update(user=None, full_name="Асқар Бекенов")
    other = TechnicalInspector.objects.exclude(enterprise=user.enterprise).first()
    TechnicalInspector.objects.filter(pk=other.pk).update(user=user)
    seed(local(2026, 12, 3))
    record = TechnicalInspector.objects.get(user=user)
    assert (record.full_name, record.enterprise) == ("Айгүл Серікова", user.enterprise)


@pytest.mark.parametrize("today", [local(2026, 12, 2), local(2027, 1, 3)])
def test_records_spread_over_this_year_and_last_year_from_the_day_of_seeding(db, today):
    seed(today)
    year = today.year
    counted = Accident.objects.counted()
    assert {day.year for day in counted.values_list("date", flat=True)} == {year - 1, year}
    assert not Accident.objects.filter(date__gt=today.date()).exists()
    assert counted.filter(date__year=year).exists()
    inspections = Inspection.objects.values_list("date", flat=True)
    assert inspections and {day.year for day in inspections} == {year}
    established = {day.year for day in Council.objects.values_list("established_on", flat=True)}
    assert {year - 1, year} <= established
    assert max(established) <= year
    trained = {day.year for day in TrainingRecord.objects.values_list("completed_on", flat=True)}
    assert trained == {year - 1, year}


def test_the_statistics_page_opens_on_this_year_with_consistent_demo_records_in_it(seeded, client):
    with time_machine.travel(local(2026, 12, 2), tick=False):
        for username in ("federation", "regional", "sector"):
            client.force_login(User.objects.get(username=username))
            report = client.get(reverse("statistics:annual")).context["report"]
            assert report["year"] == 2026, username
            accidents = next(
                row
                for row in report["accidents"]
                if (row["indicator"], row["scope"], row["source"])
                == ("accidents", "all", "monitoring")
            )
            assert accidents["values"]["2026"] > 0, username
            assert accidents["values"]["2025"] > 0, username
            assert report["warnings"] == [], username
            assert report["public_control"]["inspections"] > 0 or username == "sector"

"""The change history of a report lists what was changed and nothing else: each record (the
report, each victim) is compared only with its own previous version, never with another
victim saved just before it."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Accident, Outcome, Victim
from inspections.services.accidents import accident_save

DAY = datetime.date(2025, 5, 20)


@pytest.fixture
def two_victims(world):
    return accident_save(
        user=world.inspector_a,
        accident=Accident(enterprise=world.a, date=DAY, place="Shaft 4"),
        victims=[
            Victim(full_name="Arman Seitkali", iin="", age=30, outcome=Outcome.LIGHT),
            Victim(full_name="Bota Nurlanova", iin="", age=52, outcome=Outcome.FATAL, died_on=DAY),
        ],
    )


def resave(user, accident, **fields):
    accident = Accident.objects.get(pk=accident.pk)
    for name, value in fields.items():
        setattr(accident, name, value)
    return accident_save(
        user=user,
        accident=accident,
        victims=list(accident.victims.order_by("position")),
        version=accident.version,
    )


def history_of(client, accident):
    page = client.get(reverse("inspections:accident_detail", args=[accident.pk]))
    assert page.status_code == 200
    return [
        (str(change.subject), change.field, str(change.old), str(change.new))
        for change in page.context["history"]
    ]


def test_changing_only_the_act_number_of_a_two_victim_report_shows_exactly_that_change(
    client, world, english, two_victims
):
    resave(world.inspector_a, two_victims, act_number="N-1/17")
    client.force_login(world.inspector_a)
    assert history_of(client, two_victims) == [("Report", "act number", "—", "N-1/17")]


def test_changing_one_victim_shows_that_victim_alone(client, world, english, two_victims):
    accident = Accident.objects.get(pk=two_victims.pk)
    first, second = accident.victims.order_by("position")
    second.age = 53
    accident_save(
        user=world.inspector_a,
        accident=accident,
        victims=[first, second],
        version=accident.version,
    )
    client.force_login(world.inspector_a)
    assert history_of(client, accident) == [("Bota Nurlanova", "age", "52", "53")]


def test_saving_unchanged_victims_again_adds_no_history(client, world, english, two_victims):
    resave(world.inspector_a, two_victims)
    resave(world.inspector_a, two_victims)
    client.force_login(world.inspector_a)
    assert history_of(client, two_victims) == []
    page = client.get(reverse("inspections:accident_detail", args=[two_victims.pk]))
    assert "No fields changed since the report was created." in page.content.decode()


def test_a_victim_added_or_removed_in_an_edit_is_listed_and_the_first_ones_are_not(
    client, world, english, two_victims
):
    accident = Accident.objects.get(pk=two_victims.pk)
    first, second = accident.victims.order_by("position")
    accident_save(
        user=world.inspector_a,
        accident=accident,
        victims=[first, Victim(full_name="Dana Sultan", age=40, outcome=Outcome.LIGHT)],
        removed=[second],
        version=accident.version,
    )
    client.force_login(world.inspector_a)
    assert sorted(history_of(client, accident)) == [
        ("Bota Nurlanova", "removed", "—", "—"),
        ("Dana Sultan", "added", "—", "—"),
    ]

"""Two people edit the same accident report or council: the later save of a form opened
before the other's save is refused, shows each field the other changed (the value the
person started from and the value now saved), keeps the person's input, and changes
nothing; sent again from there, it saves deliberately."""

import datetime

import pytest
from django.urls import reverse

from councils.models import Council
from inspections.models import Accident, Victim
from inspections.services.accidents import accident_save
from kzsafety.accounts.models import Role
from kzsafety.formtools import KEEPING_FIELDS
from tests.councils.factories import (
    CouncilFactory,
    DecisionFactory,
    MeetingFactory,
    RiskAssessmentFactory,
)
from tests.factories import UserFactory
from tests.forms import carried
from tests.pages import tags

DAY = datetime.date.today() - datetime.timedelta(days=5)


@pytest.fixture(autouse=True)
def _english(english):
    pass


def _carried_by(response) -> dict[str, str]:
    return {
        tag["name"]: tag.get("value", "")
        for tag in tags(response.content.decode(), "input", type="hidden")
        if tag.get("name") in KEEPING_FIELDS
    }


def _accident_form(accident, place, victim_name, **fields):
    victim = accident.victims.get()
    return {
        "date": accident.date.isoformat(),
        "place": place,
        "union": "yes" if accident.union_present else "no",
        "description": accident.description,
        "action": "save",
        "victims-TOTAL_FORMS": "1",
        "victims-INITIAL_FORMS": "1",
        "victims-MIN_NUM_FORMS": "1",
        "victims-MAX_NUM_FORMS": "1000",
        "victims-0-id": str(victim.pk),
        "victims-0-full_name": victim_name,
        "victims-0-outcome": victim.outcome,
        **fields,
    }


@pytest.fixture
def accident(world):
    return accident_save(
        user=world.inspector_a,
        accident=Accident(enterprise=world.a, date=DAY, place="Shaft 4", description="Fell"),
        victims=[Victim(full_name="Arman", outcome="light")],
    )


def test_a_stale_accident_edit_is_refused_with_the_changes_shown_and_the_input_kept(
    client, world, accident
):
    url = reverse("inspections:accident_edit", args=[accident.pk])
    client.force_login(world.inspector_a)
    opened_by_inspector = carried(client, url)
    client.force_login(UserFactory(role=Role.INSPECTOR, enterprise=world.a))
    saved = client.post(
        url, {**carried(client, url), **_accident_form(accident, "Shaft 9", "Arman Serikov")}
    )
    assert saved.status_code == 302
    client.force_login(world.inspector_a)

    response = client.post(
        url, {**opened_by_inspector, **_accident_form(accident, "Shaft 4, level 2", "Arman")}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this record after you opened it" in body
    rows = [
        row.split("</th>")[0].split(">")[-1]
        for row in body.split('data-testid="stale-change">')[1:]
    ]
    assert rows == ["Place", "Victim 1: Full name"]
    assert "<td>Shaft 4</td><td>Shaft 9</td>" in body
    assert "<td>Arman</td><td>Arman Serikov</td>" in body
    assert 'value="Shaft 4, level 2"' in body  # the person's own input, kept
    accident.refresh_from_db()
    assert (accident.place, accident.version) == ("Shaft 9", 2)
    assert accident.victims.get().full_name == "Arman Serikov"

    again = client.post(
        url, {**_accident_form(accident, "Shaft 4, level 2", "Arman"), **_carried_by(response)}
    )

    assert again.status_code == 302
    accident.refresh_from_db()
    assert (accident.place, accident.version) == ("Shaft 4, level 2", 3)


def test_an_accident_edit_from_the_current_version_saves(client, world, accident):
    url = reverse("inspections:accident_edit", args=[accident.pk])
    client.force_login(world.inspector_a)
    response = client.post(url, {**carried(client, url), **_accident_form(accident, "B", "C")})
    assert response.status_code == 302
    accident.refresh_from_db()
    assert (accident.place, accident.version) == ("B", 2)


def test_a_write_without_a_version_is_a_deliberate_overwrite(world, accident):
    accident.place = "Imported"
    accident_save(user=world.inspector_a, accident=accident, victims=accident.victims.all())
    accident.refresh_from_db()
    assert (accident.place, accident.version) == ("Imported", 2)


def test_a_stale_council_edit_is_refused_with_the_changes_shown_and_the_input_kept(client, world):
    council = CouncilFactory(enterprise=world.a, established_on=datetime.date(2023, 3, 1))
    url = reverse("councils:council_edit", args=[council.pk])
    client.force_login(world.regional)
    opened_by_regional = carried(client, url)
    client.force_login(world.federation)
    saved = client.post(
        url, {**carried(client, url), "established_on": "2023-04-01", "union_initiative": "on"}
    )
    assert saved.status_code == 302
    client.force_login(world.regional)

    response = client.post(
        url, {**opened_by_regional, "established_on": "2023-03-01", "dissolved_on": "2024-12-31"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this record after you opened it" in body
    assert body.count('data-testid="stale-change"') == 2
    assert "<td>01.03.2023</td><td>01.04.2023</td>" in body  # as the reader writes dates
    assert "<td>no</td><td>yes</td>" in body
    assert 'value="2024-12-31"' in body
    council.refresh_from_db()
    assert (council.established_on, council.dissolved_on, council.version) == (
        datetime.date(2023, 4, 1),
        None,
        2,
    )

    again = client.post(
        url,
        {
            "established_on": "2023-03-01",
            "dissolved_on": "2024-12-31",
            **_carried_by(response),
        },
    )

    assert again.status_code == 302
    council.refresh_from_db()
    assert (council.dissolved_on, council.version) == (datetime.date(2024, 12, 31), 3)
    assert Council.objects.count() == 1


def _meeting(world):
    meeting = MeetingFactory(council=CouncilFactory(enterprise=world.a))
    url = reverse("councils:meeting_edit", args=[meeting.pk])
    base = {"date": "2025-05-20", "place": "", "agenda": meeting.agenda}
    return meeting, url, base, "place", "Office 2", "Office 3"


def _decision(world):
    decision = DecisionFactory(meeting__council=CouncilFactory(enterprise=world.a))
    url = reverse("councils:decision_edit", args=[decision.pk])
    base = {"text": decision.text, "deadline": decision.deadline.isoformat()}
    return decision, url, base, "responsible", "Shift foreman", "Safety engineer"


def _assessment(world):
    assessment = RiskAssessmentFactory(council=CouncilFactory(enterprise=world.a))
    url = reverse("councils:assessment_edit", args=[assessment.pk])
    base = {
        "period_start": "2025-01-15",
        "period_end": "2025-06-30",
        "commission": assessment.commission,
        "professions": assessment.professions,
    }
    return assessment, url, base, "objects_assessed", "Workshop 2", "Workshop 3"


@pytest.mark.parametrize("record", [_meeting, _decision, _assessment], ids=lambda f: f.__name__)
def test_a_stale_edit_of_a_council_record_is_refused_and_changes_nothing(client, world, record):
    instance, url, base, field, theirs, mine = record(world)
    other = UserFactory(role=Role.COUNCIL_MEMBER, enterprise=world.a)
    client.force_login(world.council_a)
    opened = carried(client, url)
    client.force_login(other)
    assert client.post(url, {**carried(client, url), **base, field: theirs}).status_code == 302
    client.force_login(world.council_a)

    response = client.post(url, {**opened, **base, field: mine})

    assert response.status_code == 200
    assert body_count(response, 'data-testid="stale-change"') == 1
    assert f"<td>{theirs}</td>" in response.content.decode()
    assert f"{mine}" in response.content.decode()
    instance.refresh_from_db()
    assert (getattr(instance, field), instance.version) == (theirs, 2)


def body_count(response, text: str) -> int:
    return response.content.decode().count(text)

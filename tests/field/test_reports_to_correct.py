"""The reports the device keeps for correcting offline: only the user's own drafts and
returned reports, with the version and the victims' ids the API's correction needs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Accident, AccidentStatus, Victim
from inspections.services.accidents import accident_return, accident_save, accident_submit
from kzsafety.accounts.models import Role
from tests.factories import UserFactory, linked

pytestmark = pytest.mark.django_db

LISTS = reverse("field:references")


def filed(user, enterprise, place: str) -> Accident:
    return accident_save(
        user=user,
        accident=Accident(
            enterprise=enterprise,
            date=timezone.localdate() - datetime.timedelta(days=3),
            place=place,
        ),
        victims=[Victim(full_name=f"Нұрлан ({place})", outcome="light")],
    )


def test_the_device_gets_the_users_own_draft_and_returned_reports_only(client, world):
    linked(world)
    draft = filed(world.inspector_a, world.a, "draft")
    returned = filed(world.inspector_a, world.a, "returned")
    accident_submit(user=world.inspector_a, accident=returned)
    accident_return(user=world.regional, accident=returned, comment="Уточните")
    submitted = filed(world.inspector_a, world.a, "submitted")
    accident_submit(user=world.inspector_a, accident=submitted)
    colleague = UserFactory(username="insp_a_2", role=Role.INSPECTOR, enterprise=world.a)
    filed(colleague, world.a, "colleague's")
    filed(world.inspector_b, world.b, "other enterprise")

    client.force_login(world.inspector_a)
    reports = client.get(LISTS).json()["reports"]

    assert sorted(r["place"] for r in reports) == ["draft", "returned"]
    mine = {r["id"]: r for r in reports}
    assert mine[draft.pk]["version"] == draft.version
    assert mine[returned.pk]["status"] == AccidentStatus.RETURNED
    assert [v["id"] for v in mine[draft.pk]["victims"]] == [draft.victims.get().pk]


def test_a_user_who_does_not_file_gets_no_reports(client, world):
    linked(world)
    filed(world.inspector_a, world.a, "draft")
    client.force_login(world.council_a)

    assert client.get(LISTS).json()["reports"] == []


def test_anonymous_gets_no_lists(client):
    response = client.get(LISTS)

    assert response.status_code == 302

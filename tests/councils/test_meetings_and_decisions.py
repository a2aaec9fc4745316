"""Meetings and binding decisions: numbering, dates, attendance, printable minutes, and a
decision becoming overdue the day after its deadline (time frozen with time-machine)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from councils.models import Decision, DecisionStatus, Meeting
from councils.services.meetings import decision_save, decision_set_status, meeting_save
from tests.councils.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    DecisionFactory,
    MeetingFactory,
    local,
)
from tests.forms import post_form

MEETING_DAY = datetime.date(2025, 5, 20)
DEADLINE = datetime.date(2025, 6, 30)


@pytest.fixture
def council(world):
    return CouncilFactory(enterprise=world.a, established_on=datetime.date(2023, 3, 1))


def new_meeting(council, user, **fields):
    values = {"date": MEETING_DAY, "agenda": "Violations"} | fields
    attendees = values.pop("attendees", None)
    return meeting_save(user=user, meeting=Meeting(council=council, **values), attendees=attendees)


def new_decision(meeting, user, **fields):
    values = {
        "text": "Repair the ventilation",
        "responsible": "Chief engineer",
        "deadline": DEADLINE,
    }
    return decision_save(user=user, decision=Decision(meeting=meeting, **(values | fields)))


def test_meetings_and_their_decisions_are_numbered_in_order(world, council):
    first = new_meeting(council, world.council_a)
    second = new_meeting(council, world.inspector_a, date=MEETING_DAY + datetime.timedelta(days=1))
    assert (first.number, second.number) == (1, 2)
    decisions = [new_decision(first, world.council_a, text=f"Decision {n}") for n in range(3)]
    assert [d.position for d in decisions] == [1, 2, 3]
    assert first.created_by == world.council_a


def test_a_meeting_cannot_be_recorded_before_it_happens(world, council):
    with pytest.raises(ValidationError) as refusal:
        new_meeting(
            council, world.council_a, date=datetime.date.today() + datetime.timedelta(days=1)
        )
    assert refusal.value.message_dict["date"] == ["The date cannot be in the future."]


def test_a_meeting_cannot_predate_its_council(world, council):
    with pytest.raises(ValidationError) as refusal:
        new_meeting(council, world.council_a, date=datetime.date(2023, 2, 1))
    assert "established later" in refusal.value.message_dict["date"][0]


def test_a_dissolved_council_records_no_more_meetings(world, council):
    council.dissolved_on = datetime.date(2024, 12, 31)
    council.save()
    with pytest.raises(ValidationError) as refusal:
        new_meeting(council, world.council_a, date=datetime.date(2024, 6, 1))
    assert "dissolved on 31.12.2024" in " ".join(refusal.value.messages)


def test_only_members_of_the_council_are_marked_present(world, council):
    other = CouncilMemberFactory(council=CouncilFactory(enterprise=world.b))
    with pytest.raises(ValidationError) as refusal:
        new_meeting(council, world.council_a, attendees=[other])
    assert refusal.value.message_dict["attendees"]


@pytest.mark.parametrize("persona", ["regional", "federation", "sector", "inspector_b", "no_role"])
def test_only_the_councils_own_people_record_meetings(world, council, persona):
    with pytest.raises(PermissionDenied):
        new_meeting(council, getattr(world, persona))
    assert not Meeting.objects.exists()


def test_a_decision_needs_a_responsible_person_and_a_deadline_after_the_meeting(world, council):
    meeting = new_meeting(council, world.council_a)
    with pytest.raises(ValidationError) as refusal:
        new_decision(meeting, world.council_a, responsible="  ")
    assert refusal.value.message_dict["responsible"] == ["Name the person responsible."]
    with pytest.raises(ValidationError) as refusal:
        new_decision(meeting, world.council_a, deadline=MEETING_DAY - datetime.timedelta(days=1))
    assert refusal.value.message_dict["deadline"] == ["The deadline cannot be before the meeting."]


def test_correcting_a_decision_keeps_its_meeting_and_status(world, council):
    decision = DecisionFactory(
        meeting=MeetingFactory(council=council), status=DecisionStatus.IN_PROGRESS
    )
    other_meeting = MeetingFactory(council=CouncilFactory(enterprise=world.b))
    decision.meeting = other_meeting
    decision.status = DecisionStatus.DONE
    decision.text = "Corrected text"
    decision_save(user=world.council_a, decision=decision)
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.text, stored.meeting.council, stored.status) == (
        "Corrected text",
        council,
        DecisionStatus.IN_PROGRESS,
    )


def test_done_takes_todays_date_unless_given_and_reopening_clears_it(world, council):
    decision = DecisionFactory(meeting=MeetingFactory(council=council, date=MEETING_DAY))
    with time_machine.travel(local(2025, 6, 10, 12), tick=False):
        decision_set_status(user=world.council_a, decision=decision, status=DecisionStatus.DONE)
    decision.refresh_from_db()
    assert decision.done_on == datetime.date(2025, 6, 10)
    decision_set_status(
        user=world.inspector_a, decision=decision, status=DecisionStatus.IN_PROGRESS
    )
    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == (DecisionStatus.IN_PROGRESS, None)


def test_a_decision_cannot_be_done_before_its_meeting(world, council):
    decision = DecisionFactory(meeting=MeetingFactory(council=council, date=MEETING_DAY))
    with pytest.raises(ValidationError) as refusal:
        decision_set_status(
            user=world.council_a,
            decision=decision,
            status=DecisionStatus.DONE,
            done_on=MEETING_DAY - datetime.timedelta(days=1),
        )
    assert refusal.value.message_dict["done_on"]


def overdue_ids():
    return set(Decision.objects.overdue().values_list("pk", flat=True))


def test_a_decision_becomes_overdue_the_day_after_its_deadline(world, council):
    meeting = MeetingFactory(council=council, date=MEETING_DAY)
    decision = DecisionFactory(meeting=meeting, deadline=DEADLINE)
    done = DecisionFactory(
        meeting=meeting, deadline=DEADLINE, status=DecisionStatus.DONE, done_on=DEADLINE
    )
    in_progress = DecisionFactory(
        meeting=meeting, deadline=DEADLINE, status=DecisionStatus.IN_PROGRESS
    )
    with time_machine.travel(local(2025, 6, 30, 23), tick=False):
        assert overdue_ids() == set()
        assert Decision.objects.get(pk=decision.pk).is_overdue is False
    with time_machine.travel(local(2025, 7, 1, 9), tick=False):
        assert overdue_ids() == {decision.pk, in_progress.pk}
        assert Decision.objects.get(pk=decision.pk).is_overdue is True
        assert Decision.objects.with_overdue().get(pk=done.pk).overdue_flag is False


def test_overdue_decisions_stand_out_on_the_pages(client, world, council):
    meeting = MeetingFactory(council=council, date=MEETING_DAY)
    late = DecisionFactory(meeting=meeting, deadline=DEADLINE, text="Late decision")
    DecisionFactory(meeting=meeting, deadline=datetime.date(2025, 9, 1), text="Timely decision")
    client.force_login(world.council_a)
    with time_machine.travel(local(2025, 7, 2, 9), tick=False):
        council_page = client.get(council.get_absolute_url())
        meeting_page = client.get(meeting.get_absolute_url()).content.decode()
        overdue_list = client.get(reverse("councils:decision_list"), {"state": "overdue"})
        home = client.get(reverse("home")).content.decode()
    assert [d.pk for d in council_page.context["overdue_decisions"]] == [late.pk]
    assert meeting_page.count('data-testid="decision-overdue"') == 1
    assert [d.pk for d in overdue_list.context["page"].object_list] == [late.pk]
    assert 'data-testid="council-overdue-decisions">1<' in home


def test_council_member_records_a_meeting_and_a_decision_on_the_pages(client, world, council):
    present = CouncilMemberFactory(council=council, full_name="Present Member")
    client.force_login(world.council_a)
    response = post_form(
        client,
        reverse("councils:meeting_create", args=[council.pk]),
        {
            "date": "2025-05-20",
            "agenda": "Violations\nPPE",
            "attendees": [present.pk],
            "minutes": "Discussed.",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert list(meeting.attendees.all()) == [present]
    response = post_form(
        client,
        reverse("councils:decision_add", args=[meeting.pk]),
        {"text": "Buy respirators", "responsible": "Supply manager", "deadline": "2025-06-15"},
    )
    assert response.status_code == 302
    decision = meeting.decisions.get()
    assert (decision.text, decision.responsible, decision.status) == (
        "Buy respirators",
        "Supply manager",
        DecisionStatus.OPEN,
    )


def test_the_decision_page_shows_the_rule_that_was_broken(client, world, council):
    meeting = MeetingFactory(council=council, date=MEETING_DAY)
    client.force_login(world.council_a)
    response = post_form(
        client,
        reverse("councils:decision_add", args=[meeting.pk]),
        {"text": "Too early", "responsible": "Someone", "deadline": "2025-05-01"},
    )
    assert response.status_code == 200
    assert "The deadline cannot be before the meeting." in response.content.decode()
    assert not Decision.objects.exists()


def test_printable_minutes_list_attendance_and_decisions(client, world, council):
    chair = CouncilMemberFactory(
        council=council, full_name="Chair Person", role="chair", side="workers"
    )
    director = CouncilMemberFactory(council=council, full_name="Director Person", side="employer")
    CouncilMemberFactory(council=council, full_name="Absent Person", side="employer")
    meeting = MeetingFactory(council=council, agenda="First item\nSecond item")
    meeting.attendees.set([chair, director])
    DecisionFactory(meeting=meeting, text="Fix the guard", responsible="Foreman")
    client.force_login(world.regional)
    response = client.get(reverse("councils:meeting_minutes", args=[meeting.pk]))
    body = response.content.decode()
    assert response.context["present_workers"] == [chair]
    assert response.context["present_employer"] == [director]
    assert [m.full_name for m in response.context["absent"]] == ["Absent Person"]
    for text in ("First item", "Second item", "Fix the guard", "Foreman", "data-print"):
        assert text in body
    assert "<script>" not in body and "style=" not in body


def test_decision_changes_are_kept_in_its_history(client, world, council):
    decision = DecisionFactory(meeting=MeetingFactory(council=council), deadline=DEADLINE)
    client.force_login(world.council_a)
    post_form(
        client,
        reverse("councils:decision_edit", args=[decision.pk]),
        {"text": decision.text, "responsible": "New person", "deadline": "2025-07-15"},
    )
    client.post(
        reverse("councils:decision_status", args=[decision.pk]),
        {"status": DecisionStatus.IN_PROGRESS, "note": "Ordered"},
    )
    history = client.get(decision.get_absolute_url()).context["history"]
    changed = {(c.field, str(c.new)) for c in history}
    assert ("deadline", "2025-07-15") in changed
    assert ("responsible person", "New person") in changed
    assert ("status", "In progress") in changed
    assert all(c.user == world.council_a for c in history)

"""A report returned for correction shows the reviewer's comment first, on its page and on its
edit form: the comment, who returned it and when, in a warning box above the title. The
latest return counts; a report no longer returned shows none."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Accident, AccidentStatus, Outcome, Victim
from inspections.services.accidents import (
    accident_return,
    accident_save,
    accident_submit,
    accident_verify,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def returned(world):
    accident = accident_save(
        user=world.inspector_a,
        accident=Accident(enterprise=world.a, date=timezone.localdate() - datetime.timedelta(1)),
        victims=[Victim(full_name="Aibek Nurov", outcome=Outcome.LIGHT)],
    )
    accident_submit(user=world.inspector_a, accident=accident)
    world.regional.first_name, world.regional.last_name = "Dana", "Reviewer"
    world.regional.save()
    accident_return(user=world.regional, accident=accident, comment="Fill in the act number")
    return accident


def returned_box(body: str) -> str:
    match = re.search(r'<section class="alert alert-warning[^>]*>(.*?)</section>', body, re.S)
    assert match, "no returned-comment box"
    return match.group(1)


@pytest.mark.parametrize("page", ["inspections:accident_detail", "inspections:accident_edit"])
def test_returned_report_shows_the_comment_who_and_when_before_its_title(
    client, world, returned, page
):
    client.force_login(world.inspector_a)
    body = client.get(reverse(page, args=[returned.pk])).content.decode()
    box = returned_box(body)
    assert "Fill in the act number" in box
    assert "Dana Reviewer" in box
    change = returned.status_changes.get(to_status=AccidentStatus.RETURNED)
    day = timezone.localtime(change.at).date()
    assert f"{day.day:02}.{day.month:02}.{day.year}" in box  # day first in every language
    main = body.split('<main id="main"', 1)[1]
    assert main.index('data-testid="returned-comment"') < main.index("<h1")


def test_the_latest_return_is_shown_when_a_report_comes_back_twice(client, world, returned):
    accident_submit(user=world.inspector_a, accident=returned)
    accident_return(user=world.federation, accident=returned, comment="Now the commission")
    client.force_login(world.inspector_a)
    box = returned_box(client.get(returned.get_absolute_url()).content.decode())
    assert "Now the commission" in box
    assert "Fill in the act number" not in box


def test_a_resubmitted_or_verified_report_shows_no_returned_box(client, world, returned):
    accident_submit(user=world.inspector_a, accident=returned)
    client.force_login(world.regional)
    assert (
        'data-testid="returned-comment"'
        not in client.get(returned.get_absolute_url()).content.decode()
    )
    accident_verify(user=world.regional, accident=returned)
    assert (
        'data-testid="returned-comment"'
        not in client.get(returned.get_absolute_url()).content.decode()
    )


def test_a_reader_who_cannot_edit_sees_the_returned_box_but_not_the_request_to_correct(
    client, world, returned
):
    client.force_login(world.sector)
    box = returned_box(client.get(returned.get_absolute_url()).content.decode())
    assert "Fill in the act number" in box
    assert "Correct the report" not in box
    client.force_login(world.inspector_a)
    box = returned_box(client.get(returned.get_absolute_url()).content.decode())
    assert "Correct the report and submit it again." in box

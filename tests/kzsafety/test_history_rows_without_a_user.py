"""A history row written by a program (the demo data, an import, a data migration) or by
an account since deleted names no user. Every page that shows history renders it."""

import pathlib
import re

import pytest
from django.conf import settings
from django.urls import reverse

from inspections.models import AccidentStatus
from tests.councils.factories import RemediationPlanFactory, council_records
from tests.inspections.accident_factories import AccidentFactory, VictimFactory


def changed_without_a_user(record, **changes):
    """Save a change outside any request, so its history row names nobody."""
    for field, value in changes.items():
        setattr(record, field, value)
    record.save()
    assert record.history.latest().history_user is None
    return record


@pytest.mark.django_db
def test_an_accident_with_a_history_row_without_a_user_shows_and_can_be_verified(client, world):
    accident = AccidentFactory(enterprise=world.a)
    victim = VictimFactory(accident=accident)
    changed_without_a_user(accident, description="Corrected by a script")
    changed_without_a_user(victim, age=36)
    client.force_login(world.regional)
    page = client.get(reverse("inspections:accident_detail", args=[accident.pk]))
    assert page.status_code == 200
    assert "Corrected by a script" in page.content.decode()
    response = client.post(
        reverse("inspections:accident_review", args=[accident.pk]), {"decision": "verify"}
    )
    assert response.status_code == 302
    accident.refresh_from_db()
    assert accident.status == AccidentStatus.VERIFIED
    assert client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_a_council_with_a_history_row_without_a_user_shows(client, world):
    records = council_records(world)
    changed_without_a_user(records.council_a, union_initiative=True)
    client.force_login(world.federation)
    page = client.get(reverse("councils:council_detail", args=[records.council_a.pk]))
    assert page.status_code == 200


@pytest.mark.django_db
def test_a_remediation_plan_with_a_history_row_without_a_user_shows(client, world):
    records = council_records(world)
    plan = RemediationPlanFactory(violation=records.violation_a)
    changed_without_a_user(plan, responsible="Night shift foreman")
    client.force_login(world.federation)
    page = client.get(reverse("councils:remediation_item", args=[records.violation_a.pk]))
    assert page.status_code == 200
    assert "Night shift foreman" in page.content.decode()


def test_no_template_looks_up_a_name_on_a_user_that_may_be_missing():
    """`x.user.get_full_name|default:x.user.username` raises when x.user is None (a filter
    argument must resolve); templates name people with the `person` filter instead."""
    unsafe = re.compile(r"\|default:[\w.]+\.(?:username|get_full_name)\b")
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in pathlib.Path(settings.BASE_DIR, "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if unsafe.search(line) and "default:user.username" not in line
    ]
    assert offenders == []

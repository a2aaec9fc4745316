"""Federation staff look up and correct council records in the admin, with the same rules
as the pages, and configure the risk level bands (one row)."""

import pytest
from django.urls import reverse

from councils.models import Council, RiskBands
from tests.councils.factories import CouncilFactory


@pytest.mark.parametrize(
    "name",
    [
        "admin:councils_council_changelist",
        "admin:councils_meeting_changelist",
        "admin:councils_decision_changelist",
        "admin:councils_remediationplan_changelist",
        "admin:councils_riskassessment_changelist",
        "admin:councils_riskentry_changelist",
        "admin:councils_riskbands_changelist",
        "admin:councils_council_add",
    ],
)
def test_federation_staff_open_the_council_admin(client, world, name):
    CouncilFactory(enterprise=world.a)
    client.force_login(world.federation)
    assert client.get(reverse(name)).status_code == 200


def test_council_members_do_not_reach_the_admin(client, world):
    client.force_login(world.council_a)
    response = client.get(reverse("admin:councils_council_changelist"))
    assert response.status_code == 302


def test_admin_fills_in_the_enterprises_sector_and_keeps_the_overlap_rule(client, world):
    client.force_login(world.federation)
    form = {
        "enterprise": world.a.pk,
        "established_on": "2024-01-10",
        "sector": "",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:councils_council_add"), form)
    assert response.status_code == 302
    council = Council.objects.get()
    assert council.sector == world.a.sector
    response = client.post(
        reverse("admin:councils_council_add"), form | {"established_on": "2025-01-10"}
    )
    assert response.status_code == 200
    assert "record when that one was dissolved first" in response.content.decode()
    assert Council.objects.count() == 1


def test_bands_are_one_row_edited_in_the_admin(client, world):
    client.force_login(world.federation)
    response = client.post(
        reverse("admin:councils_riskbands_add"),
        {"low_max": "3", "medium_max": "8", "high_max": "15"},
    )
    assert response.status_code == 302
    bands = RiskBands.current()
    assert (bands.pk, bands.low_max, bands.medium_max, bands.high_max) == (1, 3, 8, 15)
    assert client.get(reverse("admin:councils_riskbands_add")).status_code == 403
    response = client.post(
        reverse("admin:councils_riskbands_change", args=[1]),
        {"low_max": "9", "medium_max": "8", "high_max": "15"},
    )
    assert response.status_code == 200
    assert RiskBands.current().low_max == 3

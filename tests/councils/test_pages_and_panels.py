"""The enterprise page's council panel, the home panels, the demo data, and constant
numbers of queries on the list pages."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import (
    Council,
    CouncilMember,
    Decision,
    MemberRole,
    RemediationPlan,
    RiskEntry,
    Side,
)
from kzsafety.accounts.models import User
from tests.councils.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    DecisionFactory,
    MeetingFactory,
    RiskAssessmentFactory,
    RiskEntryFactory,
)
from tests.factories import EnterpriseFactory, InspectionFactory, ViolationFactory


def panel_of(response, template):
    return next(p for p in response.context["panels"] if p.template == template)


def test_enterprise_page_shows_its_council_and_the_parity(client, world):
    council = CouncilFactory(enterprise=world.a)
    CouncilMemberFactory(council=council, side=Side.EMPLOYER)
    client.force_login(world.inspector_a)
    response = client.get(world.a.get_absolute_url())
    panel = panel_of(response, "councils/panel_enterprise.html")
    assert [c.pk for c in panel.context["councils"]] == [council.pk]
    assert panel.context["can_register"] is False
    assert 'data-testid="parity-badge"' in response.content.decode()


def test_enterprise_page_offers_registration_to_regional_staff(client, world):
    client.force_login(world.regional)
    response = client.get(world.c.get_absolute_url())
    panel = panel_of(response, "councils/panel_enterprise.html")
    assert panel.context["councils"] == [] and panel.context["can_register"] is True
    assert (
        f"{reverse('councils:council_create')}?enterprise={world.c.pk}" in response.content.decode()
    )


def test_staff_home_has_no_council_work_panel_and_council_members_no_overdue_list(client, world):
    CouncilFactory(enterprise=world.a)
    client.force_login(world.regional)
    templates = [p.template for p in client.get(reverse("home")).context["panels"]]
    assert "councils/panel_home_overdue.html" in templates
    assert "councils/panel_home_work.html" not in templates
    client.force_login(world.council_a)
    templates = [p.template for p in client.get(reverse("home")).context["panels"]]
    assert "councils/panel_home_work.html" in templates
    assert "councils/panel_home_overdue.html" not in templates


def test_user_without_a_role_gets_no_council_panels(client, world):
    client.force_login(world.no_role)
    assert client.get(reverse("home")).status_code == 200


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(world, n):
    """n more councils in Karaganda, each with members, a meeting with a decision, an
    assessment with entries and a long-overdue violation."""
    for _ in range(n):
        enterprise = EnterpriseFactory(region=world.a.region)
        council = CouncilFactory(enterprise=enterprise)
        CouncilMemberFactory(council=council, role=MemberRole.CHAIR, side=Side.WORKERS)
        CouncilMemberFactory(council=council, side=Side.EMPLOYER)
        DecisionFactory(meeting=MeetingFactory(council=council), deadline=datetime.date(2025, 6, 1))
        inspection = InspectionFactory(enterprise=enterprise, date=datetime.date(2025, 1, 10))
        ViolationFactory(inspection=inspection, deadline=datetime.date(2025, 2, 1))


@pytest.mark.parametrize(
    "name", ["councils:council_list", "councils:decision_list", "councils:long_overdue"]
)
def test_list_pages_take_a_constant_number_of_queries(client, world, name):
    grow(world, 1)
    client.force_login(world.regional)
    url = reverse(name)
    few = queries_for(client, url)
    grow(world, 6)
    assert queries_for(client, url) == few


def test_board_and_register_take_a_constant_number_of_queries(client, world):
    council = CouncilFactory(enterprise=world.a)
    assessment = RiskAssessmentFactory(council=council)
    inspection = InspectionFactory(enterprise=world.a, inspector=world.a.inspectors.first())
    ViolationFactory(inspection=inspection)
    RiskEntryFactory(assessment=assessment)
    client.force_login(world.council_a)
    board = reverse("councils:remediation_board", args=[council.pk])
    register = assessment.get_absolute_url()
    few = (queries_for(client, board), queries_for(client, register))
    for _ in range(6):
        RemediationPlan.objects.create(
            violation=ViolationFactory(inspection=inspection),
            responsible="X",
            planned_on=inspection.date,
        )
        RiskEntryFactory(assessment=assessment)
    assert (queries_for(client, board), queries_for(client, register)) == few


def test_seed_demo_gives_the_council_user_a_council_with_work_and_adds_nothing_twice(db):
    call_command("seed_demo", stdout=StringIO())
    council_user = User.objects.get(username="council")
    council = Council.objects.get(enterprise=council_user.enterprise)
    chair = council.members.get(role=MemberRole.CHAIR)
    assert chair.user == council_user
    assert council.has_parity
    assert council.inspectors.exists()
    assert Decision.objects.filter(meeting__council=council).overdue().count() == 1
    assert RiskEntry.objects.filter(assessment__council=council).count() == 8
    counts = (
        Council.objects.count(),
        CouncilMember.objects.count(),
        Decision.objects.count(),
        RiskEntry.objects.count(),
        RemediationPlan.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert (
        Council.objects.count(),
        CouncilMember.objects.count(),
        Decision.objects.count(),
        RiskEntry.objects.count(),
        RemediationPlan.objects.count(),
    ) == counts

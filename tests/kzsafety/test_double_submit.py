"""Every create form carries a one-time key: the same form sent twice, one post after the
other or both at the same moment, makes one record, and the second post is answered with
the record the first one made."""

import datetime
import io

import pytest
from django.urls import reverse

from councils.models import Council, CouncilMember, Decision, Meeting, RiskAssessment, RiskEntry
from inspections.models import Accident, Inspection, Proposal, Violation, WorkStoppage
from kzsafety.idempotency.models import OnceKey
from kzsafety.imports.models import ImportRun
from kzsafety.statistics.models import ReportExport
from tests.concurrency import ON_POSTGRESQL, post_together
from tests.councils.factories import CouncilFactory, MeetingFactory, RiskAssessmentFactory
from tests.factories import linked, record_inspection
from tests.forms import carried
from tests.imports.conftest import csv_bytes, new_bin

DAY = datetime.date.today() - datetime.timedelta(days=5)


def _accident(world):
    data = {
        "enterprise": world.a.pk,
        "date": DAY.isoformat(),
        "place": "Shaft 4",
        "description": "Fell from a ladder",
        "action": "save",
        "victims-TOTAL_FORMS": "1",
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "1",
        "victims-MAX_NUM_FORMS": "1000",
        "victims-0-full_name": "Arman",
        "victims-0-outcome": "light",
    }
    return world.inspector_a, reverse("inspections:accident_create"), data, Accident


def _council(world):
    data = {"enterprise_bin": world.c.bin, "established_on": "2024-03-01"}
    return world.federation, reverse("councils:council_create"), data, Council


def _member(world):
    council = CouncilFactory(enterprise=world.a)
    data = {"full_name": "Aigul Sarsenova", "side": "workers", "role": "member"}
    return world.federation, reverse("councils:member_add", args=[council.pk]), data, CouncilMember


def _meeting(world):
    council = CouncilFactory(enterprise=world.a)
    data = {"date": DAY.isoformat(), "place": "Office", "agenda": "Helmets"}
    return world.council_a, reverse("councils:meeting_create", args=[council.pk]), data, Meeting


def _decision(world):
    meeting = MeetingFactory(council=CouncilFactory(enterprise=world.a), date=DAY)
    data = {"text": "Buy helmets", "responsible": "Supply", "deadline": "2099-01-01"}
    return world.council_a, reverse("councils:decision_add", args=[meeting.pk]), data, Decision


def _assessment(world):
    council = CouncilFactory(enterprise=world.a)
    data = {
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "commission": "Chief engineer",
        "objects_assessed": "Workshop 1",
        "professions": "Miner",
    }
    url = reverse("councils:assessment_create", args=[council.pk])
    return world.council_a, url, data, RiskAssessment


def _entry(world):
    assessment = RiskAssessmentFactory(council=CouncilFactory(enterprise=world.a))
    data = {"hazard": "Falling rock", "workplace": "Shaft", "probability": "3", "severity": "4"}
    return world.council_a, reverse("councils:entry_add", args=[assessment.pk]), data, RiskEntry


def _inspection(world):
    linked(world)
    data = {"enterprise": world.a.pk, "date": DAY.isoformat(), "kind": "planned"}
    return world.inspector_a, reverse("inspections:inspection_create"), data, Inspection


def _draft(world):
    linked(world)
    return record_inspection(world.inspector_a, world.a, violations=0, finalize=False)


def _violation(world):
    url = reverse("inspections:violation_add", args=[_draft(world).pk])
    data = {"description": "No helmets", "deadline": "2099-01-01"}
    return world.inspector_a, url, data, Violation


def _proposal(world):
    url = reverse("inspections:proposal_add", args=[_draft(world).pk])
    return world.inspector_a, url, {"text": "Ventilate the shaft"}, Proposal


def _stoppage(world):
    url = reverse("inspections:stoppage_add", args=[_draft(world).pk])
    data = {"reason": "Roof about to fall", "started_on": DAY.isoformat()}
    return world.inspector_a, url, data, WorkStoppage


@pytest.fixture
def reference_lists(transactional_db):
    """A transactional test ends by emptying every table, reference lists included; put
    them back first (as tests/browser/conftest.py does)."""
    from django.apps import apps

    from kzsafety.directories import reference_data

    reference_data.load(apps)


class _File(io.BytesIO):
    """An upload the test client can read for each of several posts."""

    name = "karaganda.csv"

    def read(self, *args):
        return self.getvalue()


def _import_upload(world):
    content = csv_bytes([["bin", "name", "region", "sector"], [new_bin(1), "E1", "35", "coal"]])
    data = {"kind": "enterprises", "file": _File(content)}
    return world.federation, reverse("imports:list"), data, ImportRun


def _workbook_request(world):
    # The request is a form on the statistics page that posts to its own address.
    data = {"year": "2025", "window": "5"}
    return world.federation, reverse("statistics:export_create"), data, ReportExport


CREATE_FORMS = {
    "accident": _accident,
    "council": _council,
    "council member": _member,
    "meeting": _meeting,
    "decision": _decision,
    "risk assessment": _assessment,
    "risk entry": _entry,
    "inspection": _inspection,
    "violation": _violation,
    "proposal": _proposal,
    "work stoppage": _stoppage,
    "import upload": _import_upload,
    "workbook request": _workbook_request,
}


def _sent(client, world, kind):
    user, url, data, model = CREATE_FORMS[kind](world)
    client.force_login(user)
    page = reverse("statistics:annual") if model is ReportExport else url
    keys = carried(client, page)
    assert set(keys) == {"once_key"}, "the form carries no one-time key"
    return user, url, {**data, **keys}, model


@pytest.mark.parametrize("kind", CREATE_FORMS)
def test_a_form_sent_twice_makes_one_record_and_the_second_post_shows_the_first(
    client, world, kind
):
    _user, url, data, model = _sent(client, world, kind)
    before = model.objects.count()
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert model.objects.count() == before + 1
    record = model.objects.latest("pk")

    second = client.post(url, data)

    assert model.objects.count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == record.get_absolute_url()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs two real connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", CREATE_FORMS)
def test_a_form_sent_twice_at_the_same_moment_makes_one_record(
    reference_lists, client, world, kind
):
    user, url, data, model = _sent(client, world, kind)
    before = model.objects.count()

    responses = post_together(user, url, data, model._meta.db_table)

    assert model.objects.count() == before + 1
    record = model.objects.latest("pk")
    assert [response.status_code for response in responses] == [302, 302]
    locations = {response["Location"] for response in responses}
    assert record.get_absolute_url() in locations
    assert OnceKey.objects.get(key=data["once_key"]).record == record


def test_a_refused_form_can_be_corrected_and_sent_again_with_the_same_key(client, world):
    user, url, data, model = _sent(client, world, "council")
    refused = client.post(url, {**data, "established_on": "2999-01-01"})
    assert refused.status_code == 200 and not Council.objects.exists()

    accepted = client.post(url, data)

    assert accepted.status_code == 302 and Council.objects.count() == 1


def test_a_create_form_without_its_key_is_refused_with_a_message(client, world, english):
    user, url, data, model = _sent(client, world, "council")
    del data["once_key"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert not Council.objects.exists()


def test_one_persons_key_does_not_answer_for_another_person(client, world):
    _user, url, data, _model = _sent(client, world, "council")
    client.post(url, data)
    client.force_login(world.regional)
    response = client.post(url, {**data, "enterprise_bin": world.a.bin})
    assert response.status_code == 302
    assert Council.objects.count() == 2

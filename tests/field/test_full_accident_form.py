"""The offline accident form is the online filing form's: every field of REPORT_FIELDS and
VICTIM_FIELDS, with the form's own labels in the user's language, and the device's values
(reference keys, as the API takes them) land in the report."""

import datetime
import json
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from inspections.forms.accidents import REPORT_FIELDS, VICTIM_FIELDS, AccidentForm, VictimForm
from inspections.models import Accident
from kzsafety.directories.models import Cause, Enterprise, EventType
from tests.factories import linked

pytestmark = pytest.mark.django_db

FORM = reverse("field:accident_form")


def names(html: str) -> set[str]:
    return set(re.findall(r'name="([a-z_]+)"', html))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_offline_form_has_every_field_of_the_online_form_with_its_labels(
    client, world, language
):
    linked(world)
    client.force_login(world.inspector_a)
    client.cookies["django_language"] = language

    html = client.get(FORM, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    report, victim = html.split('<template id="item-template">')
    assert set(REPORT_FIELDS) <= names(report)
    assert set(VICTIM_FIELDS) <= names(victim)
    with translation.override(language):
        online = AccidentForm(enterprises=Enterprise.objects.none())
        labels = [str(online.fields[n].label) for n in REPORT_FIELDS] + [
            str(VictimForm().fields[n].label) for n in VICTIM_FIELDS
        ]
    for label in labels:
        assert f">{label}</label>" in html.replace("&#x27;", "'"), label


def test_the_offline_form_offers_event_types_and_causes_by_their_keys(client, world):
    linked(world)
    client.force_login(world.inspector_a)

    html = client.get(FORM).content.decode()

    cause = Cause.objects.filter(active=True).first()
    event = EventType.objects.filter(active=True).first()
    assert f'<option value="{cause.key}"' in html
    assert f'<option value="{event.key}"' in html


def test_every_field_sent_from_the_device_lands_in_the_report(client, world):
    linked(world)
    client.force_login(world.inspector_a)
    cause = Cause.objects.filter(active=True).first()
    event = EventType.objects.filter(active=True).first()
    day = timezone.localdate() - datetime.timedelta(days=3)
    payload = {
        "enterprise": world.a.pk,
        "date": day.isoformat(),
        "time": "10:30",
        "place": "Шахта №3",
        "event_type": event.key,
        "cause": cause.key,
        "employer_fault_pct": "70",
        "employee_fault_pct": "30",
        "description": "Сатыдан құлады",
        "investigation_kind": "special",
        "act_number": "Н-1/42",
        "act_date": day.isoformat(),
        "commission": "Иванов, Сапаров",
        "union_took_part": True,
        "union": "yes",
        "victims": [
            {
                "full_name": "Серік Ахметов",
                "sex": "m",
                "age": "41",
                "occupation": "проходчик",
                "service_years": "12",
                "outcome": "severe",
                "days_lost": "30",
                "injury_type": "сынық",
                "body_part": "сол аяқ",
            }
        ],
    }

    response = client.post(
        reverse("field:accident_send"),
        {"key": uuid.uuid4().hex, "payload": json.dumps(payload)},
    )

    assert response.status_code == 201, response.content
    report = Accident.objects.get()
    assert (report.event_type, report.cause) == (event, cause)
    assert (report.employer_fault_pct, report.employee_fault_pct) == (70, 30)
    assert (report.act_number, report.act_date) == ("Н-1/42", day)
    assert report.investigation_kind == "special"
    assert report.commission == "Иванов, Сапаров"
    assert report.union_took_part is True
    victim = report.victims.get()
    assert (victim.service_years, victim.body_part) == (12, "сол аяқ")

"""Whatever a device (or someone posing as one) sends as an entry — any JSON, in any
shape — the answer is a message at a field or a record, never a 500 and never a record
outside the rules."""

import json
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.models import Accident, Inspection
from tests.factories import linked

pytestmark = pytest.mark.django_db

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
NAMES = st.sampled_from(
    [
        "enterprise",
        "date",
        "kind",
        "violations",
        "victims",
        "violation",
        "comment",
        "submit",
        "description",
        "deadline",
        "outcome",
        "full_name",
    ]
)
PAYLOAD = st.dictionaries(
    NAMES, JSON | st.lists(st.dictionaries(NAMES, JSON, max_size=5), max_size=3)
)


@pytest.fixture
def inspector(client, world):
    linked(world)
    client.force_login(world.inspector_a)
    return world


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    payload=PAYLOAD,
    url=st.sampled_from(["field:inspection_send", "field:accident_send", "field:remediation_send"]),
)
def test_any_payload_is_answered_with_a_message_or_a_record(client, inspector, payload, url):
    response = client.post(reverse(url), {"key": uuid.uuid4().hex, "payload": json.dumps(payload)})

    assert response.status_code in (200, 201, 400), response.content
    assert response.json()["state"] in ("sent", "refused")
    # Nothing lands outside the inspector's enterprise.
    assert not Inspection.objects.exclude(enterprise=inspector.a).exists()
    assert not Accident.objects.exclude(enterprise=inspector.a).exists()

"""The indexes of the public-control tables that imports write by the tens of thousands:
the history tables keep the indexes their readers use (the record's id; the user, for
deleting a user) and nothing more, and the references to users an import leaves empty
are indexed only where they are set, still serving the one query that reads by them
(deleting a user)."""

import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import ProtectedError

from inspections.models import Inspection, Proposal, Violation, WorkStoppage
from tests.factories import InspectionFactory, UserFactory, ViolationFactory

pytestmark = pytest.mark.django_db

RECORDS = [Inspection, Violation, Proposal, WorkStoppage]
on_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="reads PostgreSQL's plan",
)


def indexed_columns(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"] and not c["primary_key"]]


@pytest.mark.parametrize("model", RECORDS, ids=lambda m: m.__name__)
def test_history_is_indexed_by_the_records_id_and_the_user_only(model):
    """The record's id for its detail page; the user for deleting a user (SET_NULL). Not
    the time of each version, nor the record's references (no query reads by them)."""
    table = model.history.model._meta.db_table
    assert sorted(indexed_columns(table)) == [["history_user_id"], ["id"]]


def test_a_violations_history_is_read_by_its_id():
    violation = ViolationFactory()
    violation.description = "Guard refitted"
    violation.save()
    assert [r.description for r in violation.history.order_by("history_id")][-1] == (
        "Guard refitted"
    )


def test_a_user_who_confirmed_an_elimination_or_recorded_an_inspection_is_kept():
    confirmer, recorder = UserFactory(), UserFactory()
    ViolationFactory(status="eliminated", verified_by=confirmer)
    InspectionFactory(created_by=recorder)
    for user in (confirmer, recorder):
        with pytest.raises(ProtectedError), transaction.atomic():
            user.delete()


def test_the_users_references_stay_indexed():
    assert ["verified_by_id"] in indexed_columns(Violation._meta.db_table)
    assert ["created_by_id"] in indexed_columns(Inspection._meta.db_table)


@on_postgresql
@pytest.mark.parametrize(
    ("model", "field", "index"),
    [
        (Violation, "verified_by", "violation_verified_by"),
        (Inspection, "created_by", "inspection_created_by"),
    ],
)
def test_deleting_a_user_finds_their_records_through_the_partial_index(model, field, index):
    """The query PROTECT asks when a user is deleted (`<field> IN (…)`) implies the
    index's condition (`IS NOT NULL`), so the partial index answers it."""
    users = [UserFactory(), UserFactory()]
    queryset = model._base_manager.filter(**{f"{field}__in": users})
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert re.search(rf"\b(using|on) {index}\b", plan), plan

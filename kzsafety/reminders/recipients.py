"""Who hears of a reminder: active accounts only, looked up for a whole page of items at a
time (a query or two per page, whatever its size)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from councils.models import Council, CouncilMember
from kzsafety.accounts.models import Role, User


def council_people_at(enterprise_ids: Iterable[int], today: datetime.date) -> dict[int, set[int]]:
    """Per enterprise: the members with an account of its councils active today, and the
    users whose role is council member at that enterprise. One query."""
    ids = set(enterprise_ids)
    if not ids:
        return {}
    members = (
        CouncilMember.objects.filter(
            council__in=Council.objects.active_on(today).filter(enterprise_id__in=ids).values("pk"),
            user__is_active=True,
        )
        .order_by()
        .values_list("council__enterprise_id", "user_id")
    )
    people = defaultdict(set)
    for enterprise_id, user_id in members.union(_council_role_users(ids)):
        people[enterprise_id].add(user_id)
    return people


def council_people_of(councils: dict[int, int]) -> dict[int, set[int]]:
    """Per council (given as council id -> its enterprise id): its members with an account
    and the users whose role is council member at its enterprise. Two queries."""
    if not councils:
        return {}
    people = defaultdict(set)
    members = (
        CouncilMember.objects.filter(council_id__in=councils, user__is_active=True)
        .order_by()
        .values_list("council_id", "user_id")
    )
    for council_id, user_id in members:
        people[council_id].add(user_id)
    at_enterprise = defaultdict(set)
    for enterprise_id, user_id in _council_role_users(set(councils.values())):
        at_enterprise[enterprise_id].add(user_id)
    for council_id, enterprise_id in councils.items():
        people[council_id] |= at_enterprise.get(enterprise_id, set())
    return people


def _council_role_users(enterprise_ids: set[int]):
    return (
        User.objects.filter(
            role=Role.COUNCIL_MEMBER, is_active=True, enterprise_id__in=enterprise_ids
        )
        .order_by()
        .values_list("enterprise_id", "pk")
    )


def regional_staff() -> dict[int, set[int]]:
    """Per region: its active regional staff. A few hundred accounts at most."""
    staff = defaultdict(set)
    rows = User.objects.filter(role=Role.REGIONAL_STAFF, is_active=True).values_list(
        "region_id", "pk"
    )
    for region_id, user_id in rows:
        staff[region_id].add(user_id)
    return staff

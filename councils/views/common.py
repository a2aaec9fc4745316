"""Helpers the council pages share."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from councils.access import councils_visible_to
from councils.models import Council, MemberRole
from inspections.history import changes

PAGE_SIZE = 25
TEMPLATES = "councils"


def page_of(request: HttpRequest, queryset: QuerySet) -> tuple[Any, str]:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def field_history(records, subject) -> list:
    """Field-level changes, newest first (inspections.history shapes them)."""
    history = changes(records.select_related("history_user"), subject)
    history.sort(key=lambda change: change.at, reverse=True)
    return history


ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(MemberRole.values)),
    output_field=IntegerField(),
)


def council_or_404(request: HttpRequest, pk: int) -> Council:
    return get_object_or_404(
        councils_visible_to(request.user)
        .select_related("enterprise__region", "enterprise__sector", "sector")
        .with_parity(),
        pk=pk,
    )


def members_in_order(council: Council) -> QuerySet:
    return council.members.select_related("user").order_by(ROLE_ORDER, "side", "full_name")

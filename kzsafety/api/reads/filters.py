"""Query filters of the read endpoints (django-filter): date ranges, region (KATO code),
sector (key), enterprise (id), status, updated since; a bad value answers 400 with the
field named."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField

from councils.models import Council, Decision
from councils.models.meetings import DecisionStatus
from inspections.models import (
    Accident,
    AccidentStatus,
    Inspection,
    InspectionStatus,
    Notice,
    Violation,
    WorkStoppage,
)
from inspections.models.inspections import InspectionKind
from inspections.models.violations import ViolationStatus
from kzsafety.directories.models import Enterprise, TechnicalInspector


class IdFilter(filters.NumberFilter):
    """An id: a whole number within the database's range, or a 400 naming the parameter."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def _region(path: str) -> filters.CharFilter:
    return filters.CharFilter(
        field_name=f"{path}region__code", help_text="KATO code of the region, e.g. 35."
    )


def _sector(path: str) -> filters.CharFilter:
    return filters.CharFilter(
        field_name=f"{path}sector__key", help_text="Key of the sector, e.g. mining_metallurgy."
    )


def _enterprise(path: str) -> "IdFilter":
    return IdFilter(field_name=f"{path}id", help_text="Id of the enterprise.")


def _date_range(field: str, what: str) -> tuple[filters.DateFilter, filters.DateFilter]:
    return (
        filters.DateFilter(field_name=field, lookup_expr="gte", help_text=f"{what} on or after."),
        filters.DateFilter(field_name=field, lookup_expr="lte", help_text=f"{what} on or before."),
    )


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, turned to UTC: PostgreSQL takes offsets up to ±15:59 only,
    Python up to ±23:59, so an odd offset would otherwise reach the database."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(
                _("Give a moment from the year 1 to 9999."), code="invalid"
            ) from error


class MomentFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


def _updated_since() -> MomentFilter:
    return MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Changed at or after this moment (ISO 8601), for incremental sync.",
    )


class EnterpriseFilter(filters.FilterSet):
    region = _region("")
    sector = _sector("")
    bin = filters.CharFilter(help_text="The 12-digit BIN.")
    name = filters.CharFilter(lookup_expr="icontains", help_text="Part of the name.")
    union_member = filters.BooleanFilter()

    class Meta:
        model = Enterprise
        fields = ["region", "sector", "bin", "name", "union_member"]


class InspectorFilter(filters.FilterSet):
    region = _region("")
    enterprise = IdFilter(field_name="enterprise_id", help_text="Id of the enterprise.")
    active = filters.BooleanFilter(method="filter_active", help_text="Serving today.")

    class Meta:
        model = TechnicalInspector
        fields = ["region", "enterprise", "active"]

    def filter_active(self, queryset, name, value):
        today = timezone.localdate()
        active = queryset.active_on(today)
        return active if value else queryset.exclude(pk__in=active.values("pk"))


class AccidentFilter(filters.FilterSet):
    date_from, date_to = _date_range("date", "Accident")
    region = _region("enterprise__")
    sector = _sector("enterprise__")
    enterprise = _enterprise("enterprise__")
    status = filters.ChoiceFilter(choices=AccidentStatus.choices)
    cause = filters.CharFilter(field_name="cause__key", help_text="Key of the main cause.")
    event_type = filters.CharFilter(field_name="event_type__key", help_text="Key of the event.")
    updated_since = _updated_since()

    class Meta:
        model = Accident
        fields = ["date_from", "date_to", "region", "sector", "enterprise", "status"]


class InspectionFilter(filters.FilterSet):
    date_from, date_to = _date_range("date", "Inspection")
    region = _region("enterprise__")
    sector = _sector("enterprise__")
    enterprise = _enterprise("enterprise__")
    status = filters.ChoiceFilter(choices=InspectionStatus.choices)
    kind = filters.ChoiceFilter(choices=InspectionKind.choices)
    inspector = IdFilter(field_name="inspector_id", help_text="Id of the inspector.")
    updated_since = _updated_since()

    class Meta:
        model = Inspection
        fields = ["date_from", "date_to", "region", "sector", "enterprise", "status", "kind"]


class ViolationFilter(filters.FilterSet):
    date_from, date_to = _date_range("inspection__date", "Inspection")
    deadline_from, deadline_to = _date_range("deadline", "Deadline")
    region = _region("inspection__enterprise__")
    sector = _sector("inspection__enterprise__")
    enterprise = _enterprise("inspection__enterprise__")
    inspection = IdFilter(field_name="inspection_id", help_text="Id of the inspection.")
    status = filters.ChoiceFilter(choices=ViolationStatus.choices)
    overdue = filters.BooleanFilter(
        method="filter_overdue", help_text="Deadline passed and not eliminated."
    )
    updated_since = _updated_since()

    class Meta:
        model = Violation
        fields = ["date_from", "date_to", "region", "sector", "enterprise", "status"]

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class NoticeFilter(filters.FilterSet):
    date_from, date_to = _date_range("issued_on", "Issued")
    region = _region("inspection__enterprise__")
    sector = _sector("inspection__enterprise__")
    enterprise = _enterprise("inspection__enterprise__")
    year = IdFilter(max_value=9999, help_text="Year of the notice.")

    class Meta:
        model = Notice
        fields = ["date_from", "date_to", "region", "sector", "enterprise", "year"]


class StoppageFilter(filters.FilterSet):
    date_from, date_to = _date_range("started_on", "Work stopped")
    region = _region("inspection__enterprise__")
    sector = _sector("inspection__enterprise__")
    enterprise = _enterprise("inspection__enterprise__")
    lifted = filters.BooleanFilter(
        field_name="lifted_on", lookup_expr="isnull", exclude=True, help_text="Lifted already."
    )

    class Meta:
        model = WorkStoppage
        fields = ["date_from", "date_to", "region", "sector", "enterprise", "lifted"]


class CouncilFilter(filters.FilterSet):
    date_from, date_to = _date_range("established_on", "Established")
    region = _region("enterprise__")
    sector = _sector("")
    enterprise = _enterprise("enterprise__")
    active = filters.BooleanFilter(method="filter_active", help_text="Working today.")
    union_initiative = filters.BooleanFilter()

    class Meta:
        model = Council
        fields = ["date_from", "date_to", "region", "sector", "enterprise", "union_initiative"]

    def filter_active(self, queryset, name, value):
        today = timezone.localdate()
        active = Q(established_on__lte=today) & (
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today)
        )
        return queryset.filter(active) if value else queryset.exclude(active)


class DecisionFilter(filters.FilterSet):
    deadline_from, deadline_to = _date_range("deadline", "Deadline")
    region = _region("meeting__council__enterprise__")
    sector = _sector("meeting__council__")
    enterprise = _enterprise("meeting__council__enterprise__")
    council = IdFilter(field_name="meeting__council_id", help_text="Id of the council.")
    status = filters.ChoiceFilter(choices=DecisionStatus.choices)
    updated_since = _updated_since()

    class Meta:
        model = Decision
        fields = ["deadline_from", "deadline_to", "region", "sector", "enterprise", "status"]

"""Read endpoints: one viewset per family, each queryset from the family's scoping function
(kzsafety/access.py, inspections/access.py, councils/access.py), with the related records
a page shows loaded in a fixed number of queries. A record outside the user's scope is
absent from lists and answers 404 by id."""

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from councils.access import councils_visible_to, decisions_visible_to
from councils.models import Meeting
from inspections.access import (
    accidents_visible_to,
    inspections_visible_to,
    notices_visible_to,
    stoppages_visible_to,
    violations_visible_to,
)
from kzsafety.access import enterprises_visible_to, inspectors_visible_to
from kzsafety.api.pagination import NewestFirstCursorPagination
from kzsafety.api.reads import filters, serializers


class ScopedReadViewSet(viewsets.ReadOnlyModelViewSet):
    """`visible_to(user)` gives the records; `shape(queryset)` what each row loads along."""

    visible_to: Callable[..., QuerySet]

    def shape(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def get_queryset(self) -> QuerySet:
        return self.shape(self.visible_to(self.request.user)).order_by("pk")


def _described(family: str) -> Callable:
    return extend_schema_view(
        list=extend_schema(summary=f"List {family} in your scope"),
        retrieve=extend_schema(summary=f"One of the {family} in your scope, by id"),
    )


@_described("enterprises")
class EnterpriseViewSet(ScopedReadViewSet):
    visible_to = staticmethod(enterprises_visible_to)
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = filters.EnterpriseFilter

    def shape(self, queryset):
        return queryset.select_related("region", "sector", "oked_section")


@_described("technical inspectors")
class InspectorViewSet(ScopedReadViewSet):
    visible_to = staticmethod(inspectors_visible_to)
    serializer_class = serializers.InspectorSerializer
    filterset_class = filters.InspectorFilter

    def shape(self, queryset):
        return queryset.select_related("region").prefetch_related("trainings")


@_described("accident reports (with their victims)")
class AccidentViewSet(ScopedReadViewSet):
    visible_to = staticmethod(accidents_visible_to)
    serializer_class = serializers.AccidentSerializer
    filterset_class = filters.AccidentFilter
    pagination_class = NewestFirstCursorPagination

    def shape(self, queryset):
        return queryset.select_related(
            "enterprise__region", "enterprise__sector", "cause", "event_type"
        ).prefetch_related("victims")


@_described("inspections (with their violations and work stoppages)")
class InspectionViewSet(ScopedReadViewSet):
    visible_to = staticmethod(inspections_visible_to)
    serializer_class = serializers.InspectionSerializer
    filterset_class = filters.InspectionFilter
    pagination_class = NewestFirstCursorPagination

    def shape(self, queryset):
        return queryset.select_related(
            "enterprise__region", "enterprise__sector", "notice"
        ).prefetch_related("violations__category", "stoppages")


@_described("violations")
class ViolationViewSet(ScopedReadViewSet):
    visible_to = staticmethod(violations_visible_to)
    serializer_class = serializers.ViolationSerializer
    filterset_class = filters.ViolationFilter
    pagination_class = NewestFirstCursorPagination

    def shape(self, queryset):
        return queryset.select_related("category")


@_described("notices to the employer")
class NoticeViewSet(ScopedReadViewSet):
    visible_to = staticmethod(notices_visible_to)
    serializer_class = serializers.NoticeSerializer
    filterset_class = filters.NoticeFilter

    def shape(self, queryset):
        return queryset.select_related("inspection").prefetch_related("violations")


@_described("work stoppages")
class StoppageViewSet(ScopedReadViewSet):
    visible_to = staticmethod(stoppages_visible_to)
    serializer_class = serializers.StoppageSerializer
    filterset_class = filters.StoppageFilter

    def shape(self, queryset):
        return queryset.select_related("inspection")


@_described("production councils (with their meetings and decisions)")
class CouncilViewSet(ScopedReadViewSet):
    visible_to = staticmethod(councils_visible_to)
    serializer_class = serializers.CouncilSerializer
    filterset_class = filters.CouncilFilter

    def shape(self, queryset):
        meetings = Meeting.objects.order_by("date", "number").prefetch_related("decisions")
        return queryset.select_related("enterprise__region", "sector").prefetch_related(
            "inspectors", Prefetch("meetings", queryset=meetings)
        )


@_described("council decisions")
class DecisionViewSet(ScopedReadViewSet):
    visible_to = staticmethod(decisions_visible_to)
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter

    def shape(self, queryset):
        return queryset.select_related("meeting")


def register(router) -> None:
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("inspectors", InspectorViewSet, basename="inspector")
    router.register("accidents", AccidentViewSet, basename="accident")
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("violations", ViolationViewSet, basename="violation")
    router.register("notices", NoticeViewSet, basename="notice")
    router.register("stoppages", StoppageViewSet, basename="stoppage")
    router.register("councils", CouncilViewSet, basename="council")
    router.register("decisions", DecisionViewSet, basename="decision")

"""The annual report of CONTRACTS.md §4 as JSON, for the user's basis as on the statistics
page: the whole country with entered figures for federation staff, their region or sector
for regional and sector staff; refused to the other roles."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kzsafety.statistics.annual import can_see_statistics, report_for

FIRST_YEAR, LAST_YEAR = 1990, 2100
LONGEST_WINDOW = 10


ANNUAL_REPORT = inline_serializer(
    "AnnualReport",
    {
        "year": serializers.IntegerField(),
        "years": serializers.ListField(child=serializers.IntegerField()),
        "accidents": serializers.ListField(child=serializers.DictField()),
        "by_region": serializers.ListField(child=serializers.DictField()),
        "by_sector": serializers.ListField(child=serializers.DictField()),
        "by_cause": serializers.ListField(child=serializers.DictField()),
        "public_control": serializers.DictField(),
        "councils": serializers.DictField(),
        "inspectors": serializers.DictField(),
        "warnings": serializers.ListField(child=serializers.DictField()),
    },
)


class AnnualReportView(APIView):
    @extend_schema(
        summary="The annual report for a year (CONTRACTS.md §4), for your basis",
        parameters=[
            OpenApiParameter(
                "window",
                OpenApiTypes.INT,
                description=f"Years shown, ending at the year (1–{LONGEST_WINDOW}, default 5).",
            )
        ],
        responses=ANNUAL_REPORT,
    )
    def get(self, request, year: int):
        if not can_see_statistics(request.user):
            raise PermissionDenied(
                _("Only regional, sector and federation staff see the annual report.")
            )
        errors = {}
        if not FIRST_YEAR <= year <= LAST_YEAR:
            errors["year"] = [
                _("Give a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            ]
        window = request.query_params.get("window", "5")
        if not window.isdigit() or not 1 <= int(window) <= LONGEST_WINDOW:
            errors["window"] = [
                _("Give a number of years from 1 to %(most)d.") % {"most": LONGEST_WINDOW}
            ]
        if errors:
            raise ValidationError(errors)
        return Response(report_for(request.user, year, int(window)))

"""The write endpoints: POST /accidents/, PUT and PATCH /accidents/{id}/, POST
/accidents/{id}/submit/, POST /inspections/ and POST /violations/{id}/remediation/.

Each reads the record through the user's scope (the read viewset's queryset: 404 outside
it), asks the write function's own question of whether the role may act (403 with its
words), validates the JSON and calls the write function the form calls, and answers with
the record as the read endpoint shows it. Creates take an Idempotency-Key (common.py).
The write methods are added to the read viewsets of kzsafety.api.reads.views, so one URL
serves GET and POST (see register())."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from inspections.models import Accident
from inspections.services import public_control_rights as rights
from inspections.services.accidents import accident_save, accident_submit, can_edit, can_file
from kzsafety.accounts.models import Role
from kzsafety.api.reads import views as reads
from kzsafety.api.reads.serializers import (
    AccidentSerializer,
    InspectionSerializer,
    ViolationSerializer,
)
from kzsafety.api.writes.accidents import AccidentWriteSerializer, SubmitSerializer
from kzsafety.api.writes.bodies import ErrorBody
from kzsafety.api.writes.common import IDEMPOTENCY_HEADER, attempt, created_once, replayed
from kzsafety.api.writes.inspections import InspectionWriteSerializer, inspection_record
from kzsafety.api.writes.remediation import RemediationStep, remediation_take

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "16 to 64 letters, digits, '-' or '_' (a UUID will do). A repeat of the create with "
        "the same key answers with the record the first one made; the same key with a "
        "different body answers 422 (key_reused)."
    ),
)


def _errors(*codes: int) -> dict:
    """The answers of the writes only (409 stale, 422 key_reused); the errors every
    operation has (400, 401, 403, 404, 429) are added by kzsafety.api.schema."""
    return {code: OpenApiResponse(ErrorBody) for code in codes}


# --- Accident reports ------------------------------------------------------------------


class AccidentViewSet(reads.AccidentViewSet):
    """Accident reports: read them; file a draft with its victims, correct it, submit it."""

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AccidentWriteSerializer
        if self.action == "submit":
            return SubmitSerializer
        return super().get_serializer_class()

    def _answer(self, record: Accident, code: int) -> Response:
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(AccidentSerializer(fresh).data, status=code)

    def _saved(self, serializer: AccidentWriteSerializer) -> Accident:
        accident, victims, removed = serializer.records()
        data = serializer.validated_data
        return attempt(
            lambda: accident_save(
                user=self.request.user,
                accident=accident,
                victims=victims,
                removed=removed,
                union_present=data.get("union_present"),
                version=data.get("version"),
            )
        )

    @extend_schema(
        summary="File an accident report (a draft) with its victims",
        request=AccidentWriteSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: AccidentSerializer, **_errors(422)},
    )
    def create(self, request: Request) -> Response:
        if not can_file(request.user):
            raise exceptions.PermissionDenied(_("Your role does not file accident reports."))

        def answer(record):
            return self._answer(record, status.HTTP_201_CREATED)

        repeat = replayed(request, answer)
        if repeat is not None:
            return repeat
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return created_once(request, lambda: self._saved(serializer), answer)

    def _update(self, request: Request, partial: bool) -> Response:
        accident = self.get_object()
        if not can_edit(request.user, accident):
            raise exceptions.PermissionDenied(_("This report can no longer be changed."))
        serializer = self.get_serializer(accident, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self._answer(self._saved(serializer), status.HTTP_200_OK)

    @extend_schema(
        summary="Correct a draft or returned report (all fields; the victims are replaced)",
        request=AccidentWriteSerializer,
        responses={200: AccidentSerializer, **_errors(409)},
    )
    def update(self, request: Request, pk=None) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        summary="Correct some fields of a draft or returned report",
        request=AccidentWriteSerializer,
        responses={200: AccidentSerializer, **_errors(409)},
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        return self._update(request, partial=True)

    @extend_schema(
        summary="Submit a report for verification by the regional staff",
        request=SubmitSerializer,
        responses=AccidentSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        accident = self.get_object()
        if not can_edit(request.user, accident):
            raise exceptions.PermissionDenied(_("You cannot submit this report."))
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["duplicate_reason"]
        attempt(
            lambda: accident_submit(user=request.user, accident=accident, duplicate_reason=reason)
        )
        return self._answer(accident, status.HTTP_200_OK)


# --- Inspections -------------------------------------------------------------------------


class InspectionViewSet(reads.InspectionViewSet):
    """Inspections: read them; record one with its violations and proposals (finalized if
    asked), as the field app uploads it."""

    def get_serializer_class(self):
        if self.action == "create":
            return InspectionWriteSerializer
        return super().get_serializer_class()

    @extend_schema(
        summary="Record an inspection with its violations (the field app's upload)",
        request=InspectionWriteSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: InspectionSerializer, **_errors(422)},
    )
    def create(self, request: Request) -> Response:
        if not rights.may_record_inspections(request.user):
            raise exceptions.PermissionDenied(_("Only technical inspectors record inspections."))

        def answer(record):
            fresh = self.get_queryset().get(pk=record.pk)
            return Response(InspectionSerializer(fresh).data, status=status.HTTP_201_CREATED)

        repeat = replayed(request, answer)
        if repeat is not None:
            return repeat
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return created_once(
            request, lambda: inspection_record(user=request.user, data=data), answer
        )


# --- Remediation of a violation ----------------------------------------------------------


class ViolationViewSet(reads.ViolationViewSet):
    """Violations: read them; take the remediation steps after the notice is issued."""

    def get_serializer_class(self):
        if self.action == "remediation":
            return RemediationStep
        return super().get_serializer_class()

    @extend_schema(
        summary="Take a remediation step: report fixed, confirm eliminated, or reopen",
        request=RemediationStep,
        responses=ViolationSerializer,
    )
    @action(detail=True, methods=["post"])
    def remediation(self, request: Request, pk=None) -> Response:
        violation = self.get_object()
        if not rights.has_role(request.user, Role.INSPECTOR, Role.COUNCIL_MEMBER):
            # Which step each of them may take is the lifecycle's to say.
            raise exceptions.PermissionDenied(
                _("Only the inspectors and council members of the enterprise take these steps.")
            )
        serializer = RemediationStep(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = attempt(lambda: remediation_take(user=request.user, violation=violation, data=data))
        fresh = self.get_queryset().get(pk=saved.pk)
        return Response(ViolationSerializer(fresh).data)


WRITING = {
    "accidents": AccidentViewSet,
    "inspections": InspectionViewSet,
    "violations": ViolationViewSet,
}


def register(router) -> None:
    """Serve the families that take writes with the viewsets above, in place of the
    read-only ones kzsafety.api.reads.views registered under the same prefix."""
    router.registry[:] = [
        (prefix, WRITING.get(prefix, viewset), basename)
        for prefix, viewset, basename in router.registry
    ]

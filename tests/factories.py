"""Factories for records. Reference data (regions, sectors, classifiers) comes from the
migrations, so factories look it up by key instead of inventing it."""

import datetime

import factory

from kzsafety.accounts.models import User
from kzsafety.directories.models import (
    Enterprise,
    Region,
    Sector,
    TechnicalInspector,
    TrainingRecord,
)
from kzsafety.directories.validators import check_digit


def valid_bin(n: int) -> str:
    """The n-th valid BIN of a deterministic sequence."""
    while True:
        first = f"{990400000000 + n:012d}"[:11]
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        n += 1_000_000


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    bin = factory.Sequence(lambda n: valid_bin(n * 10))
    name = factory.Sequence(lambda n: f"Enterprise {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="35"))
    sector = factory.LazyFunction(lambda: Sector.objects.get(key="mining_metallurgy"))
    headcount = 100
    union_member = True


class TechnicalInspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnicalInspector

    number = factory.Sequence(lambda n: f"TI-{n:05d}")
    full_name = factory.Sequence(lambda n: f"Inspector {n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.SelfAttribute("enterprise.region")
    appointed_on = datetime.date(2022, 1, 10)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    inspector = factory.SubFactory(TechnicalInspectorFactory)
    completed_on = datetime.date(2025, 3, 1)
    course = "Labour protection"
    hours = 40


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


# --- Public control ---------------------------------------------------------------------------

import struct  # noqa: E402
import zlib  # noqa: E402

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402

from inspections.models import (  # noqa: E402
    Inspection,
    InspectionStatus,
    Proposal,
    Violation,
    ViolationStatus,
    WorkStoppage,
)


def link_registry_record(user: User) -> TechnicalInspector:
    """Link an inspector's account to the registry record of their enterprise (the `world`
    personas have records but no link)."""
    record = TechnicalInspector.objects.filter(enterprise=user.enterprise, user=None).first()
    if record is None:
        record = TechnicalInspectorFactory(enterprise=user.enterprise)
    record.user = user
    record.save()
    return record


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A real, small PNG (a red square) without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xcc\x22\x22" * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def photo_upload(name: str = "photo.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_png() if content is None else content)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    enterprise = factory.SubFactory(EnterpriseFactory)
    inspector = factory.SubFactory(
        TechnicalInspectorFactory, enterprise=factory.SelfAttribute("..enterprise")
    )
    date = datetime.date(2025, 6, 10)
    status = InspectionStatus.FINALIZED
    finalized_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == InspectionStatus.FINALIZED else None
    )


class ViolationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Violation

    inspection = factory.SubFactory(InspectionFactory)
    position = factory.LazyAttribute(lambda o: o.inspection.violations.count() + 1)
    description = factory.Sequence(lambda n: f"Violation {n}")
    deadline = factory.LazyAttribute(lambda o: o.inspection.date + datetime.timedelta(days=30))
    status = ViolationStatus.OPEN
    eliminated_on = factory.LazyAttribute(
        lambda o: o.deadline if o.status == ViolationStatus.ELIMINATED else None
    )


class WorkStoppageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStoppage

    inspection = factory.SubFactory(InspectionFactory)
    reason = "Unguarded conveyor"
    started_on = factory.SelfAttribute("inspection.date")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    inspection = factory.SubFactory(InspectionFactory)
    text = factory.Sequence(lambda n: f"Proposal {n}")


def linked(world):
    """The `world` personas with inspector_a and inspector_b linked to their registry
    records, as the inspectors' own accounts would be."""
    link_registry_record(world.inspector_a)
    link_registry_record(world.inspector_b)
    return world


def record_inspection(
    user: User,
    enterprise: Enterprise,
    *,
    date: datetime.date | None = None,
    violations: int = 2,
    photo: bool = True,
    stoppage: bool = False,
    proposals: int = 0,
    finalize: bool = True,
):
    """An inspection recorded through the same write functions as the pages."""
    from inspections.services import public_control_recording as recording

    date = date or timezone.localdate() - datetime.timedelta(days=10)
    inspection = recording.inspection_start(user=user, enterprise=enterprise, date=date)
    for number in range(violations):
        recording.violation_add(
            user=user,
            inspection=inspection,
            description=f"Violation {number + 1} at {enterprise.name}",
            legal_reference=f"Labour Code, art. {180 + number}",
            deadline=date + datetime.timedelta(days=20 + number),
            photo=photo_upload() if photo and number == 0 else None,
        )
    for number in range(proposals):
        recording.proposal_add(user=user, inspection=inspection, text=f"Proposal {number + 1}")
    if stoppage:
        recording.work_stoppage_record(
            user=user, inspection=inspection, reason="Unguarded conveyor", started_on=date
        )
    if finalize:
        recording.inspection_finalize(user=user, inspection=inspection)
    inspection.refresh_from_db()
    return inspection

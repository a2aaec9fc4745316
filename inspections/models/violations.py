"""Violations an inspection finds, the timeline of their remediation status and the photos
that document them (when found and after fixing).

Overdue is never stored: it is "deadline passed and not eliminated" evaluated against
today's date whenever it is asked, so it cannot go stale."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kzsafety.records import HistoryByRecord

DUE_SOON_DAYS = 7


class ViolationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REPORTED_FIXED = "reported_fixed", _("Reported fixed")
    ELIMINATED = "eliminated", _("Eliminated")


class ViolationQuerySet(models.QuerySet):
    def not_eliminated(self):
        return self.exclude(status=ViolationStatus.ELIMINATED)

    def overdue(self, today: datetime.date | None = None):
        """Deadline passed and not eliminated, as of today unless a day is given."""
        today = today or timezone.localdate()
        return self.not_eliminated().filter(deadline__lt=today)

    def due_within(self, days: int = DUE_SOON_DAYS, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.not_eliminated().filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days)
        )

    def with_overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            overdue_flag=Case(
                When(
                    Q(deadline__lt=today) & ~Q(status=ViolationStatus.ELIMINATED),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


def overdue_on(status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """A violation's overdue rule for one record in Python, as `overdue()` asks it of the
    database: not eliminated, and its deadline has passed."""
    return status != ViolationStatus.ELIMINATED and deadline is not None and deadline < today


class Violation(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.CASCADE,
        related_name="violations",
        verbose_name=_("inspection"),
        db_index=False,  # violation_position_unique (inspection, position) leads with it
    )
    position = models.PositiveSmallIntegerField(_("number in the notice"))
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        "directories.ViolationCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("category"),
    )
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=255,
        blank=True,
        help_text=_("The rule that is broken, e.g. a Labour Code article, where known."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ViolationStatus.choices, default=ViolationStatus.OPEN
    )
    eliminated_on = models.DateField(_("eliminated on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("elimination confirmed by"),
        db_index=False,  # violation_verified_by: only the confirmed eliminations
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoryByRecord(
        excluded_fields=["updated_at"],
        no_db_index=["inspection", "category", "verified_by"],  # read by the record's id
    )

    objects = ViolationQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "position"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        indexes = [
            models.Index(fields=["status", "deadline"], name="violation_status_deadline"),
            models.Index(fields=["deadline"], name="violation_deadline"),
            # The violations not yet eliminated (a small part of all: the home counts, the
            # overdue lists, the reminders) by deadline, without reading the table.
            models.Index(
                fields=["deadline"],
                include=["status", "inspection"],
                condition=~Q(status="eliminated"),
                name="violation_pending_deadline",
            ),
            # Read only when a user is deleted (PROTECT asks for the eliminations they
            # confirmed); imported and open violations leave it empty, unindexed.
            models.Index(
                fields=["verified_by"],
                condition=Q(verified_by__isnull=False),
                name="violation_verified_by",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "position"], name="violation_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="eliminated", eliminated_on__isnull=False)
                | (~Q(status="eliminated") & Q(eliminated_on__isnull=True)),
                name="violation_eliminated_on_iff_eliminated",
                violation_error_message=_(
                    "An eliminated violation needs the date it was eliminated, and only it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} — {self.position}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:violation_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        if hasattr(self, "overdue_flag"):
            return self.overdue_flag
        return overdue_on(self.status, self.deadline, timezone.localdate())


class ViolationStatusChange(models.Model):
    violation = models.ForeignKey(
        Violation,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("violation"),
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=ViolationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=ViolationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("violation status change")
        verbose_name_plural = _("violation status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class EvidenceStage(models.TextChoices):
    FOUND = "found", _("When found")
    FIXED = "fixed", _("After fixing")


# Accepted photo types (detected from the first bytes, never from the name) and their suffix.
PHOTO_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


def evidence_path(instance: "EvidencePhoto", filename: str) -> str:
    """A random name with the suffix of the detected type; the user's name stays in the
    database only."""
    suffix = PHOTO_SUFFIXES.get(instance.content_type, "")
    return f"evidence/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}{suffix}"


class EvidencePhoto(models.Model):
    violation = models.ForeignKey(
        Violation, on_delete=models.CASCADE, related_name="photos", verbose_name=_("violation")
    )
    stage = models.CharField(
        _("stage"), max_length=8, choices=EvidenceStage.choices, default=EvidenceStage.FOUND
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=32)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("inspections:evidence_photo", args=[self.pk])

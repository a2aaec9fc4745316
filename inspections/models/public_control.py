"""Public control: inspections by technical inspectors, the violations they find, the notice
handed to the employer, work stoppages and proposals to improve working conditions.

Overdue is never stored: it is "deadline passed and not eliminated" evaluated against
today's date whenever it is asked, so it cannot go stale."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

DUE_SOON_DAYS = 7


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNSCHEDULED = "unscheduled", _("Unscheduled")
    JOINT = "joint", _("Joint with a state labour inspector")
    FOLLOW_UP = "follow_up", _("Follow-up")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINALIZED = "finalized", _("Finalized")


class ViolationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REPORTED_FIXED = "reported_fixed", _("Reported fixed")
    ELIMINATED = "eliminated", _("Eliminated")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted by the employer")
    IMPLEMENTED = "implemented", _("Implemented")
    REJECTED = "rejected", _("Rejected by the employer")


class InspectionQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(date__year=year)

    def with_counts(self):
        """Per-inspection figures as correlated subqueries: they cost nothing in count()
        and are evaluated only for the rows of the page that is shown."""
        violations = Violation.objects.filter(inspection=OuterRef("pk"))
        return self.annotate(
            violation_total=_count_of(violations),
            open_total=_count_of(violations.exclude(status=ViolationStatus.ELIMINATED)),
            overdue_total=_count_of(violations.overdue()),
            proposal_total=_count_of(Proposal.objects.filter(inspection=OuterRef("pk"))),
            has_stoppage=Exists(WorkStoppage.objects.filter(inspection=OuterRef("pk"))),
        )

    def with_overdue_violations(self):
        return self.filter(Exists(Violation.objects.filter(inspection=OuterRef("pk")).overdue()))


def _count_of(queryset):
    return models.Subquery(
        queryset.order_by().values("inspection").annotate(n=models.Count("pk")).values("n")[:1],
        output_field=models.IntegerField(),
    )


class Inspection(models.Model):
    reference = models.CharField(
        _("reference"),
        max_length=64,
        blank=True,
        help_text=_("An external number for this inspection, used as the key when importing."),
    )
    inspector = models.ForeignKey(
        "directories.TechnicalInspector",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("technical inspector"),
    )
    enterprise = models.ForeignKey(
        "directories.Enterprise",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("enterprise"),
    )
    date = models.DateField(_("date of the inspection"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=InspectionKind.choices, default=InspectionKind.PLANNED
    )
    state_inspector_name = models.CharField(
        _("state labour inspector"),
        max_length=255,
        blank=True,
        help_text=_("Full name of the state labour inspector, for joint inspections."),
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.DRAFT,
    )
    finalized_at = models.DateTimeField(_("finalized"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["date"], name="inspection_date"),
            models.Index(fields=["enterprise", "date"], name="inspection_enterprise_date"),
            models.Index(fields=["inspector", "date"], name="inspection_inspector_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="inspection_reference_unique",
                violation_error_message=_("Another inspection already has this reference."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft", finalized_at__isnull=True)
                | Q(status="finalized", finalized_at__isnull=False),
                name="inspection_finalized_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == InspectionStatus.DRAFT

    @property
    def work_stopped(self) -> bool:
        if hasattr(self, "has_stoppage"):
            return self.has_stoppage
        return self.stoppages.exists()


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


class Violation(models.Model):
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="violations",
        verbose_name=_("inspection"),
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
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ViolationQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "position"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        indexes = [
            models.Index(fields=["status", "deadline"], name="violation_status_deadline"),
            models.Index(fields=["deadline"], name="violation_deadline"),
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
        return (
            self.status != ViolationStatus.ELIMINATED
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )


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


class NoticeCounter(models.Model):
    """The last notice number given in a year. Finalizing locks this row, so two inspectors
    finalizing at the same moment get consecutive numbers, never the same one."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("notice counter")
        verbose_name_plural = _("notice counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Notice(models.Model):
    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="notice", verbose_name=_("inspection")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number within the year"))
    number = models.CharField(_("number"), max_length=16, unique=True)
    issued_on = models.DateField(_("issued on"))
    violations = models.ManyToManyField(
        Violation, related_name="notices", verbose_name=_("violations")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("notice to the employer")
        verbose_name_plural = _("notices to the employer")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="notice_number_per_year"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("inspections:notice", args=[self.inspection_id])

    @staticmethod
    def format_number(year: int, sequence: int) -> str:
        return f"{year}-{sequence:06d}"


class WorkStoppage(models.Model):
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="stoppages",
        verbose_name=_("inspection"),
    )
    reason = models.TextField(_("reason"), blank=True)
    started_on = models.DateField(_("work stopped on"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("work stoppage")
        verbose_name_plural = _("work stoppages")
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=models.F("started_on")),
                name="stoppage_lifted_after_started",
                violation_error_message=_("Work cannot resume before it was stopped."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection.enterprise}: {self.started_on:%d.%m.%Y}"

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None


class Proposal(models.Model):
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("inspection"),
    )
    text = models.TextField(
        _("proposal"),
        blank=True,
        help_text=_("Imported counts of proposals arrive without a text."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("proposal to improve working conditions")
        verbose_name_plural = _("proposals to improve working conditions")

    def __str__(self) -> str:
        return self.text[:80] or str(_("Proposal"))

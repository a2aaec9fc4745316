"""Accident reports (Form N-1 data): the accident, its victims, attachments and the
history of its status. Group and fatal are derived from the victims, never typed in."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kzsafety.constraints import InMemoryChecks
from kzsafety.directories.validators import validate_iin
from kzsafety.records import Versioned, count_of


class AccidentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    VERIFIED = "verified", _("Verified")


class InvestigationKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary (employer's commission)")
    SPECIAL = "special", _("Special (chaired by a state labour inspector)")


class Outcome(models.TextChoices):
    LIGHT = "light", _("Light injury")
    SEVERE = "severe", _("Severe injury")
    FATAL = "fatal", _("Fatal")


class Sex(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class AccidentQuerySet(models.QuerySet):
    def with_counts(self):
        """Victims and fatalities counted in the database, for lists and totals."""
        victims = Victim.objects.filter(accident=OuterRef("pk"))
        return self.annotate(
            victim_total=Coalesce(count_of(victims, "accident"), 0),
            fatality_total=Coalesce(count_of(victims.filter(outcome=Outcome.FATAL), "accident"), 0),
        )

    def counted(self):
        """Reports that count in statistics: drafts and returned reports never do."""
        return self.filter(status__in=[AccidentStatus.SUBMITTED, AccidentStatus.VERIFIED])


class Accident(InMemoryChecks, Versioned):
    reference = models.CharField(
        _("reference"),
        max_length=64,
        blank=True,
        help_text=_("The region's own number for this report, used when importing."),
    )
    enterprise = models.ForeignKey(
        "directories.Enterprise",
        on_delete=models.PROTECT,
        related_name="accidents",
        verbose_name=_("enterprise"),
    )
    date = models.DateField(_("date of the accident"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    union_present = models.BooleanField(
        _("union present at the enterprise"),
        default=False,
        help_text=_("Copied from the enterprise when the report is created; correct it if needed."),
    )
    event_type = models.ForeignKey(
        "directories.EventType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accidents",
        verbose_name=_("event type"),
    )
    cause = models.ForeignKey(
        "directories.Cause",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accidents",
        verbose_name=_("main cause"),
    )
    employer_fault_pct = models.PositiveSmallIntegerField(
        _("employer's fault, %"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    employee_fault_pct = models.PositiveSmallIntegerField(
        _("employee's fault, %"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    description = models.TextField(_("circumstances"), blank=True)
    investigation_kind = models.CharField(
        _("investigation"), max_length=16, choices=InvestigationKind.choices, blank=True
    )
    act_number = models.CharField(_("act number"), max_length=64, blank=True)
    act_date = models.DateField(_("act date"), null=True, blank=True)
    commission = models.TextField(_("investigation commission"), blank=True)
    union_took_part = models.BooleanField(
        _("the union took part in the investigation"), default=False
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccidentStatus.choices,
        default=AccidentStatus.DRAFT,
        db_index=True,
    )
    duplicate_reason = models.TextField(
        _("why this is not a duplicate"),
        blank=True,
        help_text=_("Filled when a similar report exists and the inspector submits anyway."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = AccidentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        indexes = [
            models.Index(fields=["date", "status"]),
            models.Index(fields=["enterprise", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(employer_fault_pct__isnull=True) | Q(employer_fault_pct__lte=100),
                name="accident_employer_fault_at_most_100",
                violation_error_message=_("The employer's fault cannot be more than 100 %%."),
            ),
            models.CheckConstraint(
                condition=Q(employee_fault_pct__isnull=True) | Q(employee_fault_pct__lte=100),
                name="accident_employee_fault_at_most_100",
                violation_error_message=_("The employee's fault cannot be more than 100 %%."),
            ),
            models.CheckConstraint(
                condition=Q(employer_fault_pct__isnull=True)
                | Q(employee_fault_pct__isnull=True)
                | Q(employer_fault_pct__lte=100 - models.F("employee_fault_pct")),
                name="accident_faults_at_most_100",
                violation_error_message=_(
                    "The employer's and the employee's fault together cannot be more than 100 %%."
                ),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="accident_reference_unique",
                violation_error_message=_("Another accident report already has this reference."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:accident_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.date and self.date > today:
            errors["date"] = _("The accident date cannot be in the future.")
        if self.act_date and self.act_date > today:
            errors["act_date"] = _("The act date cannot be in the future.")
        elif self.act_date and self.date and self.act_date < self.date:
            errors["act_date"] = _("The act cannot be dated before the accident.")
        employer, employee = self.employer_fault_pct, self.employee_fault_pct
        if employer is not None and employee is not None and employer + employee > 100:
            errors["employee_fault_pct"] = _(
                "The employer's and the employee's fault together cannot exceed 100 %% "
                "(now %(total)s %%)."
            ) % {"total": employer + employee}
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.status in (AccidentStatus.DRAFT, AccidentStatus.RETURNED)

    def last_return(self) -> "AccidentStatusChange | None":
        """While the report is returned: the reviewer's return, with its comment, who and
        when; the pages show it first."""
        if self.status != AccidentStatus.RETURNED:
            return None
        return (
            self.status_changes.filter(to_status=AccidentStatus.RETURNED)
            .select_related("by")
            .order_by("-at", "-pk")
            .first()
        )

    def _victim_counts(self) -> tuple[int, int]:
        if hasattr(self, "victim_total"):
            return self.victim_total, self.fatality_total
        victims = list(self.victims.all())
        return len(victims), sum(v.outcome == Outcome.FATAL for v in victims)

    @property
    def is_group(self) -> bool:
        return self._victim_counts()[0] >= 2

    @property
    def is_fatal(self) -> bool:
        return self._victim_counts()[1] >= 1


class Victim(InMemoryChecks, models.Model):
    accident = models.ForeignKey(
        Accident, on_delete=models.CASCADE, related_name="victims", verbose_name=_("accident")
    )
    position = models.PositiveSmallIntegerField(_("number in the report"), default=1)
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True, validators=[validate_iin])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=255, blank=True)
    service_years = models.PositiveSmallIntegerField(
        _("length of service, years"), null=True, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    died_on = models.DateField(_("date of death"), null=True, blank=True)
    days_lost = models.PositiveIntegerField(_("days of incapacity"), null=True, blank=True)
    injury_type = models.CharField(_("type of injury"), max_length=255, blank=True)
    body_part = models.CharField(_("injured body part"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["accident", "position", "pk"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        indexes = [models.Index(fields=["outcome"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__gte=14, age__lte=100),
                name="victim_age_14_to_100",
                violation_error_message=_("The victim's age must be between 14 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(died_on__isnull=True) | Q(outcome="fatal"),
                name="victim_died_only_if_fatal",
                violation_error_message=_("A date of death is only for a fatal outcome."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or _("Victim %(number)s") % {"number": self.position}

    def clean(self) -> None:
        errors = {}
        if self.age is not None and not 14 <= self.age <= 100:
            errors["age"] = _("The victim's age must be between 14 and 100.")
        if self.died_on and self.outcome != Outcome.FATAL:
            errors["died_on"] = _("A date of death is only for a fatal outcome.")
        elif self.died_on:
            try:
                accident_date = self.accident.date
            except Accident.DoesNotExist:
                accident_date = None
            if self.died_on > timezone.localdate():
                errors["died_on"] = _("The date of death cannot be in the future.")
            elif accident_date and self.died_on < accident_date:
                errors["died_on"] = _("The date of death cannot be before the accident.")
        if errors:
            raise ValidationError(errors)


class AccidentStatusChange(models.Model):
    accident = models.ForeignKey(
        Accident,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("accident"),
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=AccidentStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=AccidentStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name: the original name is kept in the database, never on disk."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"attachments/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}{suffix}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    ACT = "act", _("Signed act")
    OTHER = "other", _("Other document")


class Attachment(models.Model):
    accident = models.ForeignKey(
        Accident, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("accident")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
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
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("inspections:attachment", args=[self.pk])

"""Directories every part of the system refers to: places, sectors, classifiers,
enterprises and the registry of technical inspectors."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kzsafety.directories.validators import validate_bin
from kzsafety.records import HistoryByRecord


class Localized(models.Model):
    """Names kept in the three working languages; `name` answers in the active one."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=255)
    name_ru = models.CharField(_("name in Russian"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"name_{language}", "") or self.name_kk


class Region(Localized):
    code = models.CharField(_("KATO code"), max_length=2, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class ReferenceItem(Localized):
    """A classifier entry with a stable key used by imports and reports."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "key"]


class Sector(ReferenceItem):
    budget = models.BooleanField(
        _("budget sphere"), default=False, help_text=_("Unticked means the real sector.")
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("federation sector")
        verbose_name_plural = _("federation sectors")


class OkedSection(Localized):
    code = models.CharField(_("section"), max_length=1, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("OKED section")
        verbose_name_plural = _("OKED sections")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Cause(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("accident cause")
        verbose_name_plural = _("accident causes")


class EventType(ReferenceItem):
    esaw_code = models.CharField(
        _("ESAW code"),
        max_length=8,
        blank=True,
        help_text=_("The matching European ESAW deviation/contact code, where known."),
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("event type")
        verbose_name_plural = _("event types")


class ViolationCategory(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("violation category")
        verbose_name_plural = _("violation categories")


class Enterprise(models.Model):
    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    name = models.CharField(_("name"), max_length=255)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("region")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("sector")
    )
    oked_section = models.ForeignKey(
        OkedSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("OKED section"),
    )
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    union_member = models.BooleanField(
        _("has a primary union organisation"),
        default=False,
        help_text=_("Whether a primary organisation of an FTUK union works here now."),
    )
    # Union membership changes over time; the history keeps what it was on any day.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            models.Index(fields=["region", "sector"]),
            models.Index(fields=["sector"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bin__regex=r"^[0-9]{12}$"), name="enterprise_bin_twelve_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directories:enterprise_detail", args=[self.pk])


class TechnicalInspectorQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(appointed_on__lte=day).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day)
        )

    def untrained_since(self, day):
        """Inspectors with no training completed after `day` (the reminders ask for the
        last twelve months)."""
        trained = TrainingRecord.objects.filter(inspector=OuterRef("pk"), completed_on__gt=day)
        return self.exclude(Exists(trained))


class TechnicalInspector(models.Model):
    number = models.CharField(_("registry number"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=255)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspector_record",
        verbose_name=_("user account"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="inspectors", verbose_name=_("region")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspectors",
        verbose_name=_("enterprise"),
    )
    appointed_on = models.DateField(_("appointed on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Read only by the inspector's id (an import writes 16,600 history rows at a time).
    history = HistoryByRecord(no_db_index=["number", "user", "region", "enterprise"])

    objects = TechnicalInspectorQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("technical inspector")
        verbose_name_plural = _("technical inspectors")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("appointed_on")),
                name="inspector_left_after_appointed",
                violation_error_message=_("The leaving date cannot be before the appointment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.number})"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.appointed_on <= today and (self.left_on is None or self.left_on > today)


class TrainingRecord(models.Model):
    inspector = models.ForeignKey(
        TechnicalInspector,
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("technical inspector"),
        db_index=False,  # training_once_per_day's index begins with the inspector
    )
    completed_on = models.DateField(_("completed on"))
    course = models.CharField(_("course"), max_length=255, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "completed_on", "course"], name="training_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspector.full_name}: {self.completed_on:%Y-%m-%d}"

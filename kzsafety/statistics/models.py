"""Figures entered by hand: other bodies' numbers (ministry, statistics bureau) and the
federation's own numbers for years before the system, which replace computed values."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kzsafety.jobs.models import BackgroundJob


class Source(models.TextChoices):
    MONITORING = "monitoring", _("Federation monitoring")
    MINISTRY = "ministry", _("Ministry of Labour")
    STATISTICS_BUREAU = "statistics_bureau", _("Bureau of National Statistics")


class Scope(models.TextChoices):
    ALL = "all", _("All enterprises")
    UNION = "union", _("Enterprises with FTUK unions")


class Indicator(models.TextChoices):
    ACCIDENTS = "accidents", _("Accidents")
    VICTIMS = "victims", _("Victims")
    FATALITIES = "fatalities", _("Fatalities")
    EMPLOYER_FAULT_OVER_50 = "employer_fault_over_50", _("Accidents with employer fault over 50 %")
    COUNCILS_TOTAL = "councils_total", _("Production councils, active")
    COUNCILS_UNION_INITIATIVE = (
        "councils_union_initiative",
        _("Production councils created at union initiative"),
    )
    COUNCILS_NEW = "councils_new", _("Production councils, newly created")
    INSPECTORS_TOTAL = "inspectors_total", _("Technical inspectors, active")
    INSPECTORS_TRAINED = "inspectors_trained", _("Technical inspectors trained in the year")


class Figure(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    indicator = models.CharField(_("indicator"), max_length=32, choices=Indicator.choices)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.ALL)
    value = models.PositiveIntegerField(_("value"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "indicator", "source", "scope"]
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "source", "indicator", "scope"], name="figure_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="figure_year_plausible",
                violation_error_message=_("The year of a figure must be from 1990 to 2100."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.year} {self.get_indicator_display()} ({self.get_source_display()}, "
            f"{self.get_scope_display()}): {self.value}"
        )


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ExportKind(models.TextChoices):
    WORKBOOK = "xlsx", _("Excel workbook")
    NOTE = "docx", _("Analytical note (Word)")


def export_path(instance: "ReportExport", filename: str) -> str:
    import secrets

    return f"reports/{secrets.token_urlsafe(24)}.{instance.kind or ExportKind.WORKBOOK}"


TASKS = {
    ExportKind.WORKBOOK: "kzsafety.statistics.tasks.build_annual_workbook",
    ExportKind.NOTE: "kzsafety.statistics.tasks.build_annual_note",
}


class ReportExport(BackgroundJob):
    """One request for the annual workbook or the analytical note, prepared by a
    background task."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_exports",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(
        _("kind"), max_length=4, choices=ExportKind.choices, default=ExportKind.WORKBOOK
    )
    year = models.PositiveSmallIntegerField(_("year"))
    window = models.PositiveSmallIntegerField(_("window, years"), default=5)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("annual report export")
        verbose_name_plural = _("annual report exports")

    def __str__(self) -> str:
        return f"{self.year} ({self.window}) — {self.get_status_display()}"

    @property
    def task_name(self) -> str:  # type: ignore[override]
        """The task that prepares this kind of file, called with the export's id."""
        return TASKS[ExportKind(self.kind)]

    def get_absolute_url(self) -> str:
        """The statistics page of the export's year, following its progress."""
        return (
            f"{reverse('statistics:annual')}?year={self.year}&window={self.window}&export={self.pk}"
        )

    def retry_fields(self) -> dict:
        return {"progress": 0, "error": ""}

    def failure_fields(self, message: str) -> dict:
        return {"error": message}

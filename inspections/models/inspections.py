"""Public control: inspections by technical inspectors, the work stoppages they demand at a
direct threat to life and their proposals to improve working conditions. The violations an
inspection finds are in violations.py; the notice handed to the employer in notices.py."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from inspections.models.violations import Violation, ViolationStatus
from kzsafety.records import HistoryByRecord, count_of


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNSCHEDULED = "unscheduled", _("Unscheduled")
    JOINT = "joint", _("Joint with a state labour inspector")
    FOLLOW_UP = "follow_up", _("Follow-up")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINALIZED = "finalized", _("Finalized")


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
    return count_of(queryset, "inspection")


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
        db_index=False,  # inspection_inspector_date leads with it
    )
    enterprise = models.ForeignKey(
        "directories.Enterprise",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("enterprise"),
        db_index=False,  # inspection_enterprise_date leads with it
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
        db_index=False,  # inspection_created_by: only the inspections recorded by someone
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # History is read by the record's id; indexes on its other references would only slow
    # the writes (imports write tens of thousands of history rows at a time).
    history = HistoryByRecord(no_db_index=["inspector", "enterprise", "created_by"])

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            # Years of inspections by status (the annual report, the lists by date): the
            # date leads, the status and the id come from the index alone.
            models.Index(fields=["date", "status"], include=["id"], name="inspection_date_status"),
            models.Index(fields=["enterprise", "date"], name="inspection_enterprise_date"),
            models.Index(fields=["inspector", "date"], name="inspection_inspector_date"),
            # Read only when a user is deleted (PROTECT asks for their inspections), and
            # an import without a user (the command) leaves it empty: those rows are not
            # indexed.
            models.Index(
                fields=["created_by"],
                condition=Q(created_by__isnull=False),
                name="inspection_created_by",
            ),
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
        return f"{self.enterprise} — {date_format(self.date, 'SHORT_DATE_FORMAT')}"

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


class WorkStoppage(models.Model):
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="stoppages",
        verbose_name=_("inspection"),
    )
    reason = models.TextField(_("reason"), blank=True)
    works = models.TextField(
        _("work stopped"),
        blank=True,
        help_text=_("Which work, workplace or equipment is stopped, as the order names it."),
    )
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
    history = HistoryByRecord(no_db_index=["inspection", "created_by"])

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
        return f"{self.inspection.enterprise}: {date_format(self.started_on, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url()

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None

    @property
    def order_number(self) -> str:
        """The number printed on the stoppage order: the year it was recorded and the
        record's own id, so it never changes and never repeats (unlike notices, stoppages
        are not numbered in a yearly sequence)."""
        return f"{self.created_at:%Y}-S{self.pk:06d}"

    def get_order_url(self) -> str:
        return reverse("inspections:stoppage_order", args=[self.pk])


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
    history = HistoryByRecord(no_db_index=["inspection"])

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("proposal to improve working conditions")
        verbose_name_plural = _("proposals to improve working conditions")

    def __str__(self) -> str:
        return self.text[:80] or str(_("Proposal"))

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url()

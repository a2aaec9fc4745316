"""The council's plan for eliminating one violation found by public control. The violation
and its lifecycle stay in the inspections app; the plan only says who will fix it and by
when."""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RemediationPlan(models.Model):
    violation = models.OneToOneField(
        "inspections.Violation",
        on_delete=models.CASCADE,
        related_name="remediation_plan",
        verbose_name=_("violation"),
    )
    responsible = models.CharField(
        _("responsible person"),
        max_length=255,
        help_text=_("Name and job title of who will fix it."),
    )
    planned_on = models.DateField(_("planned date"))
    note = models.TextField(_("what will be done"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("remediation plan")
        verbose_name_plural = _("remediation plans")

    def __str__(self) -> str:
        return f"{self.responsible}: {date_format(self.planned_on, 'SHORT_DATE_FORMAT')}"

    @property
    def after_deadline(self) -> bool:
        deadline = self.violation.deadline
        return deadline is not None and self.planned_on > deadline

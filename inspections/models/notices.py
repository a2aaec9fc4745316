"""The notice handed to the employer when an inspection that found violations is
finalized, and the counter its yearly numbers come from."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inspections.models.inspections import Inspection
from inspections.models.violations import Violation


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

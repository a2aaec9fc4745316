"""Professional-risk assessment under Order No. 363 of 11 September 2020: the council sets
up the commission, names the objects and professions and agrees the schedule; the
commission keeps a register of hazards with probability × severity before and after
controls. Levels come from councils.risk_levels with the bands configured here."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.risk_levels import (
    DEFAULT_BANDS,
    MAX_PRODUCT,
    BandBounds,
    RiskLevel,
    products_by_level,
    risk_level,
)
from kzsafety.records import Versioned

SCALE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class RiskBands(models.Model):
    """The one configuration of level bands, edited in the admin."""

    low_max = models.PositiveSmallIntegerField(
        _("low: up to"), default=DEFAULT_BANDS.low_max, validators=[MinValueValidator(1)]
    )
    medium_max = models.PositiveSmallIntegerField(
        _("medium: up to"), default=DEFAULT_BANDS.medium_max
    )
    high_max = models.PositiveSmallIntegerField(
        _("high: up to"),
        default=DEFAULT_BANDS.high_max,
        help_text=_("Anything above is critical, up to 25."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk level bands")
        verbose_name_plural = _("risk level bands")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="risk_bands_single_row"),
            models.CheckConstraint(
                condition=Q(low_max__gte=1)
                & Q(medium_max__gt=F("low_max"))
                & Q(high_max__gt=F("medium_max"))
                & Q(high_max__lt=MAX_PRODUCT),
                name="risk_bands_rising",
                violation_error_message=_(
                    "Each band must end above the one before it: low < medium < high < 25."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"1–{self.low_max} / –{self.medium_max} / –{self.high_max} / –{MAX_PRODUCT}"

    @classmethod
    def current(cls) -> "RiskBands":
        """The configured bands, or the defaults (unsaved) when none are configured."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def ranges(self) -> list[tuple[str, str, int, int]]:
        """(level, label, from, to) of each band, for legends."""
        bounds = [1, self.low_max + 1, self.medium_max + 1, self.high_max + 1, MAX_PRODUCT + 1]
        return [
            (level.value, level.label, bounds[i], bounds[i + 1] - 1)
            for i, level in enumerate(RiskLevel)
        ]


class RiskAssessment(Versioned):
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.CASCADE,
        related_name="risk_assessments",
        verbose_name=_("council"),
    )
    period_start = models.DateField(_("assessment from"))
    period_end = models.DateField(_("assessment until"))
    commission = models.TextField(
        _("commission members"), help_text=_("One per line: name and job title.")
    )
    objects_assessed = models.TextField(
        _("objects and units"), help_text=_("One per line: workshops, sites, units.")
    )
    professions = models.TextField(_("professions to assess"), help_text=_("One per line."))
    schedule = models.TextField(
        _("schedule"), blank=True, help_text=_("One step per line: what, where and when.")
    )
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
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("professional-risk assessment")
        verbose_name_plural = _("professional-risk assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="risk_assessment_period_order",
                violation_error_message=_("The assessment cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        start, end = (
            date_format(day, "SHORT_DATE_FORMAT") for day in (self.period_start, self.period_end)
        )
        period = f"{start}–{end}"
        return f"{self.council.enterprise.name}: {period}"

    def get_absolute_url(self) -> str:
        return reverse("councils:assessment_detail", args=[self.pk])

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


class RiskEntryQuerySet(models.QuerySet):
    def with_levels(self, bands: BandBounds):
        """Products and levels as columns, so lists can filter and sort by them; the level
        of each product comes from risk_level()."""
        by_level = products_by_level(bands)

        def level_of(product):
            return Case(
                *(
                    When(**{f"{product}__in": products}, then=Value(level))
                    for level, products in by_level.items()
                    if products
                ),
                default=Value(""),
                output_field=models.CharField(),
            )

        return self.annotate(
            product=F("probability") * F("severity"),
            residual_product=F("residual_probability") * F("residual_severity"),
        ).annotate(level=level_of("product"), residual_level=level_of("residual_product"))


class RiskEntry(models.Model):
    assessment = models.ForeignKey(
        RiskAssessment,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("assessment"),
    )
    position = models.PositiveSmallIntegerField(_("number in the register"))
    hazard = models.TextField(_("hazard"))
    workplace = models.CharField(_("workplace or profession"), max_length=255)
    probability = models.PositiveSmallIntegerField(
        _("probability (1–5)"), validators=SCALE_VALIDATORS
    )
    severity = models.PositiveSmallIntegerField(_("severity (1–5)"), validators=SCALE_VALIDATORS)
    controls = models.TextField(_("controls"), blank=True)
    residual_probability = models.PositiveSmallIntegerField(
        _("residual probability (1–5)"), null=True, blank=True, validators=SCALE_VALIDATORS
    )
    residual_severity = models.PositiveSmallIntegerField(
        _("residual severity (1–5)"), null=True, blank=True, validators=SCALE_VALIDATORS
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RiskEntryQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "position"]
        verbose_name = _("risk register entry")
        verbose_name_plural = _("risk register entries")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "position"], name="risk_entry_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5)
                & Q(severity__gte=1, severity__lte=5),
                name="risk_entry_scales",
                violation_error_message=_("Probability and severity are from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(residual_probability__isnull=True, residual_severity__isnull=True)
                | Q(
                    residual_probability__isnull=False,
                    residual_severity__isnull=False,
                    residual_probability__gte=1,
                    residual_probability__lte=5,
                    residual_severity__gte=1,
                    residual_severity__lte=5,
                ),
                name="risk_entry_residual_both_or_neither",
                violation_error_message=_(
                    "Give both the residual probability and the residual severity, or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.hazard[:60]}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url()

    @property
    def risk(self) -> int:
        return self.probability * self.severity

    @property
    def residual_risk(self) -> int | None:
        if self.residual_probability is None or self.residual_severity is None:
            return None
        return self.residual_probability * self.residual_severity

    def level_under(self, bands: BandBounds) -> str:
        return risk_level(self.risk, bands)

    def residual_level_under(self, bands: BandBounds) -> str | None:
        residual = self.residual_risk
        return None if residual is None else risk_level(residual, bands)

"""The register of production councils: the council at an enterprise, its members from
the employer's and the workers' side, and the technical inspectors attached to it.

The council's own columns (enterprise, established_on, union_initiative, sector,
dissolved_on) are what the annual statistics count; keep them as they are."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kzsafety.constraints import InMemoryChecks
from kzsafety.records import HistoryByRecord, Versioned


class Side(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    WORKERS = "workers", _("Workers")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


# Roles a council has at most one of.
SINGLE_ROLES = (MemberRole.CHAIR, MemberRole.CO_CHAIR, MemberRole.SECRETARY)


def _count(queryset, group: str) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1],
            output_field=models.IntegerField(),
        ),
        0,
    )


class CouncilQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(established_on__lte=day).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
        )

    def with_parity(self):
        """Members of each side as correlated subqueries (cheap in count(), one query for a
        page)."""
        members = CouncilMember.objects.filter(council=OuterRef("pk"))
        return self.annotate(
            employer_total=_count(members.filter(side=Side.EMPLOYER), "council"),
            workers_total=_count(members.filter(side=Side.WORKERS), "council"),
        )

    def without_parity(self):
        return self.with_parity().exclude(employer_total=models.F("workers_total"))


class Council(InMemoryChecks, Versioned):
    enterprise = models.ForeignKey(
        "directories.Enterprise",
        on_delete=models.PROTECT,
        related_name="councils",
        verbose_name=_("enterprise"),
        db_index=False,  # council_unique_enterprise_established_on leads with it
    )
    established_on = models.DateField(_("established on"))
    union_initiative = models.BooleanField(_("created at the union's initiative"), default=False)
    sector = models.ForeignKey(
        "directories.Sector",
        on_delete=models.PROTECT,
        related_name="councils",
        verbose_name=_("sector"),
        help_text=_("The enterprise's sector unless set otherwise."),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    inspectors = models.ManyToManyField(
        "directories.TechnicalInspector",
        blank=True,
        related_name="councils",
        verbose_name=_("technical inspectors on the council"),
    )
    # History is read by the council's id (its page), never by enterprise or sector.
    history = HistoryByRecord(no_db_index=["enterprise", "sector"])

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise__name", "-established_on"]
        verbose_name = _("production council")
        verbose_name_plural = _("production councils")
        indexes = [
            models.Index(fields=["established_on"], name="council_established"),
            models.Index(fields=["dissolved_on"], name="council_dissolved"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "established_on"],
                name="council_unique_enterprise_established_on",
                violation_error_message=_(
                    "This enterprise already has a council established on that date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="council_dissolved_after_established",
                violation_error_message=_(
                    "A council cannot be dissolved before it was established."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} ({date_format(self.established_on, 'SHORT_DATE_FORMAT')})"

    def get_absolute_url(self) -> str:
        return reverse("councils:council_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.established_on <= today and (
            self.dissolved_on is None or self.dissolved_on > today
        )

    def side_totals(self) -> tuple[int, int]:
        """Members of the employer's and of the workers' side."""
        if hasattr(self, "employer_total"):
            return self.employer_total, self.workers_total
        counts = dict(
            self.members.order_by().values("side").annotate(n=Count("pk")).values_list("side", "n")
        )
        return counts.get(Side.EMPLOYER, 0), counts.get(Side.WORKERS, 0)

    @property
    def has_parity(self) -> bool:
        employer, workers = self.side_totals()
        return employer == workers


class CouncilMember(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="members", verbose_name=_("council")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("user account"),
        help_text=_("The member's account in this system, if they have one."),
    )
    full_name = models.CharField(_("full name"), max_length=255)
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    role = models.CharField(
        _("role on the council"),
        max_length=16,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    position = models.CharField(_("job title"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        ordering = ["council", "side", "full_name"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                condition=Q(user__isnull=False),
                name="council_member_user_once",
                violation_error_message=_("This account is already a member of the council."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["council"],
                    condition=Q(role=role),
                    name=f"council_one_{role.value}",
                    violation_error_message=_("The council already has a member in this role."),
                )
                for role in SINGLE_ROLES
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return self.council.get_absolute_url()

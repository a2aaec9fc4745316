"""Council meetings and their decisions. A decision binds the employer: it has a
responsible person, a deadline and a status.

Overdue is never stored: "deadline passed and not done" is evaluated against today's date
whenever it is asked, like the violations' overdue."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kzsafety.records import Versioned


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Meeting(Versioned):
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("council"),
    )
    number = models.PositiveIntegerField(_("minutes number"))
    date = models.DateField(_("date of the meeting"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), help_text=_("One item per line."))
    attendees = models.ManyToManyField(
        "councils.CouncilMember",
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("members present"),
    )
    guests = models.TextField(
        _("also present"), blank=True, help_text=_("Invited people who are not members.")
    )
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("What was discussed."))
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
        ordering = ["-date", "-number"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number"], name="meeting_number_per_council"
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number}, {date_format(self.date, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        return reverse("councils:meeting_detail", args=[self.pk])

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class DecisionQuerySet(models.QuerySet):
    def not_done(self):
        return self.exclude(status=DecisionStatus.DONE)

    def overdue(self, today: datetime.date | None = None):
        """Deadline passed and not done, as of today unless a day is given."""
        today = today or timezone.localdate()
        return self.not_done().filter(deadline__lt=today)

    def with_overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            overdue_flag=Case(
                When(Q(deadline__lt=today) & ~Q(status=DecisionStatus.DONE), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class Decision(Versioned):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("number in the minutes"))
    text = models.TextField(_("decision"))
    responsible = models.CharField(
        _("responsible person"),
        max_length=255,
        help_text=_("Name and job title of who must carry it out."),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("progress note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")
        indexes = [
            models.Index(fields=["status", "deadline"], name="decision_status_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="decision_position_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="decision_done_on_iff_done",
                violation_error_message=_(
                    "A decision that is done needs the date it was done, and only it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.position}"

    def get_absolute_url(self) -> str:
        return reverse("councils:decision_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        if hasattr(self, "overdue_flag"):
            return self.overdue_flag
        return self.status != DecisionStatus.DONE and self.deadline < timezone.localdate()

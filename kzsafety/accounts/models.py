"""Users, their role and the scope the role works in."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("Technical inspector")
    COUNCIL_MEMBER = "council_member", _("Production council member")
    REGIONAL_STAFF = "regional_staff", _("Regional staff")
    SECTOR_STAFF = "sector_staff", _("Sector staff")
    FEDERATION_STAFF = "federation_staff", _("Federation staff")


# Which scope field each role needs. Council members carry the enterprise of their council:
# the council itself lives in the councils app, which points at users, not the other way.
SCOPE_FIELD = {
    Role.INSPECTOR: "enterprise",
    Role.COUNCIL_MEMBER: "enterprise",
    Role.REGIONAL_STAFF: "region",
    Role.SECTOR_STAFF: "sector",
    Role.FEDERATION_STAFF: None,
}


def _scope_rule() -> Q:
    """Exactly the scope field the role needs is set; the others are empty."""
    rule = Q(role="") & Q(enterprise__isnull=True, region__isnull=True, sector__isnull=True)
    for role, field in SCOPE_FIELD.items():
        condition = Q(role=role)
        # A fixed order keeps the migration stable (a set would vary with hash seeds).
        for other in ("enterprise", "region", "sector"):
            if other == field:
                continue
            condition &= Q(**{f"{other}__isnull": True})
        if field:
            condition &= Q(**{f"{field}__isnull": False})
        rule |= condition
    return rule


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    enterprise = models.ForeignKey(
        "directories.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("enterprise"),
        help_text=_("For inspectors and council members."),
    )
    region = models.ForeignKey(
        "directories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("region"),
        help_text=_("For regional staff."),
    )
    sector = models.ForeignKey(
        "directories.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("sector"),
        help_text=_("For sector staff."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=_scope_rule(),
                name="user_scope_matches_role",
                violation_error_message=_(
                    "Inspectors and council members need an enterprise, regional staff a "
                    "region, sector staff a sector; federation staff and users without a "
                    "role need none of them."
                ),
            ),
        ]

    @property
    def is_federation_staff(self) -> bool:
        return self.is_active and (self.role == Role.FEDERATION_STAFF or self.is_superuser)

    def scope_label(self) -> str:
        field = SCOPE_FIELD.get(self.role)
        if field is None:
            return str(_("Whole country")) if self.role else ""
        return str(getattr(self, field) or "")


class Delivery(models.TextChoices):
    """How a user hears about one kind of notification (their preference, or the kind's
    default); stored on each notification when it is written."""

    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by e-mail")
    DIGEST = "digest", _("Only in the weekly digest")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        """Not yet read; digest-only notifications never count as unread."""
        return self.filter(read_at__isnull=True).exclude(delivery=Delivery.DIGEST)

    def unread_first(self):
        """Unread first, then the newest."""
        unread = models.Q(read_at__isnull=True) & ~models.Q(delivery=Delivery.DIGEST)
        return self.alias(
            unread_rank=models.Case(
                models.When(unread, then=models.Value(0)), default=models.Value(1)
            )
        ).order_by("unread_rank", "-created_at", "-pk")


class Notification(models.Model):
    """An in-app message for one user. It stores what happened (its kind, the numbers and
    names in `params`, a link); the text is rendered in the reader's language when read
    (kzsafety/accounts/notify.py). `key` makes a notification once-only per user."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=40, blank=True, db_index=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    key = models.CharField(_("once-only key"), max_length=200, blank=True)
    # Marks the rows one bulk write created, so it can find them (and e-mail them) again.
    batch = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    # Text of notifications written before kinds existed; new ones leave it empty.
    message = models.CharField(_("message"), max_length=500, blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    # Fixed when written, from the user's preference: digest-only ones are neither counted
    # as unread nor e-mailed on their own; they wait for the weekly digest.
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.EMAIL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None and self.delivery != Delivery.DIGEST

    @property
    def text(self) -> str:
        """The message in the active language."""
        from kzsafety.accounts.notify import render

        return render(self)


class NotificationPreference(models.Model):
    """A user's choice of delivery for one kind; without a row the kind's default holds."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"


class DigestSubscription(models.Model):
    """Whether a user asked for the weekly digest, and the ISO week (e.g. "2025-W10") it
    was last sent for, so a second run in the same week sends nothing."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="digest"
    )
    wanted = models.BooleanField(_("weekly digest"), default=False)
    last_week = models.CharField(_("last sent for week"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")

    def __str__(self) -> str:
        return f"{self.user}: {self.last_week or '-'}"

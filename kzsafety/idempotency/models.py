from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OnceKey(models.Model):
    """A one-time key a client sent with a create (a form rendered on the server, later the
    offline app's entry and the API's Idempotency-Key), and the record the first request
    with it created. The unique (user, key) pair is what makes a second request with the
    same key answer with the first record instead of creating another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=64)
    # A digest of the API request that sent the key (empty for forms): a repeat of the key
    # with another request is refused rather than answered with this record.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64, blank=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    record = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("one-time key")
        verbose_name_plural = _("one-time keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="once_key_unique_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="once_key_created_idx")]

    def __str__(self) -> str:
        return self.key

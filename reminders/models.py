"""A user's reminders outside the app: the daily e-mail digest (on unless turned off) and the
private calendar feed (a secret address, of which only a hash is stored)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSettings(models.Model):
    """One row per user who has received a digest or opened the reminders page; a user without
    one gets the defaults (digest on, in Danish, no calendar feed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_settings",
        verbose_name=_("user"),
    )
    digest_enabled = models.BooleanField(_("daily e-mail of what falls due"), default=True)
    language = models.CharField(
        _("language of e-mails and calendar"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # The day the last digest went out: a task delivered twice sends one mail a day.
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)
    # SHA-256 of the calendar address's token (the token itself is shown once, never stored).
    feed_token_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    feed_created_at = models.DateTimeField(
        _("calendar address made"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def has_feed(self) -> bool:
        return bool(self.feed_token_digest)

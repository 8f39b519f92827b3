"""Changing a user's reminders: the digest on or off, and the calendar address made, made
anew or revoked (each an audit event on the account, since the address shows citizens' names
to whoever holds it)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.models import AuditEvent

from .models import ReminderSettings


def token_digest(token: str) -> str:
    """What is stored of a calendar address's token: its SHA-256. The token is 256 random
    bits, so a plain hash is enough (no one can try their way to one)."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(token: str) -> str:
    """The calendar address in full, for a calendar client outside the app."""
    return settings.SITE_URL + reverse("reminders:feed", args=[token])


def reminder_settings_for(user: User) -> ReminderSettings:
    """The user's settings, the defaults if they have none stored yet (not saved)."""
    found = ReminderSettings.objects.filter(user=user).first()
    return found or ReminderSettings(user=user)


def reminder_settings_update(*, user: User, digest_enabled: bool, language: str) -> None:
    """Turn the daily digest on or off and choose its language."""
    ReminderSettings.objects.update_or_create(
        user=user, defaults={"digest_enabled": digest_enabled, "language": language}
    )


def calendar_feed_create(*, user: User) -> str:
    """A new secret calendar address for the user; an earlier one stops working. Returns the
    token, which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row, _created = ReminderSettings.objects.select_for_update().get_or_create(user=user)
        renewed = row.has_feed
        row.feed_token_digest = token_digest(token)
        row.feed_created_at = timezone.now()
        row.save(update_fields=["feed_token_digest", "feed_created_at"])
        summary = (
            _("New calendar address made for %(user)s (the old one no longer works)")
            if renewed
            else _("Calendar address made for %(user)s")
        )
        audit.record(
            actor=user,
            action=AuditEvent.Action.CHANGED,
            target=user,
            summary=summary % {"user": user.username},
        )
    return token


def calendar_feed_revoke(*, user: User) -> bool:
    """The user's calendar address stops working. False if they had none (nothing written)."""
    with transaction.atomic():
        row = ReminderSettings.objects.select_for_update().filter(user=user).first()
        if row is None or not row.has_feed:
            return False
        row.feed_token_digest = None
        row.feed_created_at = None
        row.save(update_fields=["feed_token_digest", "feed_created_at"])
        audit.record(
            actor=user,
            action=AuditEvent.Action.CHANGED,
            target=user,
            summary=_("Calendar address revoked for %(user)s") % {"user": user.username},
        )
    return True

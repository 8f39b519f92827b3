"""The reminders' scheduled task (beat, every morning; see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.utils import timezone


@shared_task
def send_digests() -> int:
    """Mail today's digests; idempotent (one mail per user a day)."""
    from .digests import digests_send

    return digests_send(today=timezone.localdate())

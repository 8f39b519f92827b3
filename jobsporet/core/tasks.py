"""Scheduled housekeeping of the core (beat runs them; see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def purge_expired_uploads() -> int:
    """Delete the uploads whose import was never confirmed, once they have expired."""
    from .imports.uploads import uploads_purge_expired

    return uploads_purge_expired()


@shared_task
def clear_sessions() -> None:
    """Delete expired sessions from the database (Django's clearsessions), nightly."""
    call_command("clearsessions")

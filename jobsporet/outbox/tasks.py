"""The beat task that empties the outbox once the broker answers again."""

from celery import shared_task


@shared_task
def retry_outbox() -> tuple[int, int]:
    from .services import outbox_retry

    return outbox_retry()

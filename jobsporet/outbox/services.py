"""Queue a task after commit without ever failing the request that saved the data.

`enqueue_after_commit(task, *ids)` hands the task to Celery once the transaction has committed.
If the broker refuses (Redis down, a network fault) or, with no broker, the in-process task
fails, the data is already saved: the failure is logged, the task is kept in the outbox, and
the beat task `retry_outbox` queues it again every minute until the broker takes it.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import OutboxTask

logger = logging.getLogger(__name__)


def enqueue_after_commit(task: Task, *args: Any) -> None:
    """Queue `task(*args)` when the current transaction commits; never raises to the caller."""
    transaction.on_commit(lambda: _enqueue(task.name, list(args)), robust=True)


def _enqueue(name: str, args: list[Any]) -> None:
    error = _try_to_queue(name, args)
    if error is not None:
        OutboxTask.objects.create(task=name, args=args, last_error=error)


def _try_to_queue(name: str, args: list[Any]) -> str | None:
    """Hand a task to Celery; None when it was taken, else why not (also logged)."""
    from jobsporet.celery import app

    try:
        app.tasks[name].apply_async(args=args)
    except Exception as failure:  # the broker's (kombu's, redis') errors, or the task's own
        logger.warning("Could not queue %s%s, kept for a retry: %r", name, tuple(args), failure)
        return repr(failure)[:500]
    return None


def outbox_retry(*, limit: int | None = None) -> tuple[int, int]:
    """Queue the waiting tasks again, oldest first; returns (queued, still waiting).

    Each row is locked while it is tried, so two retries never queue one task twice; a task
    that keeps failing stays in the outbox with its attempts and last error for the operator.
    """
    queued = failed = 0
    batch = limit or settings.OUTBOX_RETRY_BATCH
    pending = OutboxTask.objects.pending().order_by("created_at", "pk")
    for pk in list(pending.values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            row = OutboxTask.objects.pending().select_for_update(skip_locked=True)
            row = row.filter(pk=pk).first()
            if row is None:
                continue
            error = _try_to_queue(row.task, row.args)
            if error is None:
                row.sent_at = timezone.now()
                queued += 1
            else:
                row.attempts += 1
                row.last_error = error
                failed += 1
            row.save(update_fields=["sent_at", "attempts", "last_error", "last_attempt_at"])
    return queued, failed

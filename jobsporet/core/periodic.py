"""Celery beat's schedule without a broker: in development and demos (no CELERY_BROKER_URL)
nothing runs beat, so each scheduled task runs in-process instead, at most once per its
interval per process, after a request has been answered (request_finished)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _seconds(schedule: object) -> int:
    if isinstance(schedule, datetime.timedelta):
        return int(schedule.total_seconds())
    if isinstance(schedule, int | float):
        return int(schedule)
    return 24 * 60 * 60  # a crontab: once a day is what the project's crontabs mean


def run_due_tasks(**_kwargs: object) -> list[str]:
    """Run the scheduled tasks whose interval has passed; returns their names. A failure is
    logged, never raised: the request it follows has already been answered."""
    if not settings.PERIODIC_TASKS_IN_PROCESS:
        return []
    ran = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if not cache.add(f"periodic-task:{name}", True, timeout=_seconds(entry["schedule"])):
            continue
        try:
            import_string(entry["task"]).apply(args=entry.get("args", ()), throw=True)
        except Exception:
            logger.exception("Scheduled task %s failed in-process", name)
        ran.append(name)
    return ran

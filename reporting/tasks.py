"""Background work of the reporting app: thin, idempotent tasks (beat stores the KPI snapshots
every night; storing one twice stores the same figures again)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone


@shared_task
def store_kpi_snapshots(as_of: str | None = None, slug: str | None = None) -> int:
    """Without arguments, the nightly run (today's snapshot of every running programme, and the
    end date's of ended programmes that lack a trusted one); with `as_of` (YYYY-MM-DD) and/or
    `slug`, that date's (default today) snapshot of that programme, or of every programme
    running then. Returns how many were stored."""
    from .snapshots import kpi_snapshots_store, kpi_snapshots_store_nightly

    if as_of is None and slug is None:
        return kpi_snapshots_store_nightly(timezone.localdate())
    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    return kpi_snapshots_store(as_of=day, slug=slug)

"""The audit row of an export: who took what out, how many rows, why, and about whom.

One `exported` event (its criteria, format, row count and purpose in `changes`) and one
AuditListing row per citizen in the file, so each of them can see the export in their access
report. Written by the export's `on_saved` (jobs/registry.py), in the transaction that stores
the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from jobsporet.core import audit
from jobsporet.core.models import AuditEvent, AuditListing


def record_export(
    *,
    actor: Any,
    target: models.Model,
    summary: str,
    rows: int,
    file_format: str,
    criteria: dict[str, Any] | None = None,
    person_ids: Iterable[int] = (),
    programme_id: int | None = None,
    purpose: str = "",
    full_cpr: bool = False,
) -> AuditEvent:
    """Write the export's event and its listing rows (two queries)."""
    event = audit.record(
        actor=actor,
        action=AuditEvent.Action.EXPORTED,
        target=target,
        summary=summary,
        programme_id=programme_id,
        purpose=purpose,
        changes={
            "criteria": criteria or {},
            "rows": rows,
            "format": file_format,
            "full_cpr": full_cpr,
        },
    )
    AuditListing.objects.bulk_create(
        [AuditListing(event=event, person_id=pk) for pk in sorted(set(person_ids))],
        batch_size=2000,
    )
    return event

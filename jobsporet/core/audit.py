"""Writing the audit trail. Services call record(); views call it for reads of personal data."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    summary: str,
    person_id: int | None = None,
    programme_id: int | None = None,
    changes: dict | None = None,
) -> AuditEvent:
    """Write one audit event about `target`. `actor` may be None for system changes."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        person_id=person_id,
        programme_id=programme_id,
        summary=str(summary)[:300],
        changes=changes or {},
    )


@dataclass(frozen=True)
class Event:
    """One audit event to write with record_many()."""

    action: str
    target: models.Model
    summary: str
    person_id: int | None = None
    programme_id: int | None = None


def record_many(*, actor: Any, events: list[Event]) -> None:
    """Write many audit events in one bulk insert (for bulk services such as imports)."""
    by = actor if actor is not None and actor.is_authenticated else None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=by,
                action=event.action,
                target_type=ContentType.objects.get_for_model(event.target),
                target_id=event.target.pk,
                person_id=event.person_id,
                programme_id=event.programme_id,
                summary=str(event.summary)[:300],
            )
            for event in events
        ],
        batch_size=1000,
    )


def diff(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list[str]]:
    """The fields whose value changes, as {field: [old, new]} in printable form."""
    changed = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        if old != new:
            changed[name] = [_printable(old), _printable(new)]
    return changed


def _printable(value: Any) -> str:
    return "" if value is None else str(value)

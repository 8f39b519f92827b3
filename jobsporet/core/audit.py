"""Writing the audit trail. Services call record(); views call it for reads of personal data.

The IP address of the request an event comes from is added by AuditContextMiddleware (through a
context variable), so services need not know about requests; a purpose is passed where the
user gave one (a CPR number shown, an export for a citizen's access request).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from .audit_guard import AuditRowProtected, maintenance
from .models import AuditEvent, AuditListing
from .rows import insert_values
from .summaries import Summary, choice, lowered, render, summary, summary_plural

__all__ = [
    "AuditRowProtected",
    "Event",
    "Summary",
    "choice",
    "diff",
    "lowered",
    "maintenance",
    "record",
    "record_listing",
    "summary",
    "summary_plural",
]

_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_COUNT reverse proxies it is that many entries
    from the right of X-Forwarded-For (the entries further left are the client's to forge)."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class AuditContextMiddleware:
    """Makes the request's client address available to every audit row written meanwhile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)


def _message(summary: str | Summary) -> dict:
    # Kept only for a summary given as a message; plain text stays as written.
    return summary.stored() if isinstance(summary, Summary) else {}


def _actor(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    summary: str | Summary,
    person_id: int | None = None,
    programme_id: int | None = None,
    changes: dict | None = None,
    purpose: str = "",
    subject_digest: str = "",
) -> AuditEvent:
    """Write one audit event about `target`. `actor` may be None for system changes."""
    return AuditEvent.objects.create(
        actor=_actor(actor),
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        person_id=person_id,
        programme_id=programme_id,
        summary=str(summary)[:300],
        summary_message=_message(summary),
        changes=changes or {},
        purpose=purpose.strip()[:200],
        subject_digest=subject_digest,
        ip_address=_client_ip.get(),
    )


def record_listing(
    *,
    actor: Any,
    target: models.Model,
    summary: str,
    criteria: dict[str, Any],
    person_ids: Iterable[int],
    programme_id: int | None = None,
) -> AuditEvent:
    """A search or filtered list: one event with its criteria (never a CPR number: the caller
    passes what the URL holds, where a CPR search is a token) and one row per citizen shown, in
    two queries, in one transaction (the event never stands without its rows; on PostgreSQL the
    rows' bulk insert would otherwise open and commit a transaction of its own)."""
    with transaction.atomic(savepoint=False):
        event = record(
            actor=actor,
            action=AuditEvent.Action.SEARCHED,
            target=target,
            summary=summary,
            programme_id=programme_id,
            changes={"criteria": criteria},
        )
        AuditListing.objects.bulk_create(
            [AuditListing(event=event, person_id=pk) for pk in sorted(set(person_ids))]
        )
    return event


@dataclass(frozen=True)
class Event:
    """One audit event to write with record_many()."""

    action: str
    target: models.Model
    summary: str | Summary
    person_id: int | None = None
    programme_id: int | None = None
    changes: dict | None = None


def record_many(*, actor: Any = None, events: list[Event], actors: list | None = None) -> None:
    """Write many audit events in one bulk insert (for bulk services such as imports), by the
    call's actor or, with `actors`, each event's own (one per event, in order)."""
    if actors is None:
        actors = [actor] * len(events)
    elif len(actors) != len(events):
        raise ValueError(f"{len(actors)} actors for {len(events)} events: give one per event.")
    ip = _client_ip.get()
    target_types: dict[type, int] = {}
    rows = []
    for event, by in zip(events, actors, strict=True):
        target = event.target
        target_type = target_types.get(type(target))
        if target_type is None:
            target_type = ContentType.objects.get_for_model(target).pk
            target_types[type(target)] = target_type
        # The message once: str(summary) renders the same message again.
        message = _message(event.summary)
        text = render(message) if message else str(event.summary)
        who = _actor(by)
        rows.append(
            (
                None if who is None else who.pk,
                event.action,
                target_type,
                target.pk,
                event.person_id,
                event.programme_id,
                text[:300],
                message,
                ip,
                event.changes or {},
            )
        )
    insert_values(AuditEvent, _EVENT_COLUMNS, rows)


_EVENT_COLUMNS = (
    "actor_id",
    "action",
    "target_type_id",
    "target_id",
    "person_id",
    "programme_id",
    "summary",
    "summary_message",
    "ip_address",
    "changes",
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

"""Writes to a programme's funding ledger: add, correct and delete a line.

Each runs in one transaction, validates with the model's rules (a DomainError with the field),
leaves a history row (django-simple-history on FundingEntry) and an audit row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.errors import DomainError
from jobsporet.core.formatting import kroner
from jobsporet.core.models import AuditEvent

from .models import FundingEntry, Programme

FIELDS = ("reference", "kind", "source", "category", "on", "amount", "description")


def _check(entry: FundingEntry) -> None:
    if entry.amount is not None and entry.amount < 0:
        raise DomainError(_("The amount cannot be negative."), field="amount")
    unnamed = FundingEntry.unnamed(entry.kind, vars(entry))
    if unnamed == "source":
        raise DomainError(_("A grant needs its source."), field="source")
    if unnamed == "category":
        raise DomainError(_("An expense needs a category."), field="category")
    clash = FundingEntry.objects.filter(
        programme_id=entry.programme_id, reference=entry.reference
    ).exclude(pk=entry.pk)
    if clash.exists():
        raise DomainError(
            _("The programme already has a line with the reference %(reference)s.")
            % {"reference": entry.reference},
            field="reference",
        )
    try:
        entry.full_clean(exclude=["programme"], validate_unique=False)
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from error


def funding_entry_create(
    *,
    programme: Programme,
    reference: str,
    kind: str,
    source: str = "",
    category: str = "",
    on: datetime.date,
    amount: Decimal,
    description: str = "",
    actor: User | None,
) -> FundingEntry:
    """Add a line to the programme's ledger."""
    entry = FundingEntry(
        programme=programme,
        reference=reference.strip(),
        kind=kind,
        source=source.strip(),
        category=category.strip(),
        on=on,
        amount=amount,
        description=description,
    )
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        _check(entry)
        entry.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATED,
            target=entry,
            programme_id=programme.pk,
            summary=_added(entry),
        )
    return entry


def _added(entry: FundingEntry) -> str:
    return _("Funding line %(reference)s added: %(kind)s %(amount)s") % {
        "reference": entry.reference,
        "kind": entry.get_kind_display(),
        "amount": kroner(entry.amount),
    }


def _corrected(entry: FundingEntry) -> str:
    return _("Funding line %(reference)s corrected") % {"reference": entry.reference}


def funding_entry_imported(*, entry: FundingEntry, created: bool, actor: User | None) -> None:
    """The audit row of a line the funding import created or changed (the import validates
    and saves it itself, core/imports/saving.py): every change to a ledger is in the audit
    trail, which also tells the KPI snapshots that the programme's figures changed."""
    audit.record(
        actor=actor,
        action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED,
        target=entry,
        programme_id=entry.programme_id,
        summary=_added(entry) if created else _corrected(entry),
    )


def funding_entry_correct(*, entry: FundingEntry, actor: User | None, **values) -> FundingEntry:
    """Correct a line; the old values stay in its history and the audit row names the
    changes."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = FundingEntry.objects.select_for_update().get(pk=entry.pk)
        changes = audit.diff(locked, values)
        if not changes:
            return locked
        for name, value in values.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _check(locked)
        locked.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            target=locked,
            programme_id=locked.programme_id,
            summary=_corrected(locked),
            changes=changes,
        )
    return locked


def funding_entry_delete(*, entry: FundingEntry, actor: User | None) -> None:
    """Delete a line; its history keeps what it said, and the audit row says who deleted it."""
    with transaction.atomic():
        locked = FundingEntry.objects.select_for_update().get(pk=entry.pk)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.DELETED,
            target=locked,
            programme_id=locked.programme_id,
            summary=_("Funding line %(reference)s deleted: %(kind)s %(amount)s")
            % {
                "reference": locked.reference,
                "kind": locked.get_kind_display(),
                "amount": kroner(locked.amount),
            },
        )
        locked.delete()

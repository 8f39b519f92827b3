"""Write-once audit rows: the guard the audit models and their QuerySets share.

Outside `maintenance()` an audit row can be inserted, never updated or deleted. Inside it (the
retention job and the anonymisation only) the QuerySet allows it, and on PostgreSQL the
transaction-local setting `jobsporet.audit_maintenance` tells the database trigger (migration
core.0002) to allow it too, for the length of that transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import connection, models, transaction

_maintenance: ContextVar[bool] = ContextVar("audit_maintenance", default=False)


class AuditRowProtected(Exception):
    """An audit row may not be changed or deleted."""

    def __init__(self) -> None:
        super().__init__("Audit rows cannot be changed or deleted.")


def in_maintenance() -> bool:
    return _maintenance.get()


def _set_database_flag(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jobsporet.audit_maintenance', %s, true)", [value])


@contextlib.contextmanager
def maintenance() -> Iterator[None]:
    """One transaction in which audit rows may be deleted or their personal values blanked.
    Only the retention job and the anonymisation service use it."""
    token = _maintenance.set(True)
    try:
        with transaction.atomic():
            _set_database_flag("on")
            yield
            # On an error the rollback (of the transaction or its savepoint) undoes the flag.
            _set_database_flag("off")
    finally:
        _maintenance.reset(token)


def guard_row_write(instance: models.Model) -> None:
    """Refuse to save an audit row that exists already (outside maintenance)."""
    if not instance._state.adding and not in_maintenance():
        raise AuditRowProtected


class GuardedQuerySet(models.QuerySet):
    """update() and delete() refused outside maintenance(); bulk_update goes through update()."""

    def update(self, **kwargs):
        if not in_maintenance():
            raise AuditRowProtected
        return super().update(**kwargs)

    def delete(self):
        if not in_maintenance():
            raise AuditRowProtected
        return super().delete()

    delete.queryset_only = True

"""Reports read from a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL).

Only reads that can live with a replica's few seconds of lag go there: the outcome figures, the
`kpis` command and exports, each inside `reading_from_replica()`. Everything else, and every
write, stays on the primary ("default"). Without a replica the block changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reporting: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextlib.contextmanager
def reading_from_replica() -> Iterator[None]:
    """Inside the block, the ORM's reads go to the replica (if there is one)."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


class ReplicaRouter:
    """Django database router: reads inside reading_from_replica() go to the replica alias;
    writes, migrations and all other reads to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reporting.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return db != REPLICA

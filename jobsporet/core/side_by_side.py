"""Independent reads side by side: a page that needs several slow aggregate queries which do not
depend on one another (the programme dashboard) starts one of them on a second database
connection, in a worker thread, and reads the rest on its own connection meanwhile.

On PostgreSQL the two statements then run on two server processes at once, so the page waits
for the longer of the two rather than for their sum. It only happens where it gives the same
figures as reading in line:

- on PostgreSQL (SQLite answers one statement at a time in practice, and the zero-setup default
  has nothing to gain);
- outside a transaction: a second connection cannot see rows this one has written and not yet
  committed (every test inside a test transaction computes in line, the very same way);
- when settings.READS_SIDE_BY_SIDE is on (the default; the dashboard benchmark turns it off
  once to collect every statement the page runs on one connection).

The worker reads with what the request reads with: the same language (a label computed there is
in the user's language), the same context variables (a report inside reading_from_replica() reads
from the replica there too). Its connection is closed when the read is done: a worker thread holds
no connection between pages (and none outlives a test database).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, ParamSpec, TypeVar

from django.conf import settings
from django.db import connections, router
from django.db.models import Model
from django.utils import translation

P = ParamSpec("P")
T = TypeVar("T")

# Enough for every page that reads side by side at once in one process (gunicorn's threads);
# a read waits for a free worker rather than open an unbounded number of connections.
_WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="side-by-side")


class Done(Generic[T]):
    """A read already done in line, with the same result() as a Future's."""

    def __init__(self, value: T) -> None:
        self._value = value

    def result(self) -> T:
        return self._value


def can_read_side_by_side(model: type[Model]) -> bool:
    """Whether a read of `model` may run on a second connection (see the module docstring)."""
    if not getattr(settings, "READS_SIDE_BY_SIDE", True):
        return False
    alias = router.db_for_read(model) or "default"
    if connections[alias].vendor != "postgresql":
        return False
    return not any(connections[name].in_atomic_block for name in {alias, "default"})


def side_by_side(
    model: type[Model], function: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> Future[T] | Done[T]:
    """Start function(*args, **kwargs), a read of `model`'s data, on a second connection if
    can_read_side_by_side(model), else run it now; .result() is its return value (or raises
    its exception; run in line, it raises at once)."""
    if not can_read_side_by_side(model):
        return Done(function(*args, **kwargs))
    context = contextvars.copy_context()
    language = translation.get_language()

    def read() -> T:
        try:
            with translation.override(language):
                return function(*args, **kwargs)
        finally:
            connections.close_all()  # this worker thread's own connections

    return _WORKERS.submit(context.run, read)

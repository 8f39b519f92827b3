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
no connection between pages (and none outlives a test database). If the second connection
cannot be opened (the server's connection limit reached, say), the read runs in line after all,
on the request's own connection, and a warning is logged: the page is slower, never broken.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, ParamSpec, TypeVar

from django.conf import settings
from django.db import DatabaseError, connections, router
from django.db.models import Model
from django.utils import translation

logger = logging.getLogger(__name__)

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


class _NoConnection:
    """What the worker returns when it could not open its connection."""


class Alongside(Generic[T]):
    """A read started in the worker; result() waits for it, or runs it in line if the worker
    could not connect."""

    def __init__(self, future: Future, call: Callable[[], T]) -> None:
        self._future = future
        self._call = call

    def result(self) -> T:
        value = self._future.result()
        if isinstance(value, _NoConnection):
            return self._call()
        return value


def _read_alias(model: type[Model]) -> str:
    """The database a read of `model` goes to (the replica inside reading_from_replica())."""
    return router.db_for_read(model) or "default"


def can_read_side_by_side(model: type[Model]) -> bool:
    """Whether a read of `model` may run on a second connection (see the module docstring)."""
    if not settings.READS_SIDE_BY_SIDE:
        return False
    alias = _read_alias(model)
    if connections[alias].vendor != "postgresql":
        return False
    return not any(connections[name].in_atomic_block for name in {alias, "default"})


def side_by_side(
    model: type[Model], function: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> Alongside[T] | Done[T]:
    """Start function(*args, **kwargs), a read of `model`'s data, on a second connection if
    can_read_side_by_side(model), else run it now; .result() is its return value (or raises
    its exception; run in line, it raises at once)."""
    if not can_read_side_by_side(model):
        return Done(function(*args, **kwargs))
    context = contextvars.copy_context()
    language = translation.get_language()
    alias = _read_alias(model)

    def read() -> T | _NoConnection:
        try:
            try:
                connections[alias].ensure_connection()
            except DatabaseError:
                logger.warning(
                    "No second database connection for a read side by side; it runs in line",
                    exc_info=True,
                )
                return _NoConnection()
            with translation.override(language):
                return function(*args, **kwargs)
        finally:
            connections.close_all()  # this worker thread's own connections

    return Alongside(_WORKERS.submit(context.run, read), lambda: function(*args, **kwargs))

"""Writing many rows at once, for the bulk services: new rows with their trail, and changed rows
in one statement per batch.

A bulk service takes the actor of the whole call (`actor`) or, with `actors`, one per row in the
rows' order (the demo seeder writes a chunk of many brokers' cases in one call): each row's
history and audit rows then name its own actor, as if each had gone through the single service.

Django's bulk_update builds a CASE WHEN per field and row, which costs more in Python than the
database spends on the update (a quarter of a bulk seeding's time). On PostgreSQL changed rows go
as one UPDATE ... FROM unnest(one array per column) per batch instead; elsewhere bulk_update
does it.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

from . import audit
from .rows import insert_history, insert_rows

BATCH = 2000


def actors_of(rows: Sequence, actor: Any, actors: Sequence | None) -> list:
    """Each row's actor: `actors` (one per row, in order) when given, else the call's actor."""
    if actors is None:
        return [actor] * len(rows)
    if len(actors) != len(rows):
        raise ValueError(f"{len(actors)} actors for {len(rows)} rows: give one per row.")
    return list(actors)


def history_many(
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    actor: Any = None,
    actors: Sequence | None = None,
    update: bool = False,
) -> None:
    """The rows' history rows ("+" new, "~" changed with `update`), under the call's actor or
    each row's own (django-simple-history reads a row's `_history_user` before the default)."""
    if actors is None:
        insert_history(model, rows, update=update, default_user=actor)
        return
    actors = actors_of(rows, actor, actors)
    for row, by in zip(rows, actors, strict=True):
        if by is None:
            # No actor: simple_history's own default, as the call without one gets.
            row.__dict__.pop("_history_user", None)
        else:
            row._history_user = by
    try:
        insert_history(model, rows, update=update, default_user=None)
    finally:
        for row in rows:
            row.__dict__.pop("_history_user", None)


def insert_with_trail(
    model: type[models.Model],
    rows: list,
    *,
    actor: Any = None,
    actors: Sequence | None = None,
    events: list[audit.Event],
) -> list:
    """Insert new rows with their history under the actor's name (or each row's, `actors`),
    then their audit rows (one event per row, in the rows' order)."""
    actors_of(rows, actor, actors)  # one per row, checked before anything is written
    insert_rows(model, rows)
    history_many(model, rows, actor=actor, actors=actors)
    audit.record_many(actor=actor, actors=actors, events=events)
    return rows


def update_many(model: type[models.Model], rows: Sequence[models.Model], fields: list[str]) -> None:
    """Save `fields` of the rows (which all have a primary key), as bulk_update would."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(rows, fields, batch_size=BATCH)
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    pk = meta.pk
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
    names = ", ".join(quote(name) for name in [pk.column] + [f.column for f in columns])
    # Each column as one array of its type (so a NULL in the first row does not make it text):
    # a few parameters per batch instead of one per value, which psycopg would have to find in
    # the statement's text one by one.
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in [pk, *columns])
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            params: list = [[row.pk for row in batch]]
            for f in columns:
                params.append(
                    [f.get_db_prep_save(getattr(row, f.attname), connection) for row in batch]
                )
            cursor.execute(
                f"UPDATE {table} SET {assignments} "
                f"FROM unnest({arrays}) AS v({names}) "
                f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )

"""Inserting rows that the bulk services have checked: bulk_create, or COPY on PostgreSQL.

Django compiles a bulk INSERT value by value and psycopg then quotes every parameter: for the
demo seeder at 100,000 participants that was about a third of the whole run, more than the
database's own work (README, "Speed"). On PostgreSQL the same rows go in with COPY instead: the
ids come from the table's sequence in one query, each value is prepared as bulk_create prepares
it (`pre_save`, `get_db_prep_save`: auto_now dates, foreign keys, JSON, arrays), and psycopg
streams them. The rows are the same, after the same checks; elsewhere bulk_create writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

BATCH = 2000


def insert_rows(model: type[models.Model], rows: list) -> list:
    """bulk_create for new rows (without a primary key yet): each row gets its id."""
    if not rows:
        return rows
    # The connection itself, not django.db.connection: every attribute read through that proxy
    # looks the connection up again, and get_db_prep_save reads it for every value.
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or any(row.pk is not None for row in rows):
        return model._default_manager.bulk_create(rows, batch_size=BATCH)
    for row in rows:
        # As bulk_create does: a foreign key to a row saved since it was set takes its id.
        row._prepare_related_fields_for_save(operation_name="bulk_create")
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = sorted(found for (found,) in cursor.fetchall())
        for row, new_id in zip(rows, ids, strict=True):
            setattr(row, meta.pk.attname, new_id)
        # The psycopg cursor under Django's wrapper: COPY is not part of the DB-API.
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(row, True), connection)
                        for field in fields
                    ]
                )
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
    return rows


def history_rows(
    model: type[models.Model], rows: Sequence[models.Model], *, update: bool, default_user: Any
) -> list:
    """The history rows django-simple-history's bulk_history_create would write for the rows
    (a row's `_history_user` before the default user), unsaved."""
    history = model.history.model
    history_type = "~" if update else "+"
    tracked = history.tracked_fields
    related = hasattr(history, "history_relation")
    entries = []
    for instance in rows:
        entry = history(
            history_date=getattr(instance, "_history_date", timezone.now()),
            history_user=getattr(
                instance,
                "_history_user",
                default_user or history.get_default_history_user(instance),
            ),
            history_change_reason=get_change_reason_from_object(instance) or "",
            history_type=history_type,
            **{field.attname: getattr(instance, field.attname) for field in tracked},
        )
        if related:
            entry.history_relation_id = instance.pk
        entries.append(entry)
    return entries


def insert_history(
    model: type[models.Model], rows: Sequence[models.Model], *, update: bool, default_user: Any
) -> None:
    """bulk_history_create, its rows inserted by insert_rows."""
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        insert_rows(
            model.history.model,
            history_rows(model, rows, update=update, default_user=default_user),
        )

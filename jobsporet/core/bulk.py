"""Writing many rows at once, for the bulk services: new rows with their trail, and changed rows
in one statement per batch.

Django's bulk_update builds a CASE WHEN per field and row, which costs more in Python than the
database spends on the update (a quarter of a bulk seeding's time). On PostgreSQL changed rows go
as one UPDATE ... FROM (VALUES ...) per batch instead; elsewhere bulk_update does it.
"""

from collections.abc import Sequence

from django.db import connection, models

from . import audit

BATCH = 2000


def insert_with_trail(
    model: type[models.Model], rows: list, *, actor, events: list[audit.Event]
) -> list:
    """Insert new rows with their history under the actor's name, then their audit rows."""
    model._default_manager.bulk_create(rows, batch_size=BATCH)
    model.history.bulk_history_create(rows, default_user=actor, batch_size=BATCH)
    audit.record_many(actor=actor, events=events)
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
    # Each value typed, so a NULL in the first row does not make the column text.
    row_sql = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in [pk, *columns]) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            params: list = []
            for row in batch:
                params.append(row.pk)
                params.extend(
                    f.get_db_prep_save(getattr(row, f.attname), connection) for f in columns
                )
            cursor.execute(
                f"UPDATE {table} SET {assignments} "
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS v({names}) "
                f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )

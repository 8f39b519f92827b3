"""Inserting rows that the bulk services have checked: bulk_create, or COPY on PostgreSQL.

Django compiles a bulk INSERT value by value and psycopg then quotes every parameter: for the
demo seeder at 100,000 participants that was about a third of the whole run, more than the
database's own work (README, "Speed"). On PostgreSQL the same rows go in with COPY instead: the
ids come from the table's sequence in one query, each value is prepared as bulk_create prepares
it (`pre_save`, `get_db_prep_save`: auto_now dates, foreign keys, JSON, arrays), and psycopg
streams them. The rows are the same, after the same checks; elsewhere bulk_create writes them.

The rows that only follow from a checked row, its history row and its audit row, are not model
instances on PostgreSQL: building an instance per row (its signals, its descriptors) cost more
than everything else a seeding did in Python. They go to COPY as tuples of the values
bulk_create would have written (`insert_values`, `insert_history`), their ids from the table's
own default, as the sequence would have given them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

BATCH = 2000

_NONE = type(None)
# The field classes whose database value is the Python value itself, for values of these types
# (get_db_prep_save returns them unchanged, or as psycopg's integer wrappers, which COPY writes
# as the same digits): every other value, and every other field, goes through get_db_prep_save.
# A subclass counts only if it changes none of the methods that prepare a value (tests hold each
# of these equal to get_db_prep_save).
_PLAIN_TYPES: dict[type[models.Field], tuple[type, ...]] = {
    models.CharField: (str, _NONE),
    models.TextField: (str, _NONE),
    models.IntegerField: (int, _NONE),
    models.BooleanField: (bool, _NONE),
    models.DateField: (datetime.date, _NONE),
    models.DecimalField: (Decimal, _NONE),
    models.DateTimeField: (_NONE,),  # an aware datetime too: see _preparer
}
_PREPARING = ("get_prep_value", "get_db_prep_value", "get_db_prep_save", "to_python")


def _plain_base(field: models.Field) -> type[models.Field] | None:
    """The class of _PLAIN_TYPES whose way of preparing a value the field keeps, if any."""
    cls = type(field)
    for base in cls.__mro__:
        if base in _PLAIN_TYPES:
            same = all(getattr(cls, name) is getattr(base, name) for name in _PREPARING)
            return base if same else None
    return None


def _preparer(field: models.Field, connection: Any) -> Callable[[Any], Any]:
    """A function preparing one of the field's values for the database, as get_db_prep_save."""
    prepare = field.get_db_prep_save
    if isinstance(field, models.ForeignKey) and (
        type(field).get_db_prep_save is models.ForeignKey.get_db_prep_save
    ):
        # A foreign key's value is prepared by the field it points to (its id).
        return _preparer(field.target_field, connection)
    base = _plain_base(field)
    if base is None:
        return lambda value: prepare(value, connection)
    plain = _PLAIN_TYPES[base]
    if base is models.DateTimeField:

        def prepare_datetime(value: Any) -> Any:
            if type(value) is datetime.datetime and value.tzinfo is not None:
                return value
            return prepare(value, connection)

        return prepare_datetime

    def prepare_value(value: Any) -> Any:
        return value if type(value) in plain else prepare(value, connection)

    return prepare_value


def _takes_pre_save(field: models.Field) -> bool:
    """Whether the value to save is not simply the attribute (an auto_now date, a custom
    pre_save)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return True
    return type(field).pre_save not in (
        models.Field.pre_save,
        models.DateField.pre_save,
        models.DateTimeField.pre_save,
    )


def _copy(connection: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    # The psycopg cursor under Django's wrapper: COPY is not part of the DB-API.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _on_postgresql() -> Any:
    """The default connection if it is PostgreSQL's, else None. The connection itself, not
    django.db.connection: every attribute read through that proxy looks the connection up
    again."""
    connection = connections[DEFAULT_DB_ALIAS]
    return connection if connection.vendor == "postgresql" else None


def insert_rows(model: type[models.Model], rows: list) -> list:
    """bulk_create for new rows (without a primary key yet): each row gets its id."""
    if not rows:
        return rows
    connection = _on_postgresql()
    if connection is None or any(row.pk is not None for row in rows):
        return model._default_manager.bulk_create(rows, batch_size=BATCH)
    for row in rows:
        # As bulk_create does: a foreign key to a row saved since it was set takes its id.
        row._prepare_related_fields_for_save(operation_name="bulk_create")
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = sorted(found for (found,) in cursor.fetchall())
    for row, new_id in zip(rows, ids, strict=True):
        setattr(row, meta.pk.attname, new_id)
    prepared = []
    for field in fields:
        prepare = _preparer(field, connection)
        if _takes_pre_save(field):
            prepared.append(lambda row, f=field, p=prepare: p(f.pre_save(row, True)))
        else:
            prepared.append(lambda row, a=field.attname, p=prepare: p(getattr(row, a)))
    _copy(
        connection,
        meta.db_table,
        [field.column for field in fields],
        ([prepare(row) for prepare in prepared] for row in rows),
    )
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
    return rows


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence]
) -> None:
    """New rows given as tuples of the named fields' values (attnames: `actor_id`, not `actor`),
    which bulk_create would write for instances holding them; the other fields take their
    default (or the time now, for an auto_now date). No ids are returned: on PostgreSQL the
    table's default gives them, in the rows' order."""
    if not rows:
        return
    connection = _on_postgresql()
    if connection is None:
        model._default_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    meta = model._meta
    by_name = {field.attname: field for field in meta.concrete_fields}
    named = [by_name[name] for name in names]
    preparers = [_preparer(field, connection) for field in named]
    now = timezone.now()
    rest = []
    for field in meta.concrete_fields:
        if field.primary_key or field.generated or field.attname in names:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            if (
                field.has_default()
                and callable(field.default)
                and field.default not in (dict, list)
            ):
                # Each instance would call it: it may differ row by row.
                raise ValueError(f"{field} needs a value in each row.")
            value = field.get_default()
        rest.append((field, _preparer(field, connection)(value)))
    fixed = [value for _field, value in rest]
    _copy(
        connection,
        meta.db_table,
        [field.column for field in named] + [field.column for field, _value in rest],
        (
            [prepare(value) for prepare, value in zip(preparers, row, strict=True)] + fixed
            for row in rows
        ),
    )


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
            history_user=_history_user(history, instance, default_user),
            history_change_reason=get_change_reason_from_object(instance) or "",
            history_type=history_type,
            **{field.attname: getattr(instance, field.attname) for field in tracked},
        )
        if related:
            entry.history_relation_id = instance.pk
        entries.append(entry)
    return entries


def _history_user(history: type[models.Model], instance: models.Model, default_user: Any) -> Any:
    """bulk_history_create's history user: the row's `_history_user`, else the default user,
    else simple_history's own default."""
    user = instance.__dict__.get("_history_user")
    if user is None and "_history_user" not in instance.__dict__:
        user = default_user or history.get_default_history_user(instance)
    return user


def insert_history(
    model: type[models.Model], rows: Sequence[models.Model], *, update: bool, default_user: Any
) -> None:
    """bulk_history_create: the rows' history rows, as tuples on PostgreSQL (insert_values)."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not rows:
        return
    if _on_postgresql() is None:
        insert_rows(
            model.history.model,
            history_rows(model, rows, update=update, default_user=default_user),
        )
        return
    history = model.history.model
    tracked = [field.attname for field in history.tracked_fields]
    related = hasattr(history, "history_relation")
    names = [
        *tracked,
        "history_date",
        "history_user_id",
        "history_change_reason",
        "history_type",
        *(["history_relation_id"] if related else []),
    ]
    now = timezone.now()
    history_type = "~" if update else "+"
    values = []
    for instance in rows:
        user = _history_user(history, instance, default_user)
        values.append(
            (
                *[getattr(instance, name) for name in tracked],
                getattr(instance, "_history_date", now),
                None if user is None else user.pk,
                get_change_reason_from_object(instance) or "",
                history_type,
                *([instance.pk] if related else []),
            )
        )
    insert_values(history, names, values)

"""A change's old and new values per field, in words: for the case page's change history.

Services store each change as {field: [old, new]} in printable form (audit.diff). Shown, a
field is named by its label and a stored code by its choice's label, a yes/no as Ja/Nej, a date
in the local format and a list of sectors as their names.
"""

from __future__ import annotations

import ast
import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.core.choices import Sector
from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


def _other_labels() -> dict[str, str]:
    # Keys that are not a field: a reopening records the exit it undid as "exit".
    return {"exit": _("exit")}


def _value(field: models.Field | None, stored: str) -> str:
    if stored == "":
        return "–"
    if field is None:
        return stored
    if field.choices:
        return str(dict(field.flatchoices).get(stored, stored))
    if isinstance(field, models.BooleanField):
        return _("Yes") if stored == "True" else _("No") if stored == "False" else stored
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(stored)
        except ValueError:
            return stored
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        try:
            return short_date(datetime.date.fromisoformat(stored))
        except ValueError:
            return stored
    if field.name == "target_sectors":
        try:
            codes = ast.literal_eval(stored)
        except (ValueError, SyntaxError):
            return stored
        labels = dict(Sector.choices)
        return ", ".join(str(labels.get(code, code)) for code in codes) or "–"
    return stored


def field_changes(event: AuditEvent) -> list[FieldChange]:
    """The event's changes field by field (needs event.target_type loaded)."""
    model = event.target_type.model_class()
    # In the form's order (the model's), not the stored one: PostgreSQL's jsonb sorts its keys.
    order = {f.name: i for i, f in enumerate(model._meta.fields)} if model else {}
    rows = []
    names = sorted(event.changes or {}, key=lambda name: (order.get(name, len(order)), name))
    for name, values in ((name, event.changes[name]) for name in names):
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(field.verbose_name) if field is not None else _other_labels().get(name, name)
        old, new = (_value(field, str(value)) for value in values)
        rows.append(FieldChange(label[:1].upper() + label[1:], old, new))
    return rows

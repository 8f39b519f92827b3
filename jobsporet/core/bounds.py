"""The dates the app accepts, wherever they come from (a form, a spreadsheet, a service call).

Django and the importer read any year from 1 to 9999, and PostgreSQL stores them: a case note
dated year 1 (Copenhagen time) is stored as 31 December of year 1 BC in UTC, which Python cannot
read back, so every page of that case answered 500; a note dated 9999-12-31 with a follow-up
"in a week" overflowed. So:

- every date and time a user or a file can enter lies between EARLIEST and LATEST: the forms'
  date fields (`DateField`, `DateTimeField` here, and `sane_date` on the model fields, which
  model forms and the importer's `checked_by` apply), the importer's `parse_date`, and the
  services (`check_dates`, a DomainError on the field);
- decisions are not recorded years ahead: an enrolment, a start, a hire, an hours change or an
  exit at most AHEAD from today (`check_not_ahead`);
- the database refuses what slips through: `in_bounds` gives a model's CheckConstraints.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CheckConstraint, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError
from .formatting import short_date

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
# A decision (an enrolment, a start, a hire, an hours change, an exit) dated ahead at most this
# far: planning a few months ahead is normal, years ahead is a typing error.
AHEAD = datetime.timedelta(days=366)

# The same bounds as aware instants, for the database's timestamp columns (a day's margin on
# each side for the time zones).
EARLIEST_INSTANT = datetime.datetime(1899, 12, 31, tzinfo=datetime.UTC)
LATEST_INSTANT = datetime.datetime(2101, 1, 2, tzinfo=datetime.UTC)


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    # The date as written, in its own time zone: converting year 1 to UTC would overflow.
    return value.date() if isinstance(value, datetime.datetime) else value


def within_bounds(value: datetime.date | datetime.datetime) -> bool:
    return EARLIEST <= _day(value) <= LATEST


def bounds_message() -> str:
    return _("Write a date between %(earliest)s and %(latest)s.") % {
        "earliest": short_date(EARLIEST),
        "latest": short_date(LATEST),
    }


def sane_date(value: datetime.date | datetime.datetime | None) -> None:
    """Validator for a date or date-time field: between EARLIEST and LATEST."""
    if value is not None and not within_bounds(value):
        raise ValidationError(bounds_message(), code="date_bounds")


def check_dates(**values: datetime.date | datetime.datetime | None) -> None:
    """DomainError on the first field (by its keyword) whose date lies outside the bounds."""
    for field, value in values.items():
        if value is not None and not within_bounds(value):
            raise DomainError(bounds_message(), field=field)


def check_not_ahead(value: datetime.date | None, *, field: str) -> None:
    """DomainError when a decision is dated more than AHEAD from today (or out of bounds)."""
    if value is None:
        return
    check_dates(**{field: value})
    latest = timezone.localdate() + AHEAD
    if value > latest:
        raise DomainError(
            _("%(day)s is more than a year ahead; record it nearer the time (at most %(latest)s).")
            % {"day": short_date(value), "latest": short_date(latest)},
            field=field,
        )


class DateField(forms.DateField):
    """A form's date field that refuses years a case cannot hold (see the module docstring)."""

    default_validators = [sane_date]
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateTimeField(forms.DateTimeField):
    default_validators = [sane_date]
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def in_bounds(prefix: str, *fields: str, instants: tuple[str, ...] = ()) -> list[CheckConstraint]:
    """CheckConstraints keeping a model's date columns (`fields`) and timestamp columns
    (`instants`) within the bounds; a NULL passes (optional dates)."""
    constraints = [
        CheckConstraint(
            condition=Q(**{f"{name}__isnull": True})
            | Q(**{f"{name}__gte": EARLIEST, f"{name}__lte": LATEST}),
            name=f"{prefix}_{name}_in_bounds",
            violation_error_message=gettext_lazy("A date is outside the years a case can hold."),
        )
        for name in fields
    ]
    constraints += [
        CheckConstraint(
            condition=Q(**{f"{name}__isnull": True})
            | Q(**{f"{name}__gte": EARLIEST_INSTANT, f"{name}__lte": LATEST_INSTANT}),
            name=f"{prefix}_{name}_in_bounds",
            violation_error_message=gettext_lazy("A date is outside the years a case can hold."),
        )
        for name in instants
    ]
    return constraints


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model form's `formfield_callback`: its date and date-time fields are the bounded ones."""
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)

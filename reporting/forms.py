"""The dashboard's query string: date and filters, validated like any form (a bad value is a
message beside its field and is left out, never a 500)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jobsporet.core.choices import Sector
from jobsporet.programmes.models import Programme

from .kpis import Filters

COHORT = re.compile(r"^(\d{4})-K([1-4])$")


def quarters(programme: Programme, last: datetime.date) -> list[tuple[str, str]]:
    """The enrolment quarters from the programme's start to `last`, as ("2021-K3", "3. kvt.
    2021") choices."""
    choices = []
    year, quarter = programme.starts_on.year, (programme.starts_on.month - 1) // 3 + 1
    while (year, quarter) <= (last.year, (last.month - 1) // 3 + 1):
        choices.append(
            (f"{year}-K{quarter}", _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year})
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return choices


def _sensible_day(day: datetime.date | None) -> datetime.date | None:
    if day is not None and not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 1, 1):
        raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
    return day


class ComparisonForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": _("Enter a date (YYYY-MM-DD).")},
    )

    def clean_as_of(self) -> datetime.date | None:
        return _sensible_day(self.cleaned_data.get("as_of"))


class DashboardForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date (YYYY-MM-DD).")},
    )
    broker = forms.TypedChoiceField(label=_("Job broker"), required=False, coerce=int)
    sector = forms.ChoiceField(
        label=_("Sector of the training company"),
        required=False,
        choices=[("", _("All sectors")), *Sector.choices],
    )
    cohort = forms.ChoiceField(label=_("Enrolled in"), required=False)

    def __init__(
        self,
        data,
        *,
        programme: Programme,
        brokers: list[tuple[int, str]],
        default_day: datetime.date,
    ) -> None:
        super().__init__(data)
        self.default_day = default_day
        self.fields["broker"].choices = [("", _("All job brokers")), *brokers]
        last = max(default_day, programme.ends_on or default_day)
        self.fields["cohort"].choices = [("", _("All quarters")), *quarters(programme, last)]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["as_of"].widget.attrs["class"] = "form-control form-control-sm"

    def clean_as_of(self) -> datetime.date | None:
        return _sensible_day(self.cleaned_data.get("as_of"))

    @property
    def day(self) -> datetime.date:
        """The date asked for if it is valid, else the default."""
        self.is_valid()
        return self.cleaned_data.get("as_of") or self.default_day

    @property
    def filters(self) -> Filters:
        """The valid filters (an invalid one is left out and shown as an error)."""
        self.is_valid()
        data = self.cleaned_data
        cohort = COHORT.match(data.get("cohort") or "")
        broker = data.get("broker")
        return Filters(
            job_broker_id=broker if isinstance(broker, int) else None,
            sector=data.get("sector") or "",
            cohort=(int(cohort[1]), int(cohort[2])) if cohort else None,
        )

    def query(self, **changes) -> str:
        """This form's valid values as a query string, with `changes`."""
        self.is_valid()
        values = QueryDict(mutable=True)
        for name in ("as_of", "broker", "sector", "cohort"):
            value = changes.get(name, self.cleaned_data.get(name))
            if value not in (None, ""):
                values[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return values.urlencode()

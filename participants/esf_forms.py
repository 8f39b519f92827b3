"""The EU Social Fund fields of the enrolment and case-details forms (participants/esf.py).

All optional. The disadvantaged groups are sensitive: a form made for a user without
participants.view_sensitive has none of them (and so cannot show or change them); the results on
leaving appear once the case has left."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobsporet.core.bounds import DateField

from . import esf

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_STATED = ("", _("Not stated"))
YES_NO = [NOT_STATED, ("yes", _("Yes")), ("no", _("No"))]
AS_BOOLEAN = {"yes": True, "no": False, "": None}


def yes_no_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: AS_BOOLEAN[value],
        empty_value=None,
        required=False,
    )


def as_choice(value: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[value]


class EsfFieldsMixin(forms.Form):
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[NOT_STATED, *esf.Gender.choices],
        required=False,
        help_text=_("Taken from the CPR number when left empty; correct it here."),
    )
    labour_market_status = forms.ChoiceField(
        label=_("Labour-market status at entry"),
        choices=[NOT_STATED, *esf.LabourMarketStatus.choices],
        required=False,
    )
    unemployed_since = DateField(
        label=_("Unemployed since"),
        required=False,
        help_text=_("12 months or more is long-term unemployment (6 months under 25)."),
    )
    education_level = forms.ChoiceField(
        label=_("Highest completed education"),
        choices=[NOT_STATED, *esf.EducationLevel.choices],
        required=False,
    )
    disadvantaged_migrant = yes_no_field(esf.DISADVANTAGED["disadvantaged_migrant"])
    disadvantaged_disability = yes_no_field(esf.DISADVANTAGED["disadvantaged_disability"])
    disadvantaged_other = yes_no_field(esf.DISADVANTAGED["disadvantaged_other"])
    disadvantaged_homeless = yes_no_field(esf.DISADVANTAGED["disadvantaged_homeless"])
    disadvantaged_rural = yes_no_field(esf.DISADVANTAGED["disadvantaged_rural"])
    job_searching_at_exit = yes_no_field(_("Inactive at entry: job searching on leaving"))
    qualification_at_exit = yes_no_field(_("Gained a qualification on leaving"))

    def limit_esf(self, *, sensitive: bool, left: bool) -> None:
        """Drop what this user may not see, and the results on leaving for an active case."""
        if not sensitive:
            for name in esf.SENSITIVE_FIELDS:
                del self.fields[name]
        if not left:
            for name in esf.EXIT_FIELDS:
                del self.fields[name]

    def esf_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in esf.FIELDS if name in self.fields}


def esf_initial(participant) -> dict[str, Any]:
    """A case's stored characteristics as the form's initial values."""
    initial: dict[str, Any] = {}
    for name in esf.FIELDS:
        value = getattr(participant, name)
        field = participant._meta.get_field(name)
        initial[name] = (
            as_choice(value)
            if field.null and field.get_internal_type() == "BooleanField"
            else value
        )
    return initial

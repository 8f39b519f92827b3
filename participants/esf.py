"""The EU Social Fund's characteristics of a participant at entry and on leaving (Regulation
(EU) No 1304/2013, Annex I): the choices, which fields are sensitive, and gender from the CPR
number. The fields are on Participant (the enrolment: what was true when this case began); the
report that counts them is reporting/esf.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")


class LabourMarketStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed")
    INACTIVE = "inactive", _("Inactive (in education or training)")
    INACTIVE_NOT_IN_EDUCATION = (
        "inactive_not_in_education",
        _("Inactive, not in education or training"),
    )
    EMPLOYED = "employed", _("Employed (incl. self-employed)")


INACTIVE = (LabourMarketStatus.INACTIVE, LabourMarketStatus.INACTIVE_NOT_IN_EDUCATION)


class EducationLevel(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("Primary or lower secondary (ISCED 0–2, grundskole)")
    ISCED_3_4 = (
        "isced_3_4",
        _("Upper secondary or vocational (ISCED 3–4, gymnasial/erhvervsfaglig)"),
    )
    ISCED_5_8 = "isced_5_8", _("Tertiary (ISCED 5–8, videregående)")


# The disadvantaged groups: health, ethnic origin and housing are sensitive, shown and edited
# only by roles that read barriers (participants.view_sensitive). Yes, no or not stated (null).
DISADVANTAGED = {
    "disadvantaged_migrant": _("Migrant, foreign background or minority"),
    "disadvantaged_disability": _("With a disability"),
    "disadvantaged_other": _("Other disadvantaged"),
    "disadvantaged_homeless": _("Homeless or affected by housing exclusion"),
    "disadvantaged_rural": _("From a rural area"),
}
SENSITIVE_FIELDS = tuple(DISADVANTAGED)
ENTRY_FIELDS = (
    "gender",
    "labour_market_status",
    "unemployed_since",
    "education_level",
    *SENSITIVE_FIELDS,
)
EXIT_FIELDS = ("job_searching_at_exit", "qualification_at_exit")
FIELDS = (*ENTRY_FIELDS, *EXIT_FIELDS)


def gender_from_cpr(digits: str) -> str:
    """A CPR number's last digit is odd for men and even for women ('' for one without it)."""
    if len(digits) != 10 or not digits[-1].isdigit():
        return ""
    return Gender.MAN if int(digits[-1]) % 2 else Gender.WOMAN

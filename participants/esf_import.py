"""The participants file's optional EU Social Fund columns (participants/esf.py): their names,
the words they accept (English or Danish) and how a row's values are read."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jobsporet.core.imports.base import Row
from jobsporet.core.imports.values import parse_choice, parse_date

from . import esf

GENDERS = {
    "woman": "woman",
    "kvinde": "woman",
    "k": "woman",
    "man": "man",
    "mand": "man",
    "m": "man",
}
STATUSES = {
    **{code: code for code in esf.LabourMarketStatus.values},
    "ledig": "unemployed",
    "inaktiv": "inactive",
    "inaktiv i uddannelse": "inactive",
    "inaktiv ikke i uddannelse": "inactive_not_in_education",
    "inactive not in education": "inactive_not_in_education",
    "beskæftiget": "employed",
    "i beskæftigelse": "employed",
}
EDUCATION = {
    **{code: code for code in esf.EducationLevel.values},
    "isced 0-2": "isced_0_2",
    "grundskole": "isced_0_2",
    "isced 3-4": "isced_3_4",
    "gymnasial": "isced_3_4",
    "erhvervsfaglig": "isced_3_4",
    "gymnasial/erhvervsfaglig": "isced_3_4",
    "isced 5-8": "isced_5_8",
    "videregående": "isced_5_8",
}
YES_NO = {"yes": "yes", "ja": "yes", "no": "no", "nej": "no"}

# column -> (field, parser)
COLUMNS: dict[str, tuple[str, Any]] = {
    "gender": ("gender", lambda v: parse_choice(v, GENDERS)),
    "labour_market_status": ("labour_market_status", lambda v: parse_choice(v, STATUSES)),
    "unemployed_since": ("unemployed_since", parse_date),
    "education": ("education_level", lambda v: parse_choice(v, EDUCATION)),
    **{
        field.removeprefix("disadvantaged_"): (field, lambda v: parse_choice(v, YES_NO) == "yes")
        for field in esf.SENSITIVE_FIELDS
    },
    "job_searching_at_exit": ("job_searching_at_exit", lambda v: parse_choice(v, YES_NO) == "yes"),
    "qualification_at_exit": ("qualification_at_exit", lambda v: parse_choice(v, YES_NO) == "yes"),
}
FIELDS_TO_COLUMNS = {field: column for column, (field, _parse) in COLUMNS.items()}
NOT_STATED = {"gender": "", "labour_market_status": "", "education_level": ""}


def read_characteristics(row: Row, *, exit_given: bool) -> dict[str, Any]:
    """The columns the file has, as field values (an empty cell: not stated)."""
    values: dict[str, Any] = {}
    for column, (field, parse) in COLUMNS.items():
        if column not in row.values:
            continue
        value = row.get(column, parse)
        if field == "gender" and value is None:
            continue  # taken from the CPR number
        values[field] = NOT_STATED.get(field) if value is None and field in NOT_STATED else value
        if field in esf.EXIT_FIELDS and value is not None and not exit_given:
            row.problem(column, _("only with an exit date"))
    return values

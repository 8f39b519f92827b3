"""The demo's EU Social Fund characteristics: realistic for citizens from the edge of the labour
market (mostly long-term unemployed on cash benefit, some on sickness benefit or in resource
courses, mostly with little education), drawn from a generator of their own so the rest of the
demo and its published figures stay as they were. About one in ten cases has them incomplete,
as real case files do, so the report has missing data to show."""

from __future__ import annotations

import datetime
import random
from typing import Any

from dateutil.relativedelta import relativedelta

from participants import cpr, esf

INACTIVE_BENEFITS = {"sickness_benefit", "resource_course", "job_clarification", "flex_job_benefit"}


def characteristics(
    rng: random.Random, *, cpr_number: str, on: datetime.date, benefit: str, barriers: list[str]
) -> tuple[tuple[str, Any], ...]:
    """(field, value) pairs for participants_enrol_many's Enrolment.characteristics."""
    values: dict[str, Any] = {}
    if rng.random() < 0.92:
        if benefit in INACTIVE_BENEFITS:
            status = rng.choices(
                ["inactive_not_in_education", "unemployed", "inactive"], weights=[75, 20, 5]
            )[0]
        else:
            status = rng.choices(
                ["unemployed", "inactive_not_in_education", "employed"], weights=[85, 10, 5]
            )[0]
        values["labour_market_status"] = status
        if status == "unemployed" and rng.random() < 0.95:
            young = on - relativedelta(years=25) < cpr.birth_date(cpr.normalise(cpr_number))
            months = rng.randrange(2, 24) if young else rng.randrange(3, 72)
            values["unemployed_since"] = on - relativedelta(months=months)
    if rng.random() < 0.95:
        values["education_level"] = rng.choices(
            list(esf.EducationLevel.values), weights=[55, 38, 7]
        )[0]
    if rng.random() < 0.9:
        values.update(
            disadvantaged_migrant="language" in barriers or rng.random() < 0.05,
            disadvantaged_disability="physical" in barriers and rng.random() < 0.4,
            disadvantaged_other="social" in barriers and rng.random() < 0.5,
            disadvantaged_homeless=rng.random() < 0.03,
            disadvantaged_rural=rng.random() < 0.35,
        )
    return tuple(values.items())


def on_leaving(rng: random.Random, outcome: str) -> dict[str, Any]:
    """The results on leaving a bulk Exit carries (job searching, a qualification)."""
    if rng.random() < 0.15:
        return {}
    return {
        "job_searching": outcome == "dropout" and rng.random() < 0.6,
        "qualification": rng.random() < (0.5 if outcome == "education" else 0.15),
    }

"""The EU Social Fund's common indicators for a programme and period (Regulation (EU) No
1304/2013, Annex I), by gender, from the characteristics kept on each enrolment
(participants/esf.py) and the six-month follow-ups (placements/followups).

Each indicator is a condition on one annotated queryset of the programme's participants, so the
figures (three aggregate queries, one per section, whatever the size) and the list of the
participants a figure counts (`participants_counted`) are the same condition. Ages are whole
years at entry from the CPR birth date, the same rule as Person.age_on; the unemployment's
length is whole calendar months at entry. Definitions: README, "EU Social Fund indicators".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from jobsporet.programmes.models import Programme
from participants.esf import DISADVANTAGED, INACTIVE, Gender, LabourMarketStatus
from participants.models import Participant
from placements.models import FollowUp

OUTPUT, IMMEDIATE, LONGER = "output", "immediate", "longer"
GENDERS = {"women": Q(gender=Gender.WOMAN), "men": Q(gender=Gender.MAN), "total": Q()}


def _parts(prefix: str, field: str) -> dict:
    return {
        f"{prefix}_y": ExtractYear(field),
        f"{prefix}_m": ExtractMonth(field),
        f"{prefix}_d": ExtractDay(field),
    }


def _before_in_year(later: str, earlier: str) -> Case:
    """1 when the later date's day of the year comes before the earlier's (no anniversary
    yet), else 0."""
    return Case(
        When(
            Q(**{f"{later}_m__lt": F(f"{earlier}_m")})
            | Q(**{f"{later}_m": F(f"{earlier}_m"), f"{later}_d__lt": F(f"{earlier}_d")}),
            then=Value(1),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def annotated(programme: Programme) -> QuerySet[Participant]:
    """The programme's participants with entry_age, months_unemployed (at entry; null
    without a start date), disadvantaged (any group stated yes) and their scheduled follow-up's
    due date and outcome."""
    follow_up = FollowUp.objects.scheduled().filter(participant=OuterRef("pk"))
    return (
        Participant.objects.filter(programme=programme)
        .annotate(**_parts("e", "enrolled_on"), **_parts("b", "person__birth_date"))
        .annotate(**_parts("u", "unemployed_since"))
        .annotate(
            entry_age=F("e_y") - F("b_y") - _before_in_year("e", "b"),
            months_unemployed=(F("e_y") - F("u_y")) * 12
            + F("e_m")
            - F("u_m")
            - Case(
                When(e_d__lt=F("u_d"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            follow_up_due=Subquery(follow_up.values("due_on")[:1]),
            follow_up_outcome=Subquery(follow_up.values("outcome")[:1]),
        )
    )


DISADVANTAGED_Q = Q()
for _field in DISADVANTAGED:
    DISADVANTAGED_Q |= Q(**{_field: True})
UNEMPLOYED = Q(labour_market_status=LabourMarketStatus.UNEMPLOYED)
INACTIVE_Q = Q(labour_market_status__in=INACTIVE)
LONG_TERM = UNEMPLOYED & (
    Q(months_unemployed__gte=12) | Q(entry_age__lt=25, months_unemployed__gte=6)
)
NO_STATUS = Q(labour_market_status="")
NO_EDUCATION = Q(education_level="")
# Disadvantaged cannot be told when no group is stated yes and one is not stated at all.
NO_DISADVANTAGE = ~DISADVANTAGED_Q & Q(
    *[Q(**{f"{field}__isnull": True}) for field in DISADVANTAGED], _connector=Q.OR
)
EMPLOYED_6M = Q(follow_up_outcome__in=FollowUp.EMPLOYED)
NOT_FOLLOWED = Q(follow_up_outcome__isnull=True) | Q(follow_up_outcome__in=["", "not_reached"])
OLDER = Q(entry_age__gt=54)
LEFT_EMPLOYED = Q(exit_outcome=Participant.ExitOutcome.EMPLOYMENT)
LEFT_EDUCATION = Q(exit_outcome=Participant.ExitOutcome.EDUCATION)
QUALIFIED = Q(qualification_at_exit=True)
JOB_SEARCHING = Q(job_searching_at_exit=True)


@dataclass(frozen=True)
class Definition:
    key: str
    section: str
    label: str
    counts: Q
    missing: Q | None = None
    sensitive: bool = False


def _disadvantaged_rows() -> list[Definition]:
    return [
        Definition(
            field.removeprefix("disadvantaged_"),
            OUTPUT,
            label,
            Q(**{field: True}),
            Q(**{f"{field}__isnull": True}),
            sensitive=True,
        )
        for field, label in DISADVANTAGED.items()
    ]


DEFINITIONS: list[Definition] = [
    # Output indicators: the participants who entered in the period.
    Definition(
        "unemployed", OUTPUT, _("Unemployed, incl. long-term unemployed"), UNEMPLOYED, NO_STATUS
    ),
    Definition(
        "long_term_unemployed",
        OUTPUT,
        _("Long-term unemployed"),
        LONG_TERM,
        NO_STATUS | (UNEMPLOYED & Q(unemployed_since__isnull=True)),
    ),
    Definition("inactive", OUTPUT, _("Inactive"), INACTIVE_Q, NO_STATUS),
    Definition(
        "inactive_not_in_education",
        OUTPUT,
        _("Inactive, not in education or training"),
        Q(labour_market_status=LabourMarketStatus.INACTIVE_NOT_IN_EDUCATION),
        NO_STATUS,
    ),
    Definition(
        "employed",
        OUTPUT,
        _("Employed, incl. self-employed"),
        Q(labour_market_status=LabourMarketStatus.EMPLOYED),
        NO_STATUS,
    ),
    Definition("below_25", OUTPUT, _("Below 25 years of age"), Q(entry_age__lt=25)),
    Definition("above_54", OUTPUT, _("Above 54 years of age"), OLDER),
    Definition(
        "above_54_without_work",
        OUTPUT,
        _("Above 54, unemployed (incl. long-term) or inactive"),
        OLDER & (UNEMPLOYED | INACTIVE_Q),
        OLDER & NO_STATUS,
    ),
    Definition(
        "isced_1_2",
        OUTPUT,
        _("ISCED 1–2 (grundskole)"),
        Q(education_level="isced_0_2"),
        NO_EDUCATION,
    ),
    Definition(
        "isced_3_4",
        OUTPUT,
        _("ISCED 3–4 (gymnasial or erhvervsfaglig)"),
        Q(education_level="isced_3_4"),
        NO_EDUCATION,
    ),
    Definition(
        "isced_5_8",
        OUTPUT,
        _("ISCED 5–8 (videregående)"),
        Q(education_level="isced_5_8"),
        NO_EDUCATION,
    ),
    *_disadvantaged_rows(),
    # Immediate results: the participants who left in the period.
    Definition(
        "inactive_job_searching",
        IMMEDIATE,
        _("Inactive participants engaged in job searching upon leaving"),
        INACTIVE_Q & JOB_SEARCHING,
        NO_STATUS | (INACTIVE_Q & Q(job_searching_at_exit__isnull=True)),
    ),
    Definition(
        "education_on_leaving",
        IMMEDIATE,
        _("In education or training upon leaving"),
        LEFT_EDUCATION,
    ),
    Definition(
        "qualification_on_leaving",
        IMMEDIATE,
        _("Gaining a qualification upon leaving"),
        QUALIFIED,
        Q(qualification_at_exit__isnull=True),
    ),
    Definition(
        "employed_on_leaving",
        IMMEDIATE,
        _("In employment, incl. self-employed, upon leaving"),
        LEFT_EMPLOYED,
    ),
    Definition(
        "disadvantaged_result",
        IMMEDIATE,
        _(
            "Disadvantaged participants engaged in job searching, education or training, "
            "gaining a qualification or in employment upon leaving"
        ),
        DISADVANTAGED_Q & (JOB_SEARCHING | LEFT_EDUCATION | QUALIFIED | LEFT_EMPLOYED),
        NO_DISADVANTAGE,
        sensitive=True,
    ),
    # Longer-term results: the participants who left in the period, six months on.
    Definition(
        "employed_6_months",
        LONGER,
        _("In employment, incl. self-employed, six months after leaving"),
        EMPLOYED_6M,
        NOT_FOLLOWED,
    ),
    Definition(
        "improved_6_months",
        LONGER,
        _("With an improved labour market situation six months after leaving"),
        Q(labour_market_status=LabourMarketStatus.EMPLOYED)
        & Q(follow_up_outcome=FollowUp.Outcome.ORDINARY_JOB),
        NO_STATUS | NOT_FOLLOWED,
    ),
    Definition(
        "above_54_employed_6_months",
        LONGER,
        _("Above 54 years of age in employment six months after leaving"),
        OLDER & EMPLOYED_6M,
        OLDER & NOT_FOLLOWED,
    ),
    Definition(
        "disadvantaged_employed_6_months",
        LONGER,
        _("Disadvantaged participants in employment six months after leaving"),
        DISADVANTAGED_Q & EMPLOYED_6M,
        NO_DISADVANTAGE | (DISADVANTAGED_Q & NOT_FOLLOWED),
        sensitive=True,
    ),
]
BY_KEY = {definition.key: definition for definition in DEFINITIONS}


def follow_up_states(today: datetime.date) -> list[Definition]:
    """How far the six-month follow-ups of the period's leavers have come, on `today`."""
    return [
        Definition(
            "follow_up_not_due", LONGER, _("Follow-up not yet due"), Q(follow_up_due__gt=today)
        ),
        Definition(
            "follow_up_not_recorded",
            LONGER,
            _("Follow-up due but not recorded"),
            Q(follow_up_due__lte=today, follow_up_outcome=""),
        ),
        Definition(
            "follow_up_not_reached",
            LONGER,
            _("Not reached at the follow-up"),
            Q(follow_up_outcome=FollowUp.Outcome.NOT_REACHED),
        ),
    ]


def base(programme: Programme, section: str, start: datetime.date, end: datetime.date) -> QuerySet:
    """Who a section counts: those who entered in the period (output), or who left in it."""
    rows = annotated(programme)
    if section == OUTPUT:
        return rows.filter(enrolled_on__range=(start, end))
    return rows.filter(exit_on__range=(start, end))


@dataclass(frozen=True)
class Figure:
    definition: Definition
    women: int
    men: int
    total: int
    missing: int | None


@dataclass(frozen=True)
class EsfReport:
    programme: Programme
    start: datetime.date
    end: datetime.date
    today: datetime.date
    entered: Figure
    left: Figure
    output: list[Figure]
    immediate: list[Figure]
    longer: list[Figure]
    follow_ups: list[Figure]


def _section(rows: QuerySet, definitions: list[Definition], everyone: Definition) -> list[Figure]:
    """Every definition by gender, and its missing data, in one aggregate query."""
    wanted = {}
    for definition in [everyone, *definitions]:
        for gender, condition in GENDERS.items():
            wanted[f"{definition.key}__{gender}"] = Count(
                "pk", filter=definition.counts & condition
            )
        if definition.missing is not None:
            wanted[f"{definition.key}__missing"] = Count("pk", filter=definition.missing)
    figures = rows.aggregate(**wanted)
    return [
        Figure(
            definition=definition,
            women=figures[f"{definition.key}__women"],
            men=figures[f"{definition.key}__men"],
            total=figures[f"{definition.key}__total"],
            missing=figures.get(f"{definition.key}__missing"),
        )
        for definition in [everyone, *definitions]
    ]


ENTERED = Definition("entered", OUTPUT, _("Participants who entered"), Q(), Q(gender=""))
LEFT = Definition("left", IMMEDIATE, _("Participants who left"), Q(), Q(gender=""))


def esf_report(
    programme: Programme, *, start: datetime.date, end: datetime.date, today: datetime.date
) -> EsfReport:
    """Every indicator of the programme for the period [start, end] (see the module
    docstring); the follow-ups' progress on `today`. Three queries."""
    by_section = {
        section: [d for d in DEFINITIONS if d.section == section]
        for section in (OUTPUT, IMMEDIATE, LONGER)
    }
    output = _section(base(programme, OUTPUT, start, end), by_section[OUTPUT], ENTERED)
    immediate = _section(base(programme, IMMEDIATE, start, end), by_section[IMMEDIATE], LEFT)
    longer = _section(
        base(programme, LONGER, start, end),
        [*by_section[LONGER], *follow_up_states(today)],
        LEFT,
    )
    states = len(follow_up_states(today))
    return EsfReport(
        programme=programme,
        start=start,
        end=end,
        today=today,
        entered=output[0],
        left=immediate[0],
        output=output[1:],
        immediate=immediate[1:],
        longer=longer[1:-states],
        follow_ups=longer[-states:],
    )


def definition_for(key: str, today: datetime.date) -> Definition | None:
    return BY_KEY.get(key) or {d.key: d for d in (ENTERED, LEFT, *follow_up_states(today))}.get(key)


def participants_counted(
    programme: Programme,
    definition: Definition,
    *,
    start: datetime.date,
    end: datetime.date,
    gender: str = "total",
    missing: bool = False,
) -> QuerySet[Participant]:
    """The participants a figure counts (or those whose data it misses): the same condition."""
    condition = definition.missing if missing else definition.counts & GENDERS[gender]
    return base(programme, definition.section, start, end).filter(condition or Q(pk__in=[]))

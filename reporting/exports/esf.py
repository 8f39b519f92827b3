"""The EU Social Fund participant list: one row per participant of a programme.

Reference, CPR (in full only for a user allowed to see full CPR numbers who gave a purpose;
masked for everyone else), name, sex and age band at enrolment, enrolment and exit with the
outcome, the training and employment placements (company CVR, dates, weekly hours) and the
six-month follow-up's status. Read in a fixed number of queries per chunk of participants.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from jobsporet.core import formatting
from jobsporet.core.exports.tables import Column, Kind, Table
from jobsporet.programmes.models import Programme
from participants.models import Participant, Person
from placements.models import FollowUp, Placement


def sex_from_cpr(person: Person) -> str:
    """Man or woman as the CPR number says (last digit odd: man, even: woman); empty when the
    number is gone (an anonymised person)."""
    digits = person.cpr.replace("-", "")
    if not digits:
        return ""
    return str(_("Man")) if int(digits[-1]) % 2 else str(_("Woman"))


def age_band(person: Person, day: Any) -> str:
    """The Fund's age groups at enrolment: below 25, 25-54, above 54."""
    age = person.age_on(day)
    if age < 25:
        return str(_("Below 25"))
    if age <= 54:
        return "25-54"
    return str(_("Above 54"))


def esf_rows(programme: Programme, user: Any) -> QuerySet[Participant]:
    """The programme's participants the user may read, by case number, with their person,
    placements (companies joined) and scheduled six-month follow-up prefetched."""
    placements = Placement.objects.select_related("company").order_by("starts_on", "pk")
    follow_ups = FollowUp.objects.scheduled().order_by("-due_on", "-pk")
    return (
        Participant.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("person")
        .prefetch_related(
            Prefetch("placements", queryset=placements),
            Prefetch("follow_ups", queryset=follow_ups),
        )
        .order_by("reference", "pk")
    )


def follow_up_status(participant: Participant, today: datetime.date) -> str:
    """The six-month follow-up's status: what was recorded (and when the citizen was
    contacted), when it falls due, or that it is due and not recorded; empty before an exit."""
    follow_ups = list(participant.follow_ups.all())
    if not follow_ups:
        return ""
    follow_up = follow_ups[0]
    if follow_up.is_recorded:
        return _("%(status)s (contacted %(day)s)") % {
            "status": follow_up.get_outcome_display(),
            "day": formatting.short_date(follow_up.contacted_on),
        }
    due = formatting.short_date(follow_up.due_on)
    if follow_up.due_on > today:
        return _("Not due until %(day)s") % {"day": due}
    return _("Due %(day)s, not recorded") % {"day": due}


def _placements(participant: Participant, kind: str) -> str:
    """Each placement of the kind as "CVR 01.02.2021-31.03.2021, 20 t./uge", one a line."""
    lines = []
    for placement in participant.placements.all():
        if placement.kind != kind:
            continue
        until = formatting.short_date(placement.ended_on) if placement.ended_on else ""
        line = f"{placement.company.cvr} {formatting.short_date(placement.starts_on)}-{until}"
        if placement.weekly_hours is not None:
            line += ", " + _("%(hours)s hours a week") % {
                "hours": formatting.hours(placement.weekly_hours)
            }
        lines.append(line)
    return "\n".join(lines)


def esf_table(
    participants: Iterable[Participant],
    *,
    programme: Programme,
    full_cpr: bool,
    follow_ups_on: datetime.date | None = None,
) -> Table:
    """The list as a table. With `follow_ups_on` (today), the six-month follow-up's status on
    that day is the last column (left out for a reader who may not see follow-ups)."""
    columns = [
        Column(_("Case")),
        Column(_("CPR")),
        Column(_("Name")),
        Column(_("Sex")),
        Column(_("Age at enrolment")),
        Column(_("Enrolled"), Kind.DATE),
        Column(_("Left"), Kind.DATE),
        Column(_("Outcome")),
        Column(_("Training placements")),
        Column(_("Employments")),
    ]
    if follow_ups_on is not None:
        columns.append(Column(_("Six-month follow-up")))

    def rows() -> Iterator[list[object]]:
        for participant in participants:
            person = participant.person
            row: list[object] = [
                participant.reference,
                person.cpr if full_cpr else person.masked_cpr,
                person.full_name,
                sex_from_cpr(person),
                age_band(person, participant.enrolled_on),
                participant.enrolled_on,
                participant.exit_on,
                participant.get_exit_outcome_display(),
                _placements(participant, Placement.Kind.TRAINING),
                _placements(participant, Placement.Kind.EMPLOYMENT),
            ]
            if follow_ups_on is not None:
                row.append(follow_up_status(participant, follow_ups_on))
            yield row

    cpr_note = _("Full CPR numbers") if full_cpr else _("CPR numbers masked")
    return Table(
        title=_("EU Social Fund"),
        notes=[f"{programme.name}: {_('participant list for the EU Social Fund')} ({cpr_note})"],
        columns=columns,
        rows=rows(),
    )

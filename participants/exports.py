"""The participant list as a file: the rows of the list page with the filters the user
applied, every participant that matches (not one page), CPR numbers masked."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jobsporet.core.exports.lists import as_query, stand_in_request
from jobsporet.core.exports.tables import Column, Kind, Table
from jobsporet.programmes.models import Programme

from . import queries
from .filters import ParticipantFilter
from .models import Participant


def participant_list_rows(
    *, user: Any, programme: Programme, filters: dict[str, list[str]], person: int | None = None
) -> QuerySet[Participant]:
    """The list page's rows for these filters, in its order (`person`: a CPR search's result,
    0 when it found no one)."""
    base = Participant.objects.visible_to(user).filter(programme=programme)
    matched = ParticipantFilter(
        as_query(filters), queryset=base, request=stand_in_request(user), programme=programme
    ).qs
    if person is not None:
        matched = matched.filter(person_id=person)
    ordered = matched.order_by(
        *(matched.query.order_by or ["person__last_name", "person__first_name"]), "pk"
    )
    return queries.list_rows(ordered, sensitive=False)


def participant_list_table(rows: Any, *, programme: Programme) -> Table:
    return Table(
        title=_("Participants"),
        notes=[programme.name],
        columns=[
            Column(_("Case")),
            Column(_("CPR")),
            Column(_("Name")),
            Column(_("Status")),
            Column(_("Now at")),
            Column(_("Job broker")),
            Column(_("Enrolled"), Kind.DATE),
            Column(_("Left"), Kind.DATE),
            Column(_("Outcome")),
        ],
        rows=(
            [
                row.reference,
                row.person.masked_cpr,
                row.person.full_name,
                row.get_status_display(),
                row.current_company or "",
                str(row.job_broker) if row.job_broker else "",
                row.enrolled_on,
                row.exit_on,
                row.get_exit_outcome_display(),
            ]
            for row in rows
        ),
    )

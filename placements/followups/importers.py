"""The `followups` kind of import_csv: six-month follow-ups recorded elsewhere (register data,
a spreadsheet kept by the brokers). Each row records the scheduled follow-up of a case that has
left, through followup_record, so the file obeys the form's rules."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.imports.base import CREATED, UNCHANGED, UPDATED, Importer, Row
from jobsporet.core.imports.errors import RowError
from jobsporet.core.imports.values import checked_by, parse_choice, parse_date, parse_decimal

from ..importers import _References
from . import services
from .models import FollowUp

OUTCOMES = {
    **{code: code for code in FollowUp.Outcome.values},
    "ordinary job": "ordinary_job",
    "ordinært job": "ordinary_job",
    "ordinær": "ordinary_job",
    "part-time": "part_time",
    "deltid": "part_time",
    "deltidsjob": "part_time",
    "flex job": "flex_job",
    "fleksjob": "flex_job",
    "småjob": "small_job",
    "timejob": "small_job",
    "selvstændig": "self_employed",
    "self-employed": "self_employed",
    "uddannelse": "education",
    "ledig": "unemployed",
    "not reached": "not_reached",
    "ikke truffet": "not_reached",
}
METHODS = {
    **{code: code for code in FollowUp.Method.values},
    "telefon": "phone",
    "brev": "letter",
    "register data": "register",
    "registerdata": "register",
    "registeroplysninger": "register",
}
# An employer given as 8 digits (spaces, dashes or a DK prefix allowed) is a CVR number.
CVR_LIKE = re.compile(r"^(DK)?[\d\s-]{8,12}$", re.IGNORECASE)


class FollowUpImporter(Importer):
    """program, participant (the case's ref), contacted_on, status; optionally method (default
    register data), employer (a CVR number from the registry, or a name) and weekly_hours."""

    kind = "followups"
    label = gettext_lazy("Six-month follow-ups")
    required = ("program", "participant", "contacted_on", "status")
    optional = ("method", "employer", "weekly_hours")
    key = ("program", "participant")
    fields_to_columns = {
        "contacted_on": "contacted_on",
        "outcome": "status",
        "method": "method",
        "employer": "employer",
        "employer_name": "employer",
        "weekly_hours": "weekly_hours",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.refs = _References()

    def load(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        """The chunk's cases, and the companies its employer column names by CVR."""
        self.refs.load(
            [(line, {**values, "company": values.get("employer", "")}) for line, values in rows]
        )

    def _employer(self, value: str) -> dict:
        if CVR_LIKE.match(value.strip()) and sum(ch.isdigit() for ch in value) == 8:
            return {"employer": self.refs.company(value), "employer_name": ""}
        return {"employer": None, "employer_name": checked_by(FollowUp, "employer_name")(value)}

    def parse_row(self, row: Row) -> dict:
        programme = row.get("program", self.refs.programmes.get, required=True)
        participant = None
        if programme is not None:
            participant = row.get(
                "participant", lambda v: self.refs.participant(programme, v), required=True
            )
        employer = row.get("employer", self._employer) or {"employer": None, "employer_name": ""}
        return {
            "line": row.line,
            "participant": participant,
            "contacted_on": row.get("contacted_on", parse_date, required=True),
            "outcome": row.get("status", lambda v: parse_choice(v, OUTCOMES), required=True),
            "method": row.get("method", lambda v: parse_choice(v, METHODS))
            or FollowUp.Method.REGISTER,
            "weekly_hours": row.get(
                "weekly_hours", checked_by(FollowUp, "weekly_hours", parse_decimal)
            ),
            **employer,
        }

    def natural_key(self, values: dict[str, str], record: dict) -> tuple:
        return (record["participant"].pk,)

    def write(self, record: dict) -> str:
        participant = record.pop("participant")
        line = record.pop("line")
        follow_up = FollowUp.objects.scheduled().filter(participant=participant).first()
        if follow_up is None:
            raise RowError(
                line,
                "participant",
                _("%(reference)s has not left the programme, so no follow-up is due")
                % {"reference": participant.reference},
            )
        stored = {name: getattr(follow_up, name) for name in record}
        if stored == record:
            return UNCHANGED
        services.followup_record(follow_up=follow_up, actor=self.actor, **record)
        return UPDATED if follow_up.is_recorded else CREATED

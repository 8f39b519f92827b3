"""Importers for placements (training and employment history) and changes of hours.

Writes go through placements.services: training_start (capacity not checked: it is a planning
figure and history may exceed it), employment_record (the participants file already carries the
exit, so this is not a hire), placement_end, training_update and hours_change_record.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.cvr import normalise as normalise_cvr
from companies.models import Company
from jobsporet.core.formatting import short_date
from jobsporet.core.imports.base import CREATED, UNCHANGED, UPDATED, Importer, Row
from jobsporet.core.imports.errors import RowError, ValueProblem
from jobsporet.core.imports.lookups import EMPLOYMENT_TYPES, PLACEMENT_KINDS, ProgrammeCache
from jobsporet.core.imports.values import (
    by_validator,
    checked_by,
    parse_choice,
    parse_date,
    parse_decimal,
)
from participants.models import Participant

from . import services
from .models import HoursChange, Placement

FULL_TIME = Decimal(37)


class _References:
    """Participants by (programme, ref) and companies by CVR, loaded in bulk on first use."""

    def __init__(self) -> None:
        self.programmes = ProgrammeCache()
        self._participants: dict[int, dict[str, Participant]] = {}
        self._companies: dict[str, Company] | None = None

    def participant(self, programme, reference: str) -> Participant:
        if programme.pk not in self._participants:
            self._participants[programme.pk] = {
                p.reference: p
                for p in Participant.objects.filter(programme=programme).select_related("person")
            }
        participant = self._participants[programme.pk].get(reference)
        if participant is None:
            raise ValueProblem(
                _("no participant %(reference)s in %(programme)s (import participants first)")
                % {"reference": reference, "programme": programme.slug}
            )
        return participant

    def company(self, value: str) -> Company:
        cvr = by_validator(normalise_cvr)(value)
        if self._companies is None:
            self._companies = {c.cvr: c for c in Company.objects.all()}
        company = self._companies.get(cvr)
        if company is None:
            raise ValueProblem(
                _("no company with CVR %(cvr)s (import companies first)") % {"cvr": cvr}
            )
        return company


def _participant_and_company(importer, row: Row, values: dict[str, str]):
    programme = row.get("program", importer.refs.programmes.get, required=True)
    participant = None
    if programme is not None:
        participant = row.get(
            "participant", lambda v: importer.refs.participant(programme, v), required=True
        )
    company = row.get("company", importer.refs.company, required=True)
    return participant, company


class PlacementImporter(Importer):
    """program, participant (the case's ref), company (CVR), kind (training or employment),
    start_on, end_on, weekly_hours; optionally employment_type (default: part-time under 37
    hours a week, else ordinary)."""

    kind = "placements"
    label = gettext_lazy("Placements (training and employment)")
    required = ("program", "participant", "company", "kind", "start_on")
    optional = ("end_on", "weekly_hours", "employment_type")
    key = ("program", "participant", "company", "kind", "start_on")
    fields_to_columns = {
        "starts_on": "start_on",
        "ended_on": "end_on",
        "planned_end_on": "end_on",
        "weekly_hours": "weekly_hours",
        "company": "company",
        "employment_type": "employment_type",
        "mentor": "company",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.refs = _References()

    def parse_row(self, row: Row) -> dict:
        line, values = row.line, row.values
        participant, company = _participant_and_company(self, row, values)
        record = {
            "line": line,
            "participant": participant,
            "company": company,
            "kind": row.get("kind", lambda v: parse_choice(v, PLACEMENT_KINDS), required=True),
            "starts_on": row.get("start_on", parse_date, required=True),
            "ended_on": row.get("end_on", parse_date),
            "weekly_hours": row.get(
                "weekly_hours", checked_by(Placement, "weekly_hours", parse_decimal)
            ),
            "employment_type": row.get(
                "employment_type", lambda v: parse_choice(v, EMPLOYMENT_TYPES)
            ),
        }
        starts_on, ended_on = record["starts_on"], record["ended_on"]
        if starts_on and ended_on and ended_on < starts_on:
            row.problem("end_on", _("the placement ends before it starts"))
        if participant and starts_on and starts_on < participant.enrolled_on:
            row.problem(
                "start_on",
                _("before the enrolment of %(reference)s (%(day)s)")
                % {
                    "reference": participant.reference,
                    "day": short_date(participant.enrolled_on),
                },
            )
        if record["kind"] == Placement.Kind.TRAINING and record["employment_type"]:
            row.problem("employment_type", _("only an employment has a type"))
        return record

    def natural_key(self, values: dict[str, str], record: dict) -> tuple:
        return (
            record["participant"].pk,
            record["company"].pk,
            record["kind"],
            record["starts_on"],
        )

    def write(self, record: dict) -> str:
        existing = Placement.objects.filter(
            participant=record["participant"],
            company=record["company"],
            kind=record["kind"],
            starts_on=record["starts_on"],
        ).first()
        if existing is None:
            return self._create(record)
        outcome = UNCHANGED
        if record["ended_on"] != existing.ended_on:
            if existing.ended_on is not None:
                raise RowError(
                    record["line"],
                    "end_on",
                    _("this placement already ended on %(day)s")
                    % {"day": short_date(existing.ended_on)},
                )
            services.placement_end(
                placement=existing, ended_on=record["ended_on"], actor=self.actor
            )
            outcome = UPDATED
        if record["weekly_hours"] is not None and record["weekly_hours"] != existing.weekly_hours:
            if existing.kind == Placement.Kind.EMPLOYMENT:
                raise RowError(
                    record["line"],
                    "weekly_hours",
                    _(
                        "the hours at the start of an employment stay as recorded; import later "
                        "changes as an hours file"
                    ),
                )
            services.training_update(
                placement=existing,
                planned_end_on=existing.planned_end_on,
                mentor=existing.mentor,
                weekly_hours=record["weekly_hours"],
                actor=self.actor,
            )
            outcome = UPDATED
        return outcome

    def _create(self, record: dict) -> str:
        if record["kind"] == Placement.Kind.TRAINING:
            services.training_start(
                participant=record["participant"],
                company=record["company"],
                starts_on=record["starts_on"],
                ended_on=record["ended_on"],
                weekly_hours=record["weekly_hours"],
                check_capacity=False,
                actor=self.actor,
            )
        else:
            hours = record["weekly_hours"]
            employment_type = record["employment_type"] or (
                Placement.EmploymentType.PART_TIME
                if hours is not None and hours < FULL_TIME
                else Placement.EmploymentType.ORDINARY
            )
            services.employment_record(
                participant=record["participant"],
                company=record["company"],
                starts_on=record["starts_on"],
                ended_on=record["ended_on"],
                employment_type=employment_type,
                weekly_hours=hours,
                actor=self.actor,
            )
        return CREATED


class HoursImporter(Importer):
    """program, participant, company, changed_on, weekly_hours: a change of hours on that
    participant's employment at that company."""

    kind = "hours"
    label = gettext_lazy("Changes of weekly hours")
    required = ("program", "participant", "company", "changed_on", "weekly_hours")
    key = ("program", "participant", "company", "changed_on")
    fields_to_columns = {"changed_on": "changed_on", "weekly_hours": "weekly_hours"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.refs = _References()

    def parse_row(self, row: Row) -> dict:
        line, values = row.line, row.values
        participant, company = _participant_and_company(self, row, values)
        record = {
            "line": line,
            "participant": participant,
            "company": company,
            "changed_on": row.get("changed_on", parse_date, required=True),
            "weekly_hours": row.get(
                "weekly_hours",
                checked_by(HoursChange, "weekly_hours", parse_decimal),
                required=True,
            ),
        }
        return record

    def natural_key(self, values: dict[str, str], record: dict) -> tuple:
        return (record["participant"].pk, record["company"].pk, record["changed_on"])

    def write(self, record: dict) -> str:
        employment = (
            Placement.objects.employment()
            .filter(
                participant=record["participant"],
                company=record["company"],
                starts_on__lte=record["changed_on"],
            )
            .order_by("-starts_on", "-pk")
            .first()
        )
        if employment is None:
            raise RowError(
                record["line"],
                "company",
                _("%(reference)s has no employment at %(company)s that started by %(day)s")
                % {
                    "reference": record["participant"].reference,
                    "company": record["company"],
                    "day": short_date(record["changed_on"]),
                },
            )
        current = HoursChange.objects.filter(
            placement=employment, changed_on=record["changed_on"]
        ).first()
        if current is not None and current.weekly_hours == record["weekly_hours"]:
            return UNCHANGED
        services.hours_change_record(
            placement=employment,
            changed_on=record["changed_on"],
            weekly_hours=record["weekly_hours"],
            actor=self.actor,
        )
        return UPDATED if current is not None else CREATED

"""Importers for placements (training and employment history) and changes of hours.

A chunk of rows at a time (core/imports/base.py): load() fetches only the cases and companies
the chunk names, prepare() the placements (or employments and hours) they already have, and the
new rows go in through the bulk services of placements.bulk, by the same rules as one at a
time: trainings_start_many (capacity not checked: it is a planning figure and history may
exceed it), employments_record_many (the participants file already carries the exit, so this is
not a hire) and hours_changes_record_many. The rare row that changes a stored placement or
corrects stored hours goes through the single services (placement_end, training_update,
hours_change_record).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.cvr import normalise as normalise_cvr
from companies.models import Company
from jobsporet.core.errors import BulkRefused
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

from . import bulk, services
from .models import HoursChange, Placement

FULL_TIME = Decimal(37)


class _References:
    """The cases (programme + ref) and companies (CVR) one chunk of rows names, loaded in two
    queries per chunk (load): never the whole programme."""

    def __init__(self) -> None:
        self.programmes = ProgrammeCache()
        self._participants: dict[tuple[int, str], Participant] = {}
        self._companies: dict[str, Company] = {}

    def load(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        references: dict[int, set[str]] = defaultdict(set)
        cvrs = set()
        for _line, values in rows:
            try:
                programme = self.programmes.get(values.get("program", ""))
            except ValueProblem:
                programme = None
            if programme is not None and values.get("participant"):
                references[programme.pk].add(values["participant"])
            with contextlib.suppress(ValidationError):
                cvrs.add(normalise_cvr(values.get("company", "")))
        self._participants = {}
        for programme_id, refs in references.items():
            programme = self.programmes.by_pk(programme_id)
            # Only what the rows are checked against: a case is small, the chunk is quick.
            for participant in Participant.objects.filter(
                programme_id=programme_id, reference__in=refs
            ).only("programme_id", "reference", "enrolled_on", "exit_on", "person_id"):
                participant.programme = programme
                self._participants[programme_id, participant.reference] = participant
        self._companies = {c.cvr: c for c in Company.objects.filter(cvr__in=cvrs)}

    def participant(self, programme, reference: str) -> Participant:
        participant = self._participants.get((programme.pk, reference))
        if participant is None:
            raise ValueProblem(
                _("no participant %(reference)s in %(programme)s (import participants first)")
                % {"reference": reference, "programme": programme.slug}
            )
        return participant

    def company(self, value: str) -> Company:
        cvr = by_validator(normalise_cvr)(value)
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
        self.stored: dict[tuple, Placement] = {}

    def load(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        self.refs.load(rows)

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

    def prepare(self, records: list[tuple[int, dict]]) -> None:
        """The chunk's cases' stored placements, by natural key, in one query."""
        self.stored = {
            (p.participant_id, p.company_id, p.kind, p.starts_on): p
            for p in Placement.objects.filter(
                participant_id__in={record["participant"].pk for _line, record in records}
            ).select_related("participant", "company", "mentor")
        }

    def write_all(self, records: list[tuple[int, dict]], errors: list[RowError]) -> list:
        """Changes to stored placements first, one by one (an end recorded before a new
        training that follows it); then the new trainings and employments in bulk."""
        outcomes = []
        trainings: list[tuple[int, Placement]] = []
        employments: list[tuple[int, Placement]] = []
        for line, record in records:
            key = (
                record["participant"].pk,
                record["company"].pk,
                record["kind"],
                record["starts_on"],
            )
            existing = self.stored.get(key)
            if existing is not None:
                outcome = self._update(existing, record, errors)
                if outcome is not None:
                    outcomes.append((line, outcome))
            elif record["kind"] == Placement.Kind.TRAINING:
                trainings.append((line, self._new(record)))
            else:
                employments.append((line, self._new(record)))
        for rows, write in (
            (trainings, self._start_trainings),
            (employments, self._record_employments),
        ):
            if not rows:
                continue
            try:
                write([placement for _line, placement in rows])
            except BulkRefused as refused:
                self.bulk_refusals(refused, [line for line, _placement in rows], errors)
                continue
            outcomes.extend((line, CREATED) for line, _placement in rows)
        return outcomes

    def _start_trainings(self, placements: list[Placement]) -> None:
        bulk.trainings_start_many(placements=placements, actor=self.actor, check_capacity=False)

    def _record_employments(self, placements: list[Placement]) -> None:
        bulk.employments_record_many(employments=placements, actor=self.actor)

    def _new(self, record: dict) -> Placement:
        placement = Placement(
            participant=record["participant"],
            company=record["company"],
            kind=record["kind"],
            starts_on=record["starts_on"],
            ended_on=record["ended_on"],
            weekly_hours=record["weekly_hours"],
        )
        if record["kind"] == Placement.Kind.EMPLOYMENT:
            hours = record["weekly_hours"]
            placement.employment_type = record["employment_type"] or (
                Placement.EmploymentType.PART_TIME
                if hours is not None and hours < FULL_TIME
                else Placement.EmploymentType.ORDINARY
            )
        return placement

    def _update(self, existing: Placement, record: dict, errors: list[RowError]) -> str | None:
        """What the file changes on a stored placement, through the single services; None
        when it is refused (the refusal is in errors)."""
        line = record["line"]
        ends = record["ended_on"] != existing.ended_on
        hours = (
            record["weekly_hours"] is not None and record["weekly_hours"] != existing.weekly_hours
        )
        if not ends and not hours:
            return UNCHANGED
        if ends and existing.ended_on is not None:
            errors.append(
                RowError(
                    line,
                    "end_on",
                    _("this placement already ended on %(day)s")
                    % {"day": short_date(existing.ended_on)},
                )
            )
            return None
        if hours and existing.kind == Placement.Kind.EMPLOYMENT:
            errors.append(
                RowError(
                    line,
                    "weekly_hours",
                    _(
                        "the hours at the start of an employment stay as recorded; import later "
                        "changes as an hours file"
                    ),
                )
            )
            return None

        def write() -> str:
            if ends:
                services.placement_end(
                    placement=existing, ended_on=record["ended_on"], actor=self.actor
                )
            if hours:
                services.training_update(
                    placement=existing,
                    planned_end_on=existing.planned_end_on,
                    mentor=existing.mentor,
                    weekly_hours=record["weekly_hours"],
                    actor=self.actor,
                )
            return UPDATED

        return self.write_one(line, write, errors)


class HoursImporter(Importer):
    """program, participant, company, changed_on, weekly_hours: a change of hours on that
    participant's employment at that company (the latest one that started by changed_on)."""

    kind = "hours"
    label = gettext_lazy("Changes of weekly hours")
    required = ("program", "participant", "company", "changed_on", "weekly_hours")
    key = ("program", "participant", "company", "changed_on")
    fields_to_columns = {"changed_on": "changed_on", "weekly_hours": "weekly_hours"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.refs = _References()
        self.employments: dict[tuple[int, int], list[Placement]] = {}
        self.recorded: dict[tuple[int, object], HoursChange] = {}

    def load(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        self.refs.load(rows)

    def parse_row(self, row: Row) -> dict:
        line, values = row.line, row.values
        participant, company = _participant_and_company(self, row, values)
        return {
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

    def natural_key(self, values: dict[str, str], record: dict) -> tuple:
        return (record["participant"].pk, record["company"].pk, record["changed_on"])

    def prepare(self, records: list[tuple[int, dict]]) -> None:
        """The chunk's cases' employments (latest first) and the hours stored on them: two
        queries."""
        self.employments = defaultdict(list)
        for employment in (
            Placement.objects.employment()
            .filter(participant_id__in={record["participant"].pk for _line, record in records})
            .order_by("-starts_on", "-pk")
        ):
            self.employments[employment.participant_id, employment.company_id].append(employment)
        self.recorded = {
            (change.placement_id, change.changed_on): change
            for change in HoursChange.objects.filter(
                placement__in=[e for found in self.employments.values() for e in found]
            )
        }

    def _employment(self, record: dict) -> Placement | None:
        """The latest employment at the company that started by the date, as the single path
        finds it."""
        candidates = self.employments.get((record["participant"].pk, record["company"].pk), [])
        return next((e for e in candidates if e.starts_on <= record["changed_on"]), None)

    def write_all(self, records: list[tuple[int, dict]], errors: list[RowError]) -> list:
        outcomes = []
        new: list[tuple[int, HoursChange]] = []
        for line, record in records:
            employment = self._employment(record)
            if employment is None:
                errors.append(
                    RowError(
                        line,
                        "company",
                        _("%(reference)s has no employment at %(company)s that started by %(day)s")
                        % {
                            "reference": record["participant"].reference,
                            "company": record["company"],
                            "day": short_date(record["changed_on"]),
                        },
                    )
                )
                continue
            current = self.recorded.get((employment.pk, record["changed_on"]))
            if current is None:
                change = HoursChange(
                    placement=employment,
                    changed_on=record["changed_on"],
                    weekly_hours=record["weekly_hours"],
                )
                new.append((line, change))
            elif current.weekly_hours == record["weekly_hours"]:
                outcomes.append((line, UNCHANGED))
            else:
                outcome = self.write_one(
                    line,
                    lambda employment=employment, record=record: self._correct(employment, record),
                    errors,
                )
                if outcome is not None:
                    outcomes.append((line, outcome))
        if new:
            try:
                bulk.hours_changes_record_many(
                    changes=[change for _line, change in new], actor=self.actor
                )
            except BulkRefused as refused:
                self.bulk_refusals(refused, [line for line, _change in new], errors)
            else:
                outcomes.extend((line, CREATED) for line, _change in new)
        return outcomes

    def _correct(self, employment: Placement, record: dict) -> str:
        services.hours_change_record(
            placement=employment,
            changed_on=record["changed_on"],
            weekly_hours=record["weekly_hours"],
            actor=self.actor,
        )
        return UPDATED

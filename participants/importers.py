"""Importer for participants: the citizen (by CPR, one person across programmes) and the
enrolment, with its exit when the file gives one. Writes go through participants.services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.formatting import short_date
from jobsporet.core.imports.base import CREATED, UNCHANGED, UPDATED, Importer, Row
from jobsporet.core.imports.errors import RowError
from jobsporet.core.imports.lookups import OUTCOMES, ProgrammeCache
from jobsporet.core.imports.saving import changed
from jobsporet.core.imports.values import by_validator, checked_by, parse_choice, parse_date

from . import cpr, services
from .bulk import Exit, participants_exit_many
from .esf_import import COLUMNS, FIELDS_TO_COLUMNS, read_characteristics
from .models import Participant, Person


class ParticipantImporter(Importer):
    """program, ref, cpr, first_name, last_name, enrolled_on, and optionally exit_on with
    exit_outcome (employment, education or dropout) and the EU Social Fund's characteristics
    (participants/esf_import.py)."""

    kind = "participants"
    label = gettext_lazy("Participants")
    required = ("program", "ref", "cpr", "first_name", "last_name", "enrolled_on")
    optional = ("exit_on", "exit_outcome", *COLUMNS)
    key = ("program", "ref")
    fields_to_columns = {
        "cpr": "cpr",
        "reference": "ref",
        "enrolled_on": "enrolled_on",
        "exit_on": "exit_on",
        "outcome": "exit_outcome",
        "first_name": "first_name",
        "last_name": "last_name",
        **FIELDS_TO_COLUMNS,
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.programmes = ProgrammeCache()
        # CPR digest -> (first name, last name, line): one citizen has one name in a file.
        self.names: dict[str, tuple[str, str, int]] = {}

    def parse_row(self, row: Row) -> dict:
        line, values = row.line, row.values
        record = {
            "line": line,
            "programme": row.get("program", self.programmes.get, required=True),
            "reference": row.get("ref", checked_by(Participant, "reference"), required=True),
            "cpr": row.get("cpr", by_validator(cpr.normalise), required=True),
            "first_name": row.get("first_name", checked_by(Person, "first_name"), required=True),
            "last_name": row.get("last_name", checked_by(Person, "last_name"), required=True),
            "enrolled_on": row.get("enrolled_on", parse_date, required=True),
            "exit_on": row.get("exit_on", parse_date),
            "exit_outcome": row.get("exit_outcome", lambda v: parse_choice(v, OUTCOMES)),
        }
        if values.get("exit_on") and not values.get("exit_outcome"):
            row.problem(
                "exit_outcome", _("required with an exit date: employment, education or dropout")
            )
        if values.get("exit_outcome") and not values.get("exit_on"):
            row.problem("exit_on", _("an outcome needs the exit date"))
        if (
            record["exit_on"]
            and record["enrolled_on"]
            and record["exit_on"] < record["enrolled_on"]
        ):
            row.problem("exit_on", _("the exit is before the enrolment"))
        record["characteristics"] = read_characteristics(
            row, exit_given=bool(values.get("exit_on"))
        )
        if record["cpr"]:
            record["digest"] = cpr.digest(record["cpr"])
            self._check_names(row, line, record)
        return record

    def _check_names(self, row: Row, line: int, record: dict) -> None:
        """The same CPR number with other names on another line would be imported one way and
        flip the other way on the next import: refused, naming the line."""
        names = (record["first_name"], record["last_name"])
        if None in names:
            return
        first_name, last_name, earlier = self.names.setdefault(record["digest"], (*names, line))
        if (first_name, last_name) != names:
            row.problem(
                "first_name" if first_name != names[0] else "last_name",
                _("line %(line)s has other names for the same CPR number (%(name)s)")
                % {"line": earlier, "name": f"{first_name} {last_name}"},
            )

    def prepare(self, records: list[tuple[int, dict]]) -> None:
        """The existing cases the file refers to, in one query; a person's cases share one
        Person, so a name changed on one of them is seen on the others."""
        programme_ids = {record["programme"].pk for _line, record in records}
        references = {record["reference"] for _line, record in records}
        persons: dict[int, Person] = {}
        self.existing = {}
        for participant in Participant.objects.filter(
            programme_id__in=programme_ids, reference__in=references
        ).select_related("person", "programme"):
            participant.person = persons.setdefault(participant.person_id, participant.person)
            self.existing[participant.programme_id, participant.reference] = participant

    def write_all(self, records: list[tuple[int, dict]], errors: list[RowError]) -> list:
        """New cases are enrolled in bulk (participants_enrol_many applies the same rules as
        the one-by-one services) and so are exits added to stored cases
        (participants_exit_many); a stored case's new names go through person_update."""
        new = [(line, r) for line, r in records if self._existing(r) is None]
        outcomes: list[tuple[int, str]] = []
        exits: list[tuple[int, Exit]] = []
        for line, record in records:
            participant = self._existing(record)
            if participant is None:
                continue
            try:
                outcome, exit_row = self._compare(participant, record)
            except RowError as error:
                errors.append(error)
                continue
            if self._names_differ(participant.person, record):
                if self.write_one(line, lambda r=record: self._rename(r), errors) is None:
                    continue
                outcome = UPDATED
            if exit_row is not None:
                exits.append((line, exit_row))
            else:
                outcomes.append((line, outcome))
        if exits:
            try:
                participants_exit_many(
                    exits=[row for _line, row in exits], actor=self.actor, hired=True
                )
            except services.BulkRefused as refused:
                self.bulk_refusals(refused, [line for line, _row in exits], errors)
            else:
                outcomes.extend((line, UPDATED) for line, _row in exits)
        outcomes = self._apply_all_characteristics(records, outcomes, errors)
        self._rename_enrolled_persons(new)
        try:
            services.participants_enrol_many(
                enrolments=[
                    services.Enrolment(
                        cpr=record["cpr"],
                        first_name=record["first_name"],
                        last_name=record["last_name"],
                        programme=record["programme"],
                        reference=record["reference"],
                        enrolled_on=record["enrolled_on"],
                        exit_on=record["exit_on"],
                        exit_outcome=record["exit_outcome"] or "",
                        characteristics=tuple(record["characteristics"].items()),
                    )
                    for _line, record in new
                ],
                actor=self.actor,
            )
        except services.BulkRefused as refused:
            self.bulk_refusals(refused, [line for line, _record in new], errors)
            return outcomes
        return outcomes + [(line, CREATED) for line, _record in new]

    def _apply_all_characteristics(
        self, records: list[tuple[int, dict]], outcomes: list[tuple[int, str]], errors: list
    ) -> list[tuple[int, str]]:
        """The file's ESF columns on the stored cases written so far (after their exits, which
        the results on leaving need), through participant_update; a changed row is updated."""
        written = dict(outcomes)
        changed_lines = set()
        for line, record in records:
            participant = self._existing(record)
            if participant is None or line not in written or not record["characteristics"]:
                continue
            apply = lambda p=participant, r=record: self._apply_characteristics(p, r)  # noqa: E731
            if self.write_one(line, apply, errors) == UPDATED:
                changed_lines.add(line)
        return [(line, UPDATED if line in changed_lines else o) for line, o in outcomes]

    def _apply_characteristics(self, participant: Participant, record: dict) -> str:
        stored = Participant.objects.get(pk=participant.pk)
        changes = {
            field: value
            for field, value in record["characteristics"].items()
            if getattr(stored, field) != value
        }
        if not changes:
            return UNCHANGED
        services.participant_update(participant=stored, actor=self.actor, **changes)
        return UPDATED

    def _rename_enrolled_persons(self, new: list[tuple[int, dict]]) -> None:
        """A citizen already registered who gets a new case keeps one name: the file's, as for
        an existing case, so the next import of the same file finds nothing to change."""
        by_digest = {record["digest"]: record for _line, record in new}
        for person in Person.objects.filter(cpr_digest__in=by_digest):
            self._apply_names(person, by_digest[person.cpr_digest])

    def _apply_names(self, person: Person, record: dict) -> bool:
        """Give the person the file's names; whether they differed."""
        if not self._names_differ(person, record):
            return False
        services.person_update(
            person=person,
            actor=self.actor,
            first_name=record["first_name"],
            last_name=record["last_name"],
        )
        return True

    @staticmethod
    def _names_differ(person: Person, record: dict) -> bool:
        names = {"first_name": record["first_name"], "last_name": record["last_name"]}
        return bool(changed(person, names))

    def _rename(self, record: dict) -> str:
        self._apply_names(self._existing(record).person, record)
        return UPDATED

    def _existing(self, record: dict) -> Participant | None:
        return self.existing.get((record["programme"].pk, record["reference"]))

    def _compare(self, participant: Participant, record: dict) -> tuple[str, Exit | None]:
        """What the row changes on a stored case: UNCHANGED, or the exit to add; RowError for
        what an import does not change (the person, the enrolment, an exit recorded)."""
        line = record["line"]
        if participant.person.cpr_digest != record["digest"]:
            raise RowError(
                line,
                "cpr",
                _("case %(reference)s belongs to another person (%(cpr)s)")
                % {"reference": participant.reference, "cpr": participant.person.masked_cpr},
            )
        if participant.enrolled_on != record["enrolled_on"]:
            raise RowError(
                line,
                "enrolled_on",
                _(
                    "case %(reference)s was enrolled on %(day)s; "
                    "an import does not move an enrolment"
                )
                % {
                    "reference": participant.reference,
                    "day": short_date(participant.enrolled_on),
                },
            )
        exit_now = (participant.exit_on, participant.exit_outcome or None)
        exit_file = (record["exit_on"], record["exit_outcome"])
        if exit_now == exit_file:
            return UNCHANGED, None
        if participant.exit_on is None:
            # History: the employment comes in the placements file, so an exit to employment
            # is recorded as the hire's exit (hired=True), without creating one.
            return UNCHANGED, Exit(
                participant=participant, exit_on=record["exit_on"], outcome=record["exit_outcome"]
            )
        raise RowError(
            line,
            "exit_on",
            _(
                "case %(reference)s already left on %(day)s (%(outcome)s); reopen it in Jobsporet "
                "before importing a different exit"
            )
            % {
                "reference": participant.reference,
                "day": short_date(participant.exit_on),
                "outcome": participant.get_exit_outcome_display().lower(),
            },
        )

"""How the demo's stories reach the database: through the bulk services, a chunk at a time.

The generator tells each participant's story by calling the methods below, named and shaped like
the single services (enrol, note, goal, train, hire, ...). They only collect unsaved rows; every
`CHUNK` cases, `flush` writes them through the bulk variants of the services, step by step in
the order the single services would have run them (enrolment, notes and goals, trainings,
reviews, exits and hires, hours, finished goals, parallel efforts), so the same rules check
every row, history and audit rows are written the same way, and 100,000 participants take
minutes instead of hours. The writer also remembers what the stories ask of the data while it
is unwritten: open trainings per company, an employment's hours.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import connections, transaction

from companies import bulk as company_bulk
from companies.models import Agreement, Company, Mentor
from jobsporet.accounts.models import User
from jobsporet.programmes.models import Programme
from participants import bulk
from participants.models import CaseNote, Goal, ParallelEffort, Participant, Review
from participants.services import Enrolment, participants_enrol_many
from placements import bulk as placement_bulk
from placements.models import HoursChange, Placement

# Each step of a flush calls its bulk service once, with each row's actor (the case's job
# broker or case worker): the generator shares the cases round-robin among its brokers, one per
# CASES_PER_BROKER cases, and one call per actor made the statements grow with the square of the
# size (113,000 calls at 100,000 participants). The rows go in the order the one-call-per-actor
# flush wrote them (grouped by actor, in order of appearance), so every row keeps its id.
CHUNK = 10_000


@dataclass(eq=False)
class Case:
    """A participant being written: the enrolment row now, the saved participant after the
    flush."""

    row: Enrolment
    actor: User
    participant: Participant | None = None
    goals: list[Goal] = field(default_factory=list)
    open_training: tuple[int, str] | None = None  # (programme id, company name)

    @property
    def target_sectors(self) -> tuple[str, ...]:
        return self.row.target_sectors

    @property
    def programme(self) -> Programme:
        return self.row.programme

    @property
    def enrolled_on(self) -> datetime.date:
        return self.row.enrolled_on


def _grouped(rows: Sequence[tuple[Any, ...]]) -> dict[Any, list]:
    """Rows (key, item) grouped by key, in order of the keys' first appearance."""
    groups: dict[Any, list] = defaultdict(list)
    for key, item in rows:
        groups[key].append(item)
    return groups


def _by_actor(rows: Sequence[tuple[Any, Any, Any]]) -> tuple[list, list]:
    """Rows (actor, case, item) as (items, their actors), grouped by actor in order of first
    appearance: one bulk call with each row's actor."""
    items: list = []
    actors: list = []
    for actor, group in _grouped([(actor, item) for actor, _case, item in rows]).items():
        items.extend(group)
        actors.extend([actor] * len(group))
    return items, actors


class Writer:
    def __init__(
        self,
        *,
        on_chunk: Callable[[int], None] | None = None,
        in_background: Callable[[], None] | None = None,
    ) -> None:
        # Called with the number of cases of each chunk, inside the chunk's transaction.
        self.on_chunk = on_chunk
        # With `in_background` (which prepares the thread's own connection), chunks are written
        # by a thread of their own while the generator tells the next chunk's stories: Python
        # tells stories while PostgreSQL writes and commits (psycopg lets go of the interpreter
        # while it waits). Only for a caller whose work so far is committed: the thread's
        # connection sees nothing else.
        self._background = (
            None
            if in_background is None
            else ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="demo-writer", initializer=in_background
            )
        )
        self._pending: Future | None = None
        self.companies: list[Company] = []
        self.mentors: list[Mentor] = []
        self.agreements: list[Agreement] = []
        self.in_use: dict[tuple[int, str], int] = defaultdict(int)
        self.written = 0
        self._start_chunk()

    def _start_chunk(self) -> None:
        self.cases: list[Case] = []
        self.notes: list[tuple[User, Case, CaseNote]] = []
        self.new_goals: list[tuple[User | None, Case, Goal]] = []
        self.trainings: list[tuple[User | None, Case, Placement]] = []
        self.reviews: list[tuple[User, Case, Review]] = []
        self.exits: list[tuple[User | None, Case, dict]] = []
        self.hires: list[tuple[User | None, Case, Placement]] = []
        self.hours_changes: list[tuple[User | None, Placement, HoursChange]] = []
        self.goal_status: list[tuple[tuple[User | None, str], Goal]] = []
        self.efforts: list[tuple[User | None, Case, ParallelEffort]] = []
        # An employment's hours, by id(employment): a chunk's stories are told before it is
        # written, and no story comes back to an employment of an earlier chunk.
        self.hours: dict[int, list[Decimal]] = {}

    # --- companies ---------------------------------------------------------------------------

    def company(self, company: Company, mentors: list[Mentor]) -> None:
        self.companies.append(company)
        for mentor in mentors:
            mentor.company = company
            self.mentors.append(mentor)

    def agreement(self, agreement: Agreement) -> None:
        self.agreements.append(agreement)

    @transaction.atomic
    def flush_companies(self) -> None:
        if self.companies:
            company_bulk.companies_create_many(companies=self.companies, actor=None)
        if self.mentors:
            company_bulk.mentors_add_many(mentors=self.mentors, actor=None)
        if self.agreements:
            company_bulk.agreements_create_many(agreements=self.agreements, actor=None)
        self.companies, self.mentors, self.agreements = [], [], []

    # --- cases (the single services' names and arguments) -------------------------------------

    def enrol(self, *, actor: User, **row: Any) -> Case:
        case = Case(row=Enrolment(**row), actor=actor)
        self.cases.append(case)
        return case

    def note(self, case: Case, *, author: User, **values: Any) -> None:
        self.notes.append((author, case, CaseNote(**values)))

    def goal(self, case: Case, *, actor: User | None, **values: Any) -> None:
        goal = Goal(**values)
        case.goals.append(goal)
        self.new_goals.append((actor, case, goal))

    def goals_status(self, case: Case, *, actor: User | None, status: str) -> None:
        for goal in case.goals:
            self.goal_status.append(((actor, status), goal))

    def review(self, case: Case, *, reviewer: User, **values: Any) -> None:
        self.reviews.append((reviewer, case, Review(**values)))

    def train(self, case: Case, *, actor: User | None, company: Company, **values: Any) -> None:
        placement = Placement(company=company, **values)
        self.trainings.append((actor, case, placement))
        if placement.ended_on is None:
            case.open_training = (case.programme.pk, company.name)
            self.in_use[case.open_training] += 1

    def places_in_use(self, programme: Programme, company: Company) -> int:
        """Open trainings at the company in the programme, written or not."""
        return self.in_use[(programme.pk, company.name)]

    def _training_ends(self, case: Case) -> None:
        if case.open_training is not None:
            self.in_use[case.open_training] -= 1
            case.open_training = None

    def exit(self, case: Case, *, actor: User | None, **values: Any) -> None:
        self.exits.append((actor, case, values))
        self._training_ends(case)

    def hire(self, case: Case, *, actor: User | None, company: Company, **values: Any) -> Placement:
        employment = Placement(company=company, **values)
        self.hires.append((actor, case, employment))
        self.hours[id(employment)] = []
        self._training_ends(case)
        return employment

    def hours_change(
        self, employment: Placement, *, actor: User | None, changed_on, weekly_hours, note
    ) -> None:
        change = HoursChange(changed_on=changed_on, weekly_hours=weekly_hours, note=note)
        self.hours_changes.append((actor, employment, change))
        self.hours[id(employment)].append(weekly_hours)

    def hours_of(self, employment: Placement) -> list[Decimal]:
        """The hours changes recorded on the employment so far, in order."""
        return self.hours[id(employment)]

    def effort(self, case: Case, *, actor: User | None, **values: Any) -> None:
        self.efforts.append((actor, case, ParallelEffort(**values)))

    # --- writing --------------------------------------------------------------------------

    def story_told(self) -> None:
        if len(self.cases) >= CHUNK:
            self._hand_over(wait=False)

    def flush(self) -> None:
        """Write the collected cases and wait until every chunk is written (the generator reads
        the database next)."""
        self._hand_over(wait=True)

    def close(self) -> None:
        """Wait for the last chunk; close the writing thread and its connection."""
        if self._background is None:
            return
        try:
            self._wait()
        finally:
            self._background.submit(connections.close_all).result()
            self._background.shutdown()
            self._background = None

    def _hand_over(self, *, wait: bool) -> None:
        """The chunk's stories are whole: write them (in the writing thread, if there is one,
        while the next chunk's stories are told), one chunk at a time, in order."""
        chunk = SimpleNamespace(**{name: getattr(self, name) for name in _CHUNK})
        self.written += len(self.cases)
        self._start_chunk()
        self._wait()
        if self._background is None:
            self._write_chunk(chunk)
            return
        self._pending = self._background.submit(self._write_chunk, chunk)
        if wait:
            self._wait()

    def _wait(self) -> None:
        """Wait for the chunk being written, if any; its error is raised here."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def _write_chunk(self, chunk: SimpleNamespace) -> None:
        """Write a chunk's cases through the bulk services, one call per step, in one
        transaction (committed, unless the caller holds one): a chunk's stories are written
        whole or not at all."""
        if chunk.cases:
            with transaction.atomic():
                _write_steps(chunk)
                if self.on_chunk is not None:
                    self.on_chunk(len(chunk.cases))
        # seed_demo runs with DEBUG on, when Django keeps the text of the last 9,000 statements:
        # a chunk's bulk inserts are megabytes each, so that log would grow to gigabytes.
        for connection in connections.all(initialized_only=True):
            connection.queries_log.clear()


# What the stories of one chunk collect (Writer._start_chunk).
_CHUNK = (
    "cases",
    "notes",
    "new_goals",
    "trainings",
    "reviews",
    "exits",
    "hires",
    "hours_changes",
    "goal_status",
    "efforts",
)


def _write_steps(chunk: SimpleNamespace) -> None:
    """The chunk's rows through the bulk services, step by step in the order the single
    services would have run them."""
    cases, actors = _by_actor([(case.actor, None, case) for case in chunk.cases])
    if cases:
        saved = participants_enrol_many(enrolments=[case.row for case in cases], actors=actors)
        for case, participant in zip(cases, saved, strict=True):
            case.participant = participant
    for _actor, case, row in (*chunk.notes, *chunk.trainings, *chunk.hires, *chunk.efforts):
        row.participant = case.participant
    for _actor, case, row in (*chunk.new_goals, *chunk.reviews):
        row.plan = case.participant.development_plan
    for _actor, employment, change in chunk.hours_changes:
        change.placement = employment
    exits = [(a, None, bulk.Exit(participant=c.participant, **v)) for a, c, v in chunk.exits]
    _write(bulk.case_notes_add_many, chunk.notes, "notes", "authors")
    _write(bulk.goals_add_many, chunk.new_goals, "goals")
    # Capacity is a planning figure: the history is recorded beyond it, as the importer
    # does; the live programme's stories pick a free place themselves.
    trainings = placement_bulk.trainings_start_many
    _write(trainings, chunk.trainings, "placements", check_capacity=False)
    _write(bulk.reviews_add_many, chunk.reviews, "reviews", "reviewers")
    _write(bulk.participants_exit_many, exits, "exits")
    _write(placement_bulk.participants_hire_many, chunk.hires, "employments")
    _write(placement_bulk.hours_changes_record_many, chunk.hours_changes, "changes")
    by_status: dict[str, list] = defaultdict(list)
    for (actor, status), goal in chunk.goal_status:
        by_status[status].append((actor, None, goal))
    for status, rows in by_status.items():
        _write(bulk.goals_set_status_many, rows, "goals", status=status)
    _write(bulk.parallel_efforts_add_many, chunk.efforts, "efforts")


def _write(
    service: Callable[..., Any], rows: Sequence, items: str, actors: str = "actors", **extra: Any
) -> None:
    """One call of a bulk service for a step's rows (actor, case, item), each under its actor;
    none for a step without rows."""
    values, by = _by_actor(rows)
    if values:
        service(**{items: values, actors: by}, **extra)

"""The import contract: an Importer parses every row, then writes through the services.

Subclasses declare their columns and implement parse_row() (a Row -> a record) and write() (a
record -> "created", "updated" or "unchanged"), or write_all() for a chunk of records at once
through the services' bulk variants. parse_row reads the columns with row.get(), which turns a
parser's ValueProblem into a problem of that column, and adds its own with row.problem(); it
raises nothing. The runner reads the file once to check it can be read exactly, then goes
through it again a chunk of CHUNK_ROWS rows at a time, all in one transaction: load() fetches
what the chunk's rows refer to (and only that) in a few queries, every row is parsed collecting
every problem as a RowError (line, column, message), duplicate keys are checked against the
whole file, and the chunk's good rows are written. A refusal from a service (DomainError,
BulkRefused, or a RowError an importer raises) becomes a RowError too. Any RowError refuses the
whole file: the transaction is rolled back, ImportRefused lists them all and nothing is
written. Memory stays bounded by the chunk, not the file.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, ClassVar

from django.db import transaction
from django.utils.translation import gettext as _

from jobsporet.core.errors import BulkRefused, DomainError
from jobsporet.core.oplog import log_event

from .errors import ImportRefused, RowError, ValueProblem
from .reading import read_table

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# Rows read, checked and written at a time: few enough that a chunk's references and records
# stay small whatever the file's size, many enough that each bulk statement carries plenty.
CHUNK_ROWS = 2000

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    kind: str
    label: str = ""  # the kind in words, for the summary ("Virksomheder og aftaler")
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        return _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "kind": self.label or self.kind,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class Importer:
    """One kind of file. Subclasses set the class attributes and the two methods."""

    kind: ClassVar[str]
    label: ClassVar[str]  # what the file holds, for the import page
    required: ClassVar[tuple[str, ...]]
    optional: ClassVar[tuple[str, ...]] = ()
    # The columns whose values identify a row (its natural key), for duplicate detection.
    key: ClassVar[tuple[str, ...]]
    # Service field name -> column, to put a DomainError next to the right column.
    fields_to_columns: ClassVar[dict[str, str]] = {}

    def __init__(self, *, actor: Any = None) -> None:
        self.actor = actor

    # To implement ------------------------------------------------------------------------

    def parse_row(self, row: Row) -> Any:
        """The row's record; its problems go on the row (row.get, row.problem). The record of
        a row with problems is not used."""
        raise NotImplementedError

    def write(self, record: Any) -> str:
        raise NotImplementedError

    def write_all(
        self, records: list[tuple[int, Any]], errors: list[RowError]
    ) -> list[tuple[int, str]]:
        """Write every record, each in a savepoint; append refusals to `errors`. An importer
        may override this to write in bulk."""
        outcomes = []
        for line, record in records:
            outcome = self.write_one(line, lambda record=record: self.write(record), errors)
            if outcome is not None:
                outcomes.append((line, outcome))
        return outcomes

    def write_one(self, line: int, write: Callable[[], str], errors: list[RowError]) -> str | None:
        """One write in a savepoint (so a refusal leaves the transaction usable); a refusal is
        appended to `errors` and gives None."""
        try:
            with transaction.atomic():
                return write()
        except DomainError as error:
            errors.append(RowError(line, self.column_for(error), error.message))
        except RowError as error:
            errors.append(error)
        return None

    def bulk_refusals(self, refused: BulkRefused, lines: list[int], errors: list[RowError]) -> None:
        """A bulk service's refusals as errors at the lines of the rows it was given."""
        for index, error in refused.errors.items():
            errors.append(RowError(lines[index], self.column_for(error), error.message))

    # Helpers for subclasses -------------------------------------------------------------

    def load(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        """Before a chunk's rows are parsed: fetch what they refer to, in a few queries
        (optional). Called once per chunk with the chunk's raw values."""

    def prepare(self, records: list[tuple[int, Any]]) -> None:
        """Before a chunk's good records are written: load what the writes compare with, in a
        few queries (optional)."""

    def natural_key(self, values: dict[str, str], record: Any) -> tuple:
        """What identifies the row, for duplicate detection: the key columns' values, compared
        without case and extra spaces. Importers whose keys need normalising (CVR) override."""
        return tuple(" ".join(values.get(column, "").lower().split()) for column in self.key)

    def column_for(self, error: DomainError) -> str:
        """The column a refusal belongs to: the mapped one, the field's own name when that is a
        column, else the last column of the key."""
        field = error.field or ""
        if field in self.fields_to_columns:
            return self.fields_to_columns[field]
        return field if field in (*self.required, *self.optional) else self.key[-1]

    # The runner ------------------------------------------------------------------------

    def run(
        self, data: bytes, *, dry_run: bool = False, progress: Progress | None = None
    ) -> ImportResult:
        """Import a whole file or nothing; raises ImportRefused listing every error. Either way
        the operational log gets one line: what was done, or how many errors and where (never
        the messages, which may quote names). `progress(rows done, rows in all)` is called
        after each chunk."""
        try:
            result = self._run(data, dry_run=dry_run, progress=progress)
        except ImportRefused as refused:
            log_event(
                "import.refused",
                level=logging.WARNING,
                kind=self.kind,
                dry_run=dry_run,
                actor_id=getattr(self.actor, "pk", None),
                errors=len(refused.errors),
                lines=sorted({error.line for error in refused.errors})[:20],
                columns=sorted({error.column for error in refused.errors if error.column}),
            )
            raise
        log_event(
            "import.done",
            kind=self.kind,
            dry_run=dry_run,
            actor_id=getattr(self.actor, "pk", None),
            rows_created=result.created,
            rows_updated=result.updated,
            rows_unchanged=result.unchanged,
        )
        return result

    def _run(self, data: bytes, *, dry_run: bool, progress: Progress | None) -> ImportResult:
        table = read_table(data)
        errors = self._check_header(table.header, table.header_line)
        if errors:
            raise ImportRefused(errors)
        if not table.row_count:
            raise ImportRefused(
                [RowError(table.header_line, "", _("The file has a header but no rows."))]
            )
        keys: dict[tuple, int] = {}
        result = ImportResult(kind=self.kind, label=str(self.label), dry_run=dry_run)
        done = 0
        # The rows that parsed are written even when others did not, inside a transaction that
        # is then rolled back, so one run reports every problem the services would find too.
        with transaction.atomic():
            for chunk in _chunks(table.rows(), CHUNK_ROWS):
                records = self._parse_chunk(chunk, keys, errors)
                if records:
                    self.prepare(records)
                    for _line, outcome in self.write_all(records, errors):
                        result.count(outcome)
                done += len(chunk)
                if progress is not None:
                    progress(done, table.row_count)
            if errors:
                transaction.set_rollback(True)
                raise ImportRefused(sorted(errors, key=lambda error: error.line))
            if dry_run:
                transaction.set_rollback(True)
        return result

    def _parse_chunk(
        self,
        chunk: list[tuple[int, dict[str, str]]],
        keys: dict[tuple, int],
        errors: list[RowError],
    ) -> list[tuple[int, Any]]:
        """The chunk's good records; its rows' problems and keys seen before go to errors."""
        self.load(chunk)
        records: list[tuple[int, Any]] = []
        for line, values in chunk:
            row = Row(line, values)
            record = self.parse_row(row)
            if row.problems:
                errors.extend(row.errors())
                continue
            key = self.natural_key(values, record)
            if key in keys:
                errors.append(
                    RowError(
                        line,
                        self.key[-1],
                        _("the same %(key)s as line %(other)s")
                        % {"key": " + ".join(self.key), "other": keys[key]},
                    )
                )
                continue
            keys[key] = line
            records.append((line, record))
        return records

    def _check_header(self, header: list[str], line: int) -> list[RowError]:
        errors = []
        known = set(self.required) | set(self.optional)
        for column in header:
            if column not in known:
                errors.append(
                    RowError(
                        line,
                        column or "?",
                        _("unknown column; the columns are %(columns)s")
                        % {"columns": ", ".join((*self.required, *self.optional))},
                    )
                )
        for column, count in Counter(header).items():
            if count > 1 and column in known:
                errors.append(RowError(line, column, _("the column appears twice")))
        for column in self.required:
            if column not in header:
                errors.append(RowError(line, column, _("required column is missing")))
        return errors


class Row:
    """One row of the file as parse_row reads it: its line, its values by column, and every
    problem found in it (the first per column), instead of stopping at the first."""

    def __init__(self, line: int, values: dict[str, str]) -> None:
        self.line = line
        self.values = values
        self.problems: dict[str, str] = {}

    def get(self, column: str, parse=None, *, required: bool = False):
        """The column's value parsed ('' is None); a missing required value or a parser's
        ValueProblem is a problem of the column, and the value None."""
        raw = self.values.get(column, "")
        if raw == "":
            if required:
                self.problem(column, _("a value is required"))
            return None
        if parse is None:
            return raw
        try:
            return parse(raw)
        except ValueProblem as problem:
            self.problem(column, str(problem))
            return None

    def problem(self, column: str, message: str) -> None:
        self.problems.setdefault(column, str(message))

    def errors(self) -> list[RowError]:
        return [RowError(self.line, column, message) for column, message in self.problems.items()]


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk

"""The import contract: an Importer parses every row first, then writes through the services.

Subclasses declare their columns and implement parse_row() (a Row -> a record) and write() (a
record -> "created", "updated" or "unchanged"). parse_row reads the columns with row.get(),
which turns a parser's ValueProblem into a problem of that column, and adds its own with
row.problem(); it raises nothing. The runner reads the file, checks the header, parses every row
collecting every problem as a RowError (line, column, message), checks duplicate keys, and then
writes the rows in one transaction; a refusal from a service during the write (DomainError, or
a RowError an importer raises) becomes a RowError too. Any RowError refuses the whole file:
ImportRefused lists them all and nothing is written.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import transaction
from django.utils.translation import gettext as _

from jobsporet.core.errors import DomainError
from jobsporet.core.oplog import log_event

from .errors import ImportRefused, RowError, ValueProblem
from .reading import read_table

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    lines: dict[str, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def count(self, outcome: str, line: int) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.lines.setdefault(outcome, []).append(line)

    def summary(self) -> str:
        return _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "kind": self.kind,
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
            try:
                with transaction.atomic():
                    outcomes.append((line, self.write(record)))
            except DomainError as error:
                errors.append(RowError(line, self.column_for(error), error.message))
            except RowError as error:
                errors.append(error)
        return outcomes

    # Helpers for subclasses -------------------------------------------------------------

    def prepare(self, records: list[tuple[int, Any]]) -> None:
        """Load what the rows refer to in a few queries (optional)."""

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

    def run(self, data: bytes, *, dry_run: bool = False) -> ImportResult:
        """Import a whole file or nothing; raises ImportRefused listing every error. Either way
        the operational log gets one line: what was done, or how many errors and where (never
        the messages, which may quote names)."""
        try:
            result = self._run(data, dry_run=dry_run)
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

    def _run(self, data: bytes, *, dry_run: bool) -> ImportResult:
        table = read_table(data)
        errors = self._check_header(table.header, table.header_line)
        if errors:
            raise ImportRefused(errors)
        records: list[tuple[int, Any]] = []
        keys: dict[tuple, int] = {}
        for line, values in table.rows:
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
        if not records and not errors:
            raise ImportRefused(
                [RowError(table.header_line, "", _("The file has a header but no rows."))]
            )
        # The rows that parsed are written even when others did not, inside a transaction that
        # is then rolled back, so one run reports every problem the services would find too.
        result = ImportResult(kind=self.kind, dry_run=dry_run)
        with transaction.atomic():
            self.prepare(records)
            for line, outcome in self.write_all(records, errors):
                result.count(outcome, line)
            if errors:
                transaction.set_rollback(True)
                raise ImportRefused(sorted(errors, key=lambda error: error.line))
            if dry_run:
                transaction.set_rollback(True)
        return result

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

"""The three problems an import reports, from a cell to the whole file.

A parser raises ValueProblem about one value; the runner places it, or a service's refusal, as
a RowError at its line and column; ImportRefused carries every RowError of a refused file.
"""

from __future__ import annotations


class ValueProblem(ValueError):
    """A value that cannot be read; the message says what was expected."""


class RowError(Exception):
    """One problem in the file: 'line N, column: message'."""

    def __init__(self, line: int, column: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = str(message)

    def __str__(self) -> str:
        where = f"line {self.line}, {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The whole file was refused; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors

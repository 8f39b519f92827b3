"""The kinds of background job, declared by the apps that make them.

An app declares a kind in its own `jobkinds.py` (found at start-up by JobsConfig.ready):

    @job_kind("participant-list-xlsx", label=_("Participant list (XLSX)"), personal_data=True)
    def participant_list_xlsx(job: Job, report_progress: ProgressReporter) -> JobFile: ...

The function reads `job.parameters` (and `job.owner`: the file holds only what they may see),
calls report_progress(done, total) as it goes, and returns the file. A DomainError it raises is
shown to the user as the job's error; anything else is logged and shown as a general failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from .models import Job


class JobFile(NamedTuple):
    """The file a kind made. `on_saved` (the export's audit row) runs in the transaction that
    stores the file, so a file is never stored without its audit row, nor the other way."""

    content: bytes
    filename: str
    content_type: str
    on_saved: Callable[[], object] | None = None


class ProgressReporter(Protocol):
    def __call__(self, done: int, total: int) -> None: ...


Maker = Callable[["Job", ProgressReporter], JobFile]


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    personal_data: bool
    make: Maker


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, *, label: str, personal_data: bool) -> Callable[[Maker], Maker]:
    """Register a function as the maker of the job kind `name`."""

    def register(make: Maker) -> Maker:
        if name in KINDS and KINDS[name].make is not make:
            raise ValueError(f"Job kind {name!r} is declared twice")
        KINDS[name] = JobKind(name=name, label=label, personal_data=personal_data, make=make)
        return make

    return register


def get_kind(name: str) -> JobKind:
    return KINDS[name]


def kind_label(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.label) if kind else name

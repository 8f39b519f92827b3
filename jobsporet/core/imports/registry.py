"""The kinds of file, in the order they must be imported (later kinds refer to earlier ones).

Each app that owns data provides its importer; this list is the only place that names them, and
each importer carries its own kind and label.
"""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

from .base import Importer

IMPORTERS = (
    "jobsporet.programmes.importers.ProgrammeImporter",
    "companies.importers.CompanyImporter",
    "participants.importers.ParticipantImporter",
    "placements.importers.PlacementImporter",
    "placements.importers.HoursImporter",
    "placements.followups.importers.FollowUpImporter",
    "jobsporet.programmes.importers.FundingImporter",
)


@cache
def kinds() -> dict[str, type[Importer]]:
    """The importers by kind, in import order."""
    importers = [import_string(path) for path in IMPORTERS]
    return {importer.kind: importer for importer in importers}


def kind_choices() -> list[tuple[str, str]]:
    """(kind, label) in import order, for the import page."""
    return [(kind, importer.label) for kind, importer in kinds().items()]


def importer_for(kind: str, *, actor=None) -> Importer:
    """The importer of a kind (KeyError for an unknown kind)."""
    return kinds()[kind](actor=actor)

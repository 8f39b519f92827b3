"""The kinds of file, in the order they must be imported (later kinds refer to earlier ones)."""

from django.utils.module_loading import import_string

from .base import Importer

KINDS: dict[str, str] = {
    "programs": "jobsporet.programmes.importers.ProgrammeImporter",
    "companies": "companies.importers.CompanyImporter",
    "participants": "participants.importers.ParticipantImporter",
    "placements": "placements.importers.PlacementImporter",
    "hours": "placements.importers.HoursImporter",
    "funding": "jobsporet.programmes.importers.FundingImporter",
}


def importer_for(kind: str, *, actor=None) -> Importer:
    """The importer of a kind (KeyError for an unknown kind)."""
    return import_string(KINDS[kind])(actor=actor)

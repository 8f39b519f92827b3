"""Shared word lists (English and Danish) and cached look-ups for the importers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jobsporet.programmes.models import Programme

from .errors import ValueProblem

SECTORS = {
    "agriculture": "agriculture",
    "landbrug": "agriculture",
    "hospitality": "hospitality",
    "hotel og restauration": "hospitality",
    "hotel- og restauration": "hospitality",
    "hotel and restaurant": "hospitality",
    "warehouse": "warehouse",
    "lager": "warehouse",
    "retail": "retail",
    "detail": "retail",
    "detailhandel": "retail",
    "cleaning": "cleaning",
    "rengøring": "cleaning",
    "care": "care",
    "social og sundhed": "care",
    "social and health care": "care",
    "other": "other",
    "andet": "other",
}
OUTCOMES = {
    "employment": "employment",
    "beskæftigelse": "employment",
    "education": "education",
    "uddannelse": "education",
    "dropout": "dropout",
    "stoppet": "dropout",
}
PLACEMENT_KINDS = {
    "training": "training",
    "træning": "training",
    "employment": "employment",
    "ansættelse": "employment",
}
AGREEMENT_ROLES = {
    "training": (True, False),
    "træning": (True, False),
    "network": (False, True),
    "netværk": (False, True),
    "training+network": (True, True),
    "træning+netværk": (True, True),
    "network+training": (True, True),
    "netværk+træning": (True, True),
}
FUNDING_KINDS = {
    "grant": "grant",
    "bevilling": "grant",
    "budget": "budget",
    "expense": "expense",
    "udgift": "expense",
}
EMPLOYMENT_TYPES = {
    "ordinary": "ordinary",
    "ordinær": "ordinary",
    "ordinært": "ordinary",
    "part_time": "part_time",
    "part-time": "part_time",
    "deltid": "part_time",
    "flex_job": "flex_job",
    "flex job": "flex_job",
    "fleksjob": "flex_job",
    "hourly_small_job": "hourly_small_job",
    "timejob": "hourly_small_job",
    "småjob": "hourly_small_job",
}


class ProgrammeCache:
    """Programmes by slug, one query per slug."""

    def __init__(self) -> None:
        self._by_slug: dict[str, Programme | None] = {}

    def by_pk(self, pk: int) -> Programme:
        """A programme already looked up by its slug."""
        return next(p for p in self._by_slug.values() if p is not None and p.pk == pk)

    def get(self, slug: str) -> Programme:
        if slug not in self._by_slug:
            self._by_slug[slug] = Programme.objects.filter(slug=slug).first()
        programme = self._by_slug[slug]
        if programme is None:
            raise ValueProblem(_("no programme %(slug)r (import programs first)") % {"slug": slug})
        return programme

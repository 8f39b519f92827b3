"""KPI snapshots: a programme's outcome figures as the engine computed them for one date,
stored nightly (and on demand) so that pages can read finished dates instead of computing them
again. reporting/snapshots.py writes and reads them, and decides when one may be trusted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobsporet.core.bounds import in_bounds
from jobsporet.programmes.models import Programme


class KpiSnapshot(models.Model):
    """programme_kpis(programme, as_of) as JSON (snapshots.encode), made at `made_at`."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )
    as_of = models.DateField(_("as of"))
    figures = models.JSONField(_("figures"))
    made_at = models.DateTimeField(_("made"))

    class Meta:
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        ordering = ["programme", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "as_of"], name="kpi_snapshot_one_per_programme_and_date"
            ),
            *in_bounds("kpi_snapshot", "as_of", instants=("made_at",)),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.as_of}"

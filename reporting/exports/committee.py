"""The committee report (PDF, Danish): a programme's figures on a date for the political
committee. Headline figures against their targets, the engine's tables and the definitions of
every figure (reporting/figures.py), laid out by WeasyPrint from
templates/reporting/committee_report_pdf.html."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.core import formatting
from jobsporet.core.exports.pdf import pdf_bytes
from jobsporet.programmes.models import Programme

from ..dashboard import dashboard_for
from ..figures import kpi_sections, verdict
from ..kpis import Kpis


@dataclass(frozen=True)
class Headline:
    """A figure beside its target (or budget), as the first page shows it."""

    label: str
    value: str
    target: str
    verdict: str
    # What the target is called: "Target", or "Budget" beside the money spent.
    target_label: str = ""


def headlines(kpis: Kpis) -> list[Headline]:
    p, f, target = kpis.participants, kpis.funding, kpis.targets
    needed = kpis.jobs_needed_for_target
    of_target = (
        _("%(share)s of the target")
        % {"share": formatting.percent(p.enrolled / target.participants)}
        if target.participants
        else ""
    )
    jobs_left = _("%(jobs)s more jobs needed for the target") % {"jobs": needed} if needed else ""
    return [
        Headline(
            _("Enrolled"),
            formatting.number(p.enrolled),
            formatting.number(target.participants),
            of_target,
        ),
        Headline(
            _("Left for employment"),
            formatting.number(p.employed),
            formatting.number(None if needed is None else p.employed + needed),
            jobs_left,
        ),
        Headline(
            _("Employment rate, %(basis)s") % {"basis": kpis.target_rate_label},
            formatting.percent(kpis.target_rate),
            formatting.percent(target.employment_rate),
            verdict(kpis),
        ),
        Headline(
            _("Spent"),
            formatting.kroner(f.spent),
            formatting.kroner(f.budget),
            _("%(share)s of the budget") % {"share": formatting.percent(f.spent_share)},
            target_label=_("Budget"),
        ),
        Headline(_("Granted"), formatting.kroner(f.granted), "", ""),
    ]


def committee_context(programme: Programme, as_of: datetime.date) -> dict:
    board = dashboard_for(programme, as_of)
    kpis = board.kpis
    return {
        "programme": programme,
        "as_of": as_of,
        "kpis": kpis,
        "headlines": headlines(kpis),
        # The dashboard's charts, each with its data table (sectors, brokers, funding, ...).
        "charts": [chart for chart in board.charts.values() if not chart.is_empty],
        "sections": kpi_sections(kpis),
        "made_at": timezone.localtime(),
    }


def committee_report_pdf(programme: Programme, as_of: datetime.date) -> bytes:
    return pdf_bytes("reporting/committee_report_pdf.html", committee_context(programme, as_of))

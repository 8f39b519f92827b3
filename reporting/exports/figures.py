"""The figures workbook (XLSX): the programme's figures on a date, one sheet per table.

"Key figures" holds the engine's headline figures (reporting/figures.py: the same names and
values as the outcome page and `kpis`), "Training companies" the engine's table of them; each
further sheet is one of the dashboard's tables. Every number is a real number in a Danish
format, every sheet has a frozen header and fitted columns (jobsporet/core/exports).
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.core.exports.tables import Column, Kind, Table, Typed
from jobsporet.programmes.models import Programme

from ..dashboard import Dashboard
from ..figures import kpi_sections
from ..kpis import Kpis
from .dashboard_tables import dashboard_tables


def _notes(programme: Programme, as_of: datetime.date) -> list[str]:
    return [programme.name, _("Status on %(day)s") % {"day": date_format(as_of, "j. F Y")}]


def key_figures_table(kpis: Kpis, *, programme: Programme) -> Table:
    return Table(
        title=_("Key figures"),
        notes=_notes(programme, kpis.as_of),
        columns=[Column(_("Area")), Column(_("Figure")), Column(_("Value")), Column(_("Remark"))],
        rows=[
            [title, figure.label, Typed(figure.value, figure.kind), figure.note]
            for title, figures in kpi_sections(kpis)
            for figure in figures
        ],
    )


def _yes_no(value: bool | None) -> str:
    return "" if value is None else str(_("Yes") if value else _("No"))


def training_companies_table(kpis: Kpis, *, programme: Programme) -> Table:
    return Table(
        title=_("Training companies"),
        notes=_notes(programme, kpis.as_of),
        columns=[
            Column(_("Company")),
            Column(_("CVR")),
            Column(_("Trained"), Kind.INTEGER),
            Column(_("Hired"), Kind.INTEGER),
            Column(_("Employment rate, of all trained"), Kind.SHARE),
            Column(_("Left"), Kind.INTEGER),
            Column(kpis.company_rate_label, Kind.SHARE),
            Column(_("Target met"), Kind.TEXT),
        ],
        rows=[
            [
                company.name,
                company.cvr,
                company.trained,
                company.employed,
                company.employment_rate,
                company.left,
                company.target_rate,
                _yes_no(company.target_met),
            ]
            for company in kpis.training_companies
        ],
    )


def definitions_table(kpis: Kpis, *, programme: Programme) -> Table:
    return Table(
        title=_("Definitions"),
        notes=_notes(programme, kpis.as_of),
        columns=[Column(_("Figure")), Column(_("Definition"))],
        rows=[
            [figure.label, figure.definition]
            for _title, figures in kpi_sections(kpis)
            for figure in figures
        ],
    )


def figures_workbook_tables(board: Dashboard) -> list[Table]:
    """The workbook's sheets, in order: key figures, training companies, definitions, then the
    engine's series by month and every chart of the dashboard as its table."""
    kpis, programme = board.kpis, board.programme
    return [
        key_figures_table(kpis, programme=programme),
        training_companies_table(kpis, programme=programme),
        definitions_table(kpis, programme=programme),
        *dashboard_tables(board, notes=_notes(programme, board.as_of)),
    ]

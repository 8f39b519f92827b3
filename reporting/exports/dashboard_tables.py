"""The dashboard's tables in the figures workbook: each chart of the dashboard
(reporting/dashboard.py) as a sheet, and the engine's series by month (the dashboard's trend)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jobsporet.core.exports.tables import Column, Kind, Table

from ..charts import Chart, as_count, as_hours, as_kroner, as_percent
from ..dashboard import Dashboard

# The format a chart writes a series in, as a spreadsheet's kind of number.
CHART_KINDS = {
    as_percent: Kind.SHARE,
    as_kroner: Kind.KRONER,
    as_count: Kind.INTEGER,
    as_hours: Kind.DECIMAL,
}


def chart_table(chart: Chart, *, notes: list[str]) -> Table:
    """One chart's data table: the category, every series (real numbers in the series'
    format) and the chart's notes ("n = 4")."""
    columns = [Column(chart.category_label)]
    columns += [
        Column(series.label, CHART_KINDS.get(series.fmt or chart.fmt, Kind.DECIMAL))
        for series in chart.series
    ]
    if chart.has_notes:
        columns.append(Column(_("Remark")))
    rows = []
    for index, category in enumerate(chart.categories):
        row: list[object] = [category, *(series.values[index] for series in chart.series)]
        if chart.has_notes:
            row.append(chart.notes[index] if index < len(chart.notes) else "")
        rows.append(row)
    return Table(title=chart.title, notes=[*notes, chart.caption], columns=columns, rows=rows)


def trend_table(board: Dashboard, *, notes: list[str]) -> Table:
    """The engine's series by month: the participant counts and rates at every month end."""
    return Table(
        title=_("Month by month"),
        notes=notes,
        columns=[
            Column(_("Month end"), Kind.DATE),
            Column(_("Enrolled"), Kind.INTEGER),
            Column(_("Active"), Kind.INTEGER),
            Column(_("In training"), Kind.INTEGER),
            Column(_("Left for employment"), Kind.INTEGER),
            Column(_("Left for education"), Kind.INTEGER),
            Column(_("Stopped without a job"), Kind.INTEGER),
            Column(_("Employment rate, of all enrolled"), Kind.SHARE),
            Column(_("Employment rate, of those who left"), Kind.SHARE),
        ],
        rows=[
            [
                point.day,
                point.counts.enrolled,
                point.counts.active,
                point.counts.in_training,
                point.counts.employed,
                point.counts.education,
                point.counts.dropout,
                point.employment_rate,
                point.employment_rate_of_leavers,
            ]
            for point in board.trend
        ],
    )


def dashboard_tables(board: Dashboard, *, notes: list[str]) -> list[Table]:
    """The series by month, then every chart's table in the dashboard's order."""
    return [trend_table(board, notes=notes)] + [
        chart_table(chart, notes=notes) for chart in board.charts.values() if not chart.is_empty
    ]

"""The outcome figures as a readable plain-text table (the `kpis --format text` face)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.core import formatting

from .figures import kpi_sections
from .kpis import Kpis


def _int(value: int | float | None) -> str:
    return formatting.number(value, 0)


_pct = formatting.percent


def kpis_as_text(kpis: Kpis, *, programme_name: str) -> str:
    """A table in the active language (the command uses Danish)."""
    sections = [
        (title, [(figure.label, figure.text) for figure in figures])
        for title, figures in kpi_sections(kpis)
    ]
    table = _aligned([row for _title, rows in sections for row in rows], "<>")
    lines = [
        f"{programme_name} ({kpis.program})",
        _("Status on %(day)s") % {"day": date_format(kpis.as_of, "j. F Y")},
        "",
    ]
    for title, rows in sections:
        lines += [title, "-" * len(title), *table[: len(rows)], ""]
        table = table[len(rows) :]
    if kpis.training_companies:
        title = _("Training companies: of those trained, how many got a job")
        header = (_("Company"), _("CVR"), _("Trained"), _("Hired"), _("Rate"))
        rows = [
            (
                company.name,
                company.cvr,
                _int(company.trained),
                _int(company.employed),
                _pct(company.employment_rate),
            )
            for company in kpis.training_companies
        ]
        lines += [title, "-" * len(title), *_aligned([header, *rows], "<<>>>")]
    return "\n".join(lines).rstrip() + "\n"


def _aligned(rows: list[tuple[str, ...]], alignment: str) -> list[str]:
    """The rows as indented lines whose columns line up: every column as wide as its widest
    cell (a label, a value or a heading), aligned left ('<') or right ('>')."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(alignment))]
    return [
        "  "
        + "   ".join(
            f"{cell:{align}{width}}"
            for cell, align, width in zip(row, alignment, widths, strict=True)
        )
        for row in rows
    ]

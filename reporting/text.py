"""The outcome figures as a readable plain-text table (the `kpis --format text` face)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.core import formatting

from .kpis import Kpis


def _int(value: int | float | None) -> str:
    return formatting.number(value, 0)


_pct, _kr = formatting.percent, formatting.kroner


def _hours(value: float | None) -> str:
    return formatting.number(value, 1)


def kpis_as_text(kpis: Kpis, *, programme_name: str) -> str:
    """A table in the active language (the command uses Danish)."""
    p, f, h, c = kpis.participants, kpis.funding, kpis.hours, kpis.companies
    target = kpis.targets.employment_rate
    if kpis.target_met is None:
        verdict = _("no target")
    else:
        verdict = _("target met") if kpis.target_met else _("target not met")
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            _("Participants"),
            [
                (_("Enrolled"), _int(p.enrolled)),
                (_("Target, participants"), _int(kpis.targets.participants)),
                (_("Active"), _int(p.active)),
                (_("In training"), _int(p.in_training)),
                (_("Left for employment"), _int(p.employed)),
                (_("Left for education"), _int(p.education)),
                (_("Stopped without a job"), _int(p.dropout)),
            ],
        ),
        (
            _("Employment"),
            [
                (_("Employment rate, of all enrolled"), _pct(kpis.employment_rate)),
                (_("Employment rate, of those who left"), _pct(kpis.employment_rate_of_leavers)),
                (
                    _("Target, %(basis)s") % {"basis": kpis.target_rate_label},
                    f"{_pct(target)} ({verdict})",
                ),
                (_("More jobs needed for the target"), _int(kpis.jobs_needed_for_target)),
                (
                    _("Median days from enrolment to job"),
                    _int(
                        None
                        if kpis.median_days_to_employment is None
                        else round(kpis.median_days_to_employment)
                    ),
                ),
            ],
        ),
        (
            _("Hours after hire"),
            [
                (_("Hired with hours recorded"), _int(h.employed_with_hours)),
                (_("Average hours a week at hire"), _hours(h.avg_start)),
                (_("Average hours a week now"), _hours(h.avg_latest)),
                (_("Hours increased"), _int(h.increased)),
            ],
        ),
        (
            _("Companies"),
            [
                (_("With a cooperation agreement"), _int(c.with_agreement)),
                (_("Training companies"), _int(c.training)),
                (_("Network companies"), _int(c.network)),
            ],
        ),
        (
            _("Funding"),
            [
                (_("Granted"), _kr(f.granted)),
                (_("Budget (eligible costs)"), _kr(f.budget)),
                (_("Spent"), _kr(f.spent)),
                (_("Share of budget spent"), _pct(f.spent_share)),
                (_("Cost per participant"), _kr(f.cost_per_participant)),
                (_("Cost per job"), _kr(f.cost_per_employed)),
            ],
        ),
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

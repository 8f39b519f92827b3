"""The engine's headline figures as labelled rows, grouped in sections: the one list of what a
report shows and what each figure is called. The `kpis --format text` table (text.py), the
figures workbook and the committee report (reporting/exports) all read it, so a figure has
one name and one value everywhere."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.core import formatting
from jobsporet.core.exports.tables import Kind

from .kpis import Kpis


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    kind: Kind
    # Said after the value (the target's verdict).
    note: str = ""
    # What the figure counts, in a sentence (the reports' list of definitions).
    definition: str = ""

    @property
    def text(self) -> str:
        """The value as people read it (32,2 %; 6.651.787 kr.), with its note."""
        shown = {
            Kind.INTEGER: lambda v: formatting.number(v, 0),
            Kind.DECIMAL: lambda v: formatting.number(v, 1),
            Kind.SHARE: formatting.percent,
            Kind.KRONER: formatting.kroner,
        }[self.kind](self.value)
        return f"{shown} ({self.note})" if self.note else shown


def hours_latest_label(as_of: datetime.date) -> str:
    """The label of the average latest hours: "now" only for today (or a later date); figures
    on a past date are the hours on that date."""
    if as_of < timezone.localdate():
        return _("Average hours a week on %(day)s") % {"day": formatting.short_date(as_of)}
    return _("Average hours a week now")


def verdict(kpis: Kpis) -> str:
    if kpis.target_met is None:
        return _("no target")
    return _("target met") if kpis.target_met else _("target not met")


def kpi_sections(kpis: Kpis) -> list[tuple[str, list[Figure]]]:
    """(section title, its figures) in the order every report shows them."""
    p, f, h, c = kpis.participants, kpis.funding, kpis.hours, kpis.companies
    fu = kpis.followup
    median = kpis.median_days_to_employment
    integer, share, kroner, decimal = Kind.INTEGER, Kind.SHARE, Kind.KRONER, Kind.DECIMAL
    return [
        (
            _("Participants"),
            [
                Figure(
                    _("Enrolled"),
                    p.enrolled,
                    integer,
                    definition=_("Participants enrolled on or before the date."),
                ),
                Figure(
                    _("Target, participants"),
                    kpis.targets.participants,
                    integer,
                    definition=_("The programme's target for the number of participants."),
                ),
                Figure(
                    _("Active"),
                    p.active,
                    integer,
                    definition=_("Enrolled participants who had not left on the date."),
                ),
                Figure(
                    _("In training"),
                    p.in_training,
                    integer,
                    definition=_(
                        "Active participants with a training placement that had started and not "
                        "ended on the date."
                    ),
                ),
                Figure(
                    _("Left for employment"),
                    p.employed,
                    integer,
                    definition=_(
                        "Participants who left for employment (full or part time) on or before "
                        "the date."
                    ),
                ),
                Figure(
                    _("Left for education"),
                    p.education,
                    integer,
                    definition=_("Participants who left for education on or before the date."),
                ),
                Figure(
                    _("Stopped without a job"),
                    p.dropout,
                    integer,
                    definition=_(
                        "Participants who left without a job or education on or before the date."
                    ),
                ),
            ],
        ),
        (
            _("Employment"),
            [
                Figure(
                    _("Employment rate, of all enrolled"),
                    kpis.employment_rate,
                    share,
                    definition=_("Left for employment divided by enrolled."),
                ),
                Figure(
                    _("Employment rate, of those who left"),
                    kpis.employment_rate_of_leavers,
                    share,
                    definition=_(
                        "Left for employment divided by all who left (employment, education "
                        "or stopped)."
                    ),
                ),
                Figure(
                    _("Target, %(basis)s") % {"basis": kpis.target_rate_label},
                    kpis.targets.employment_rate,
                    share,
                    note=verdict(kpis),
                    definition=_(
                        "The programme's target for the employment rate, on the basis it is "
                        "judged on, and whether the rate meets it."
                    ),
                ),
                Figure(
                    _("More jobs needed for the target"),
                    kpis.jobs_needed_for_target,
                    integer,
                    definition=_("The fewest further hires that bring the rate up to the target."),
                ),
                Figure(
                    _("Median days from enrolment to job"),
                    None if median is None else round(median),
                    integer,
                    definition=_(
                        "The middle value of the days from enrolment to leaving for "
                        "employment, over those who did."
                    ),
                ),
            ],
        ),
        (
            _("Hours after hire"),
            [
                Figure(
                    _("Hired with hours recorded"),
                    h.employed_with_hours,
                    integer,
                    definition=_(
                        "Participants who left for employment and whose first job has weekly "
                        "hours recorded."
                    ),
                ),
                Figure(
                    _("Average hours a week at hire"),
                    h.avg_start,
                    decimal,
                    definition=_("Mean weekly hours at the start of their first job."),
                ),
                Figure(
                    hours_latest_label(kpis.as_of),
                    h.avg_latest,
                    decimal,
                    definition=_(
                        "Mean of the latest weekly hours on or before the date (the start hours "
                        "when they have not changed)."
                    ),
                ),
                Figure(
                    _("Hours increased"),
                    h.increased,
                    integer,
                    definition=_("How many of them work more hours now than at the start."),
                ),
            ],
        ),
        (
            _("Six months after leaving"),
            [
                Figure(
                    _("Follow-ups due"),
                    fu.due,
                    integer,
                    definition=_(
                        "Leavers whose follow-up six months after leaving fell due on or before "
                        "the date."
                    ),
                ),
                Figure(
                    _("Follow-ups recorded"),
                    fu.recorded,
                    integer,
                    definition=_(
                        "Of those, recorded with a date of contact on or before the date (those "
                        "not reached included)."
                    ),
                ),
                Figure(
                    _("In work six months after leaving"),
                    fu.in_employment,
                    integer,
                    definition=_("Recorded as in a job, self-employed included."),
                ),
                Figure(
                    _("Share in work six months after leaving"),
                    fu.employment_rate,
                    share,
                    definition=_("In work divided by the follow-ups recorded."),
                ),
                Figure(
                    _("In education six months after leaving"),
                    fu.in_education,
                    integer,
                    definition=_("Recorded as in education."),
                ),
                Figure(
                    _("Not reached"),
                    fu.not_reached,
                    integer,
                    definition=_("Recorded as not reached."),
                ),
            ],
        ),
        (
            _("Companies"),
            [
                Figure(
                    _("With a cooperation agreement"),
                    c.with_agreement,
                    integer,
                    definition=_(
                        "Companies with an agreement with the programme signed on or before the "
                        "date."
                    ),
                ),
                Figure(
                    _("Training companies"),
                    c.training,
                    integer,
                    definition=_("Of those, companies that take trainees (a company may be both)."),
                ),
                Figure(
                    _("Network companies"),
                    c.network,
                    integer,
                    definition=_("Of those, companies in the network (a company may be both)."),
                ),
            ],
        ),
        (
            _("Funding"),
            [
                Figure(
                    _("Granted"),
                    f.granted,
                    kroner,
                    definition=_("Grants dated on or before the date."),
                ),
                Figure(
                    _("Budget (eligible costs)"),
                    f.budget,
                    kroner,
                    definition=_("Budget entries (eligible costs) dated on or before the date."),
                ),
                Figure(
                    _("Spent"),
                    f.spent,
                    kroner,
                    definition=_("Expenses dated on or before the date."),
                ),
                Figure(
                    _("Share of budget spent"),
                    f.spent_share,
                    share,
                    definition=_("Spent divided by the budget."),
                ),
                Figure(
                    _("Cost per participant"),
                    f.cost_per_participant,
                    kroner,
                    definition=_("Spent divided by the number enrolled."),
                ),
                Figure(
                    _("Cost per job"),
                    f.cost_per_employed,
                    kroner,
                    definition=_("Spent divided by the number who left for employment."),
                ),
            ],
        ),
    ]

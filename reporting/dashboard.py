"""The programme dashboard's content: the engine's figures on one date and the charts drawn from
them. The page (views.dashboard) and the committee PDF call dashboard_for(); a chart is one
Chart object either way (reporting/charts.py draws it, _chart.html lays it out)."""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.core.side_by_side import side_by_side
from jobsporet.programmes.models import FundingEntry, Programme
from participants.models import Participant

from . import breakdowns
from .charts import Chart, Series, as_count, as_kroner, as_kroner_short, as_percent
from .forecast import Forecast, forecast
from .kpis import (
    NO_FILTERS,
    Filters,
    Kpis,
    TrainingCompany,
    _targets,
    company_rate_label,
    programme_kpis,
)


@dataclass
class Dashboard:
    programme: Programme
    as_of: datetime.date
    filters: Filters
    kpis: Kpis
    trend: list[breakdowns.TrendPoint]
    sectors: list[breakdowns.GroupRate]
    brokers: list[breakdowns.BrokerRow]
    hours: breakdowns.HoursDistribution
    money: breakdowns.FundingBreakdown
    forecast: Forecast | None = None
    charts: dict[str, Chart] = field(default_factory=dict)

    @cached_property
    def companies_shown(self) -> list[TrainingCompany]:
        """The training companies' table: those that trained the most (most_trained)."""
        return most_trained(self.kpis.training_companies)

    @property
    def companies_note(self) -> str:
        shown, total = len(self.companies_shown), len(self.kpis.training_companies)
        return companies_shown_note(shown, total) if shown < total else ""


def _month(day: datetime.date) -> str:
    return date_format(day, "M Y")


def dashboard_for(
    programme: Programme,
    as_of: datetime.date,
    filters: Filters = NO_FILTERS,
    *,
    with_brokers: bool = True,
) -> Dashboard:
    """Every figure and chart of the dashboard: programme_kpis plus the breakdowns, a fixed
    number of queries whatever the size of the programme."""
    target = _targets(programme).employment_rate
    # The slowest read, the training companies and sectors, runs on a second connection while
    # this one reads the rest (on PostgreSQL outside a transaction; else in line).
    companies = side_by_side(
        Participant,
        breakdowns.training_and_sectors,
        programme,
        as_of,
        target=target,
        filters=filters,
    )
    # The breakdowns read the participant counts on the day (the trend's last point), the
    # hours ladder and the training companies with their own figures (the same definitions),
    # and the engine takes them instead of reading them again.
    trend = breakdowns.trend(programme, as_of, filters)
    hours = breakdowns.hours_distribution(programme, as_of, filters)
    brokers = breakdowns.broker_rows(programme, as_of, filters) if with_brokers else []
    money = breakdowns.funding_breakdown(programme, as_of)
    training, sectors = companies.result()
    kpis = programme_kpis(
        programme,
        as_of,
        filters,
        counts=trend[-1].counts if trend and trend[-1].day == as_of else None,
        hours=hours.ladder,
        training=training,
    )
    board = Dashboard(
        programme=programme,
        as_of=as_of,
        filters=filters,
        kpis=kpis,
        trend=trend,
        sectors=sectors,
        brokers=brokers,
        hours=hours,
        money=money,
        forecast=forecast(programme, as_of, filters, counts=kpis.participants),
    )
    board.charts = {
        chart.slug: chart
        for chart in (
            enrolment_chart(board),
            status_chart(board),
            rate_chart(board),
            company_chart(board),
            sector_chart(board),
            hours_chart(board),
            grants_chart(board),
            spending_chart(board),
            *([broker_chart(board)] if with_brokers else []),
        )
    }
    return board


def _rate_target_label(target: float | None) -> str:
    return _("Target %(rate)s") % {"rate": as_percent(target)} if target is not None else ""


def enrolment_chart(board: Dashboard) -> Chart:
    target = board.kpis.targets.participants
    return Chart(
        slug="enrolment",
        title=_("Enrolment"),
        caption=_(
            "Participants enrolled by the end of each month (cumulative), against the target "
            "of the programme."
        ),
        kind="line",
        category_label=_("Month end"),
        categories=[_month(point.day) for point in board.trend],
        series=[Series(_("Enrolled"), [point.counts.enrolled for point in board.trend])],
        fmt=as_count,
        target=target,
        target_label=_("Target: %(count)s") % {"count": target} if target else "",
    )


def status_chart(board: Dashboard) -> Chart:
    trend = board.trend

    def waiting(counts) -> int:
        return counts.active - counts.in_training

    return Chart(
        slug="status",
        title=_("Status at each month end"),
        caption=_(
            "Where the participants enrolled by each month end stood on that day: waiting "
            "(active, not in training), in training, left for employment, for education, or "
            "stopped without a job."
        ),
        kind="stacked",
        category_label=_("Month end"),
        categories=[_month(point.day) for point in trend],
        series=[
            Series(_("Waiting"), [waiting(p.counts) for p in trend]),
            Series(_("In training"), [p.counts.in_training for p in trend]),
            Series(_("Employed"), [p.counts.employed for p in trend]),
            Series(_("Education"), [p.counts.education for p in trend]),
            Series(_("Stopped"), [p.counts.dropout for p in trend]),
        ],
    )


def rate_chart(board: Dashboard) -> Chart:
    target = board.kpis.targets.employment_rate
    return Chart(
        slug="rate",
        title=_("Employment rate by month"),
        caption=_(
            "Employed so far as a share of all enrolled and of those who left, at each month "
            "end, against the target."
        ),
        kind="line",
        category_label=_("Month end"),
        categories=[_month(point.day) for point in board.trend],
        series=[
            Series(_("Of all enrolled"), [p.employment_rate for p in board.trend]),
            Series(_("Of those who left"), [p.employment_rate_of_leavers for p in board.trend]),
        ],
        fmt=as_percent,
        target=target,
        target_label=_rate_target_label(target),
    )


def _n_note(trained: int, too_few: bool) -> str:
    if too_few:
        return _("n = %(count)s, too few") % {"count": trained}
    return _("n = %(count)s") % {"count": trained}


def company_chart(board: Dashboard) -> Chart:
    kpis = board.kpis
    return companies_chart(
        kpis.training_companies,
        target=kpis.targets.employment_rate,
        basis=kpis.target_basis,
        shown=board.companies_shown,
    )


# A programme with hundreds of training companies cannot be read as bars or as a table on one
# page: the dashboard shows the companies that trained the most (the figures workbook and the
# committee report list them all).
MOST_COMPANIES_SHOWN = 25


def most_trained(companies: list[TrainingCompany]) -> list[TrainingCompany]:
    """The MOST_COMPANIES_SHOWN companies that trained the most, in the engine's order (rate,
    then trained)."""
    if len(companies) <= MOST_COMPANIES_SHOWN:
        return companies
    # sorted(...)[:n] without sorting them all (a programme may have thousands).
    most = heapq.nsmallest(MOST_COMPANIES_SHOWN, companies, key=lambda c: (-c.trained, c.name))
    shown = {id(c) for c in most}
    return [c for c in companies if id(c) in shown]


def companies_shown_note(shown: int, total: int) -> str:
    return _(
        "Shown: the %(shown)s companies that trained the most, of %(total)s; the figures "
        "workbook lists every company."
    ) % {"shown": shown, "total": total}


def companies_chart(
    companies: list[TrainingCompany],
    *,
    target: float | None,
    basis: str,
    shown: list[TrainingCompany] | None = None,
) -> Chart:
    """The employment rate by training company (the dashboard's chart; a company consultant's
    page draws it for their own companies), for the companies that trained the most (`shown`,
    if the caller has chosen them already: a programme may have thousands)."""
    total = len(companies)
    companies = most_trained(companies) if shown is None else shown
    too_few = [c.trained < breakdowns.FEWEST_TO_JUDGE for c in companies]
    rate_label = company_rate_label(basis)
    caption = _(
        "Of the participants each company trained, the share who got a job anywhere, "
        "on the basis the target is judged on; n is how many it trained. Companies that "
        "trained fewer than %(few)s are faded: too few to judge."
    ) % {"few": breakdowns.FEWEST_TO_JUDGE}
    if total > len(companies):
        caption += " " + companies_shown_note(len(companies), total)
    return Chart(
        slug="companies",
        title=_("Employment rate by training company"),
        caption=caption,
        kind="bars",
        category_label=_("Company"),
        categories=[c.name for c in companies],
        series=[
            Series(rate_label, [c.target_rate for c in companies]),
            Series(_("Trained"), [c.trained for c in companies], drawn=False, fmt=as_count),
            Series(_("Hired"), [c.employed for c in companies], drawn=False, fmt=as_count),
        ],
        fmt=as_percent,
        target=target,
        target_label=_rate_target_label(target),
        notes=[_n_note(c.trained, few) for c, few in zip(companies, too_few, strict=True)],
        faded=too_few,
        empty_text=_("No training has started by this date."),
    )


def sector_chart(board: Dashboard) -> Chart:
    sectors = board.sectors
    target = board.kpis.targets.employment_rate
    return Chart(
        slug="sectors",
        title=_("Employment rate by sector"),
        caption=_(
            "Of the participants trained in each sector (the training company's), the share "
            "who got a job anywhere; n is how many trained there."
        ),
        kind="bars",
        category_label=_("Sector"),
        categories=[s.label for s in sectors],
        series=[
            Series(board.kpis.company_rate_label, [s.target_rate for s in sectors]),
            Series(_("Trained"), [s.trained for s in sectors], drawn=False, fmt=as_count),
            Series(_("Hired"), [s.employed for s in sectors], drawn=False, fmt=as_count),
        ],
        fmt=as_percent,
        target=target,
        target_label=_rate_target_label(target),
        notes=[_n_note(s.trained, s.too_few) for s in sectors],
        faded=[s.too_few for s in sectors],
        empty_text=_("No training has started by this date."),
    )


def _band_label(band: breakdowns.HoursBand) -> str:
    if band.upper is None:
        return _("%(lower)s hours or more") % {"lower": band.lower}
    return _("%(lower)s to %(upper)s hours") % {"lower": band.lower, "upper": band.upper}


def hours_chart(board: Dashboard) -> Chart:
    hours = board.hours
    return Chart(
        slug="hours",
        title=_("Weekly hours after hiring"),
        caption=_(
            "Hired participants by weekly hours in their first job: at hire and on the date "
            "shown (bands include the lower bound). %(grew)s of %(count)s have more hours now "
            "(%(share)s)."
        )
        % {
            "grew": hours.increased,
            "count": hours.employed_with_hours,
            "share": as_percent(hours.increased_share),
        },
        kind="bars",
        category_label=_("Weekly hours"),
        categories=[_band_label(band) for band in hours.bands] if hours.employed_with_hours else [],
        series=[
            Series(_("At hire"), [band.at_hire for band in hours.bands]),
            Series(_("Now"), [band.now for band in hours.bands]),
        ],
        empty_text=_("Nobody has been hired with hours by this date."),
    )


def grants_chart(board: Dashboard) -> Chart:
    grants = board.money.grants_by_source
    return Chart(
        slug="grants",
        title=_("Granted by source"),
        caption=_("Grants dated on or before the date shown, by source of funding."),
        kind="bars",
        category_label=_("Source"),
        categories=[
            str(FundingEntry.Source(source).label) if source else _("(no source)")
            for source, _amount in grants
        ],
        series=[Series(_("Granted"), [float(amount) for _source, amount in grants])],
        fmt=as_kroner,
        axis_fmt=as_kroner_short,
        empty_text=_("No grant is recorded by this date."),
    )


def spending_chart(board: Dashboard) -> Chart:
    money = board.money
    budget = float(money.budget) if money.budget else None
    return Chart(
        slug="spending",
        title=_("Spending against the budget"),
        caption=_("Expenses by month and in total so far, against the budget (eligible costs)."),
        kind="line",
        category_label=_("Month"),
        categories=[_month(m.month) for m in money.months],
        series=[
            Series(_("Spent in total"), [float(m.cumulative) for m in money.months]),
            Series(_("Spent that month"), [float(m.spent) for m in money.months], drawn=False),
        ],
        fmt=as_kroner,
        axis_fmt=as_kroner_short,
        target=budget,
        target_label=(
            _("Budget %(amount)s") % {"amount": as_kroner(money.budget)} if budget else ""
        ),
        empty_text=_("No expense is recorded by this date."),
    )


# Likewise a bar per job broker: at 100,000 participants a programme has hundreds of them. The
# chart shows those with the largest caseloads; the filter by job broker gives anyone's figures.
MOST_BROKERS_SHOWN = 25


def broker_chart(board: Dashboard) -> Chart:
    """Each job broker's caseload, hires and dropouts (by name), for the MOST_BROKERS_SHOWN
    job brokers with the largest caseloads when there are more."""
    brokers = board.brokers
    caption = _(
        "Each job broker's caseload on the date shown (active participants), and of the "
        "participants on their cases, those hired and those stopped so far."
    )
    if len(brokers) > MOST_BROKERS_SHOWN:
        largest = sorted(brokers, key=lambda b: (-b.caseload, -b.enrolled, b.name))
        shown = {id(b) for b in largest[:MOST_BROKERS_SHOWN]}
        caption += " " + _(
            "Shown: the %(shown)s job brokers with the largest caseloads, of %(total)s; "
            "choose a job broker above for anyone's figures."
        ) % {"shown": MOST_BROKERS_SHOWN, "total": len(brokers)}
        brokers = [b for b in brokers if id(b) in shown]
    return Chart(
        slug="brokers",
        title=_("Per job broker"),
        caption=caption,
        kind="bars",
        category_label=_("Job broker"),
        categories=[b.name or _("(no job broker)") for b in brokers],
        series=[
            Series(_("Caseload"), [b.caseload for b in brokers]),
            Series(_("Hired"), [b.employed for b in brokers]),
            Series(_("Stopped"), [b.dropout for b in brokers]),
            Series(
                _("Employment rate"),
                [b.employment_rate for b in brokers],
                drawn=False,
                fmt=as_percent,
            ),
        ],
        notes=[as_percent(b.employment_rate) for b in brokers],
        empty_text=_("No participant is enrolled by this date."),
    )

"""Every export read back on the demo data (seed_demo): the figures of `kpis` for Jobsporet on
31 March 2023 (121 enrolled, 39 employed, 32,2 %, 3.535.867 kr. granted, 6.651.787 kr. spent)
in the workbook, one row per participant in the EU Social Fund list and the participant
list, each export in the audit trail."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobsporet.accounts.models import User
from jobsporet.core import formatting
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.middleware import SESSION_KEY
from jobsporet.programmes.models import Programme
from reporting.dashboard import dashboard_for
from reporting.kpis import programme_kpis

from .conftest import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

MARCH_31 = datetime.date(2023, 3, 31)


@pytest.fixture
def demo(client, settings):
    settings.DEBUG = True  # seed_demo refuses to run in production
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    programme = Programme.objects.get(slug="jobsporet")
    return programme


def _as(client, username: str, programme: Programme):
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[SESSION_KEY] = programme.pk
    session.save()
    return client


def _day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d.%m.%Y").date()


def test_the_figures_workbook_holds_the_engines_figures(client, demo, order, fetch):
    _as(client, "manager", demo)
    url = reverse("reporting:outcome-reports")
    _response, job = order(client, url, {"as_of": "2023-03-31", "report": "figures-workbook"})
    assert job.status == "done", job.error
    sheets = read_xlsx(fetch(client, job))
    assert list(sheets)[:3] == ["Nøgletal", "Træningsvirksomheder", "Definitioner"]
    key = {row[1]: row[2] for row in sheets["Nøgletal"][3:]}
    assert key["Tilmeldt"] == 121
    assert key["Ophørt til beskæftigelse"] == 39
    assert formatting.percent(key["Beskæftigelsesandel, af alle tilmeldte"]) == "32,2 %"
    assert formatting.kroner(key["Bevilget"]) == "3.535.867 kr."
    assert formatting.kroner(key["Forbrugt"]) == "6.651.787 kr."

    kpis = programme_kpis(demo, MARCH_31)
    companies = {row[1]: row for row in sheets["Træningsvirksomheder"][3:]}
    assert len(companies) == len(kpis.training_companies)
    for company in kpis.training_companies:
        assert companies[company.cvr][2:4] == [company.trained, company.employed]

    # The engine's series by month, then each of the dashboard's charts as its table.
    board = dashboard_for(demo, MARCH_31)
    months = [row for row in sheets["Måned for måned"][3:] if row[0]]
    assert len(months) == len(board.trend)
    last = months[-1]
    assert last[1:4] == [
        board.trend[-1].counts.enrolled,
        board.trend[-1].counts.active,
        board.trend[-1].counts.in_training,
    ]
    assert last[1] == 121 and last[4] == 39
    drawn = [chart for chart in board.charts.values() if not chart.is_empty]
    assert len(sheets) == 4 + len(drawn)
    for chart, rows in zip(drawn, list(sheets.values())[4:], strict=True):
        # Three lines of notes (programme, date, the chart's caption), then the header.
        assert rows[2] == [chart.caption] + [None] * (len(rows[2]) - 1)
        assert [row[0] for row in rows[4:]] == chart.categories, chart.title
        first = chart.series[0]
        assert [row[1] for row in rows[4:]] == pytest.approx(first.values), chart.title


def test_the_participant_lists_have_one_row_per_participant(client, demo, order, fetch):
    _as(client, "broker", demo)
    kpis = programme_kpis(demo, MARCH_31)
    enrolled = demo.participants.count()
    _response, job = order(client, reverse("reporting:esf-export"), {"format": "csv"})
    rows = read_csv(fetch(client, job))[1:]
    assert len(rows) == enrolled
    left_for_job = [row for row in rows if row[7] == "Beskæftigelse" and row[6]]
    on_march_31 = [
        row
        for row in left_for_job
        if datetime.datetime.strptime(row[6], "%d.%m.%Y").date() <= MARCH_31
    ]
    assert len(on_march_31) == kpis.participants.employed == 39
    assert all(row[1].endswith("-xxxx") for row in rows)

    participants = reverse("participants:export")
    _response, job = order(client, participants, {"format": "xlsx"}, "caseload=all")
    assert len(read_xlsx(fetch(client, job))["Deltagere"]) == 2 + enrolled
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, changes__rows=enrolled)
    assert exports.count() == 2


def test_the_committee_report_holds_the_engines_figures(client, demo, order, fetch):
    import io

    from pypdf import PdfReader

    _as(client, "manager", demo)
    url = reverse("reporting:outcome-reports")
    _response, job = order(client, url, {"as_of": "2023-03-31", "report": "committee-report"})
    assert job.status == "done", job.error
    assert job.content_type == "application/pdf"
    assert job.filename == "udvalgsrapport-jobsporet-2023-03-31.pdf"
    reader = PdfReader(io.BytesIO(fetch(client, job)))
    first = reader.pages[0].extract_text()
    assert "Jobsporet: rapport til udvalget" in first and "Status pr. 31. marts 2023" in first
    for figure in ("121", "39", "32,2 %", "3.535.867 kr.", "6.651.787 kr.", "mål ikke nået"):
        assert figure in first, figure
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "SuperBrugsen Nørre Snede" in text, "the training companies' table"
    assert "Definitioner" in text and "Forbrug divideret med budgettet." in text
    # The dashboard's charts, each with its table: sectors, brokers and funding among them.
    board = dashboard_for(demo, MARCH_31)
    drawn = [chart for chart in board.charts.values() if not chart.is_empty]
    assert {"sectors", "brokers", "grants"} <= {chart.slug for chart in drawn}
    for chart in drawn:
        assert str(chart.title) in text, chart.title
        category, values, _note = chart.table_rows[-1]
        assert category in text and values[0] in text, (chart.title, category)

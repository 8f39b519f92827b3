"""The dashboard, the comparison and the ledger on the demo data (seed_demo): the published
Jobsporet figures, every programme compared, the charts' tables equal to the engine."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobsporet.accounts.models import User
from jobsporet.core.formatting import percent
from jobsporet.programmes.models import Programme
from reporting.breakdowns import month_ends
from reporting.kpis import programme_kpis

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _chart_rows(html: str, slug: str) -> dict[str, list[str]]:
    """A chart's data table as {first cell: [the other cells]}."""
    start = html.index(f'data-chart="{slug}"')
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [_text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture
def demo(client, settings):
    settings.DEBUG = True  # seed_demo makes users with the password "demo"
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    client.force_login(User.objects.get(username="manager"))
    return Programme.objects.get(slug="jobsporet")


def test_the_dashboard_shows_the_published_figures_and_the_engines_series(client, demo):
    response = client.get(
        reverse("reporting:dashboard", args=["jobsporet"]), {"as_of": "2023-03-31"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    for figure in ("121", "39", "32,2 %", "55,7 %", "Mål 40,0 %", "3.535.867 kr.", "6.651.787 kr."):
        assert figure in text, figure
    assert "Med samarbejdsaftale 49" in text
    # The six-month follow-up's tile: the engine's figures (25 in work of 57 recorded, 62 due).
    followup = programme_kpis(demo, datetime.date(2023, 3, 31)).followup
    assert (followup.in_employment, followup.recorded, followup.due) == (25, 57, 62)
    tile = _text(html[html.index('id="followup-tile"') :])
    assert "I arbejde seks måneder efter ophør 43,9 %" in tile
    assert "25 af 57 registrerede opfølgninger efter 6 mdr. (62 forfaldne)" in tile
    assert f"{followup.not_reached} ikke truffet" in tile

    # The enrolment chart's table is the engine's figure at each month end.
    enrolment = _chart_rows(html, "enrolment")
    rate = _chart_rows(html, "rate")
    days = month_ends(demo.starts_on, datetime.date(2023, 3, 31))
    assert len(enrolment) == len(days) == 31
    for day in (days[9], days[15], days[24], days[27], days[30]):
        kpis = programme_kpis(demo, day)
        label = list(enrolment)[days.index(day)]
        assert enrolment[label] == [str(kpis.participants.enrolled)], day
        assert rate[label] == [
            percent(kpis.employment_rate),
            percent(kpis.employment_rate_of_leavers),
        ]
    # The last point is the published one.
    assert list(enrolment.values())[-1] == ["121"]
    assert list(rate.values())[-1] == ["32,2 %", "55,7 %"]
    # Every chart is drawn with its title and caption for screen readers.
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img"') == 9
    superbrugsen = _chart_rows(html, "companies")["SuperBrugsen Nørre Snede"]
    assert superbrugsen == ["50,0 %", "4", "2", "n = 4"]


def test_every_programme_is_compared_and_the_continuation_has_a_source(client, demo):
    response = client.get(reverse("reporting:comparison"))
    assert response.status_code == 200
    html = response.content.decode()
    programmes = list(Programme.objects.all())
    assert len(programmes) >= 2
    for programme in programmes:
        assert reverse("reporting:dashboard", args=[programme.slug]) in html
        assert programme.name in html
    continuation = programme_kpis(
        Programme.objects.get(slug="jobsporet-drift"), datetime.date.today()
    )
    assert continuation.funding.spent > 0 and continuation.funding.granted > 0
    ledger = client.get(reverse("reporting:funding", args=["jobsporet-drift"]))
    assert "2.400.000 kr." in _text(ledger.content.decode())

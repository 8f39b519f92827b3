"""Run by bench.py once per data set, in that data set's environment: prints as JSON the pages to
time (with real ids from this data set), each page's SQL query count through Django's test
client, and programme_kpis' time. Not meant to be run by hand."""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsporet.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from jobsporet.accounts.models import User  # noqa: E402
from jobsporet.programmes.middleware import SESSION_KEY  # noqa: E402
from jobsporet.programmes.models import Programme  # noqa: E402
from placements.models import Placement  # noqa: E402
from reporting.kpis import programme_kpis  # noqa: E402

WHOLE = "jobsporet"  # the large historical programme
LIVE = "jobsporet-drift"  # the live one, where the brokers' work is


def pages() -> list[dict]:
    """(label, user, programme slug, path): the pages of the issue's table."""
    broker = User.objects.get(username="broker")
    live = Programme.objects.get(slug=LIVE)
    case = broker.caseload.filter(programme=live, exit_on__isnull=True).order_by("pk").first()
    job = (
        Placement.objects.employment()
        .filter(participant__programme=live, participant__job_broker=broker)
        .order_by("-starts_on", "pk")
        .first()
    )
    rows = [
        ("login page", None, LIVE, "/login/"),
        # The dashboard is kept in the cache until the programme changes: its first look on a
        # date is the engine's work, a second look one index step. The first look is timed
        # with a date of its own each round (see path_for), the second on one date.
        (
            "dashboard (manager), first look",
            "manager",
            WHOLE,
            f"/resultater/{WHOLE}/?as_of={{day}}",
        ),
        (
            "dashboard (manager), second look",
            "manager",
            WHOLE,
            f"/resultater/{WHOLE}/?as_of=2023-03-31",
        ),
        ("programme comparison (manager)", "manager", WHOLE, "/resultater/"),
        ("manager's start page", "manager", WHOLE, "/"),
        ("participant list, whole programme", "broker", WHOLE, "/deltagere/?caseload=all"),
        ("participant list, search", "broker", WHOLE, "/deltagere/?caseload=all&q=jens"),
        ("participant list, page 100", "broker", WHOLE, "/deltagere/?caseload=all&page=100"),
        ("company list", "consultant", WHOLE, "/virksomheder/"),
        ("broker's start page", "broker", LIVE, "/"),
        ("case page", "broker", LIVE, f"/deltagere/{case.pk}/"),
        ("hours page", "broker", LIVE, f"/forloeb/{job.pk}/timer/"),
    ]
    return [dict(zip(("label", "user", "programme", "path"), row, strict=True)) for row in rows]


def path_for(page: dict, round_: int) -> str:
    """The page's path in a round: a path with {day} gets a day of its own each round (31 March
    2023 and the days before), so no round finds what an earlier one left in the cache."""
    day = datetime.date(2023, 3, 31) - datetime.timedelta(days=round_)
    return page["path"].replace("{day}", day.isoformat())


def query_count(page: dict) -> int:
    client = Client()
    if page["user"]:
        client.force_login(User.objects.get(username=page["user"]))
        session = client.session
        session[SESSION_KEY] = Programme.objects.get(slug=page["programme"]).pk
        session.save()
    client.get(path_for(page, 1))  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path_for(page, 0))
    assert response.status_code == 200, (page, response.status_code)
    return len(queries.captured_queries)


def kpi_engine_ms() -> float:
    programme = Programme.objects.get(slug=WHOLE)
    day = datetime.date(2023, 3, 31)
    times = []
    for _ in range(7):
        started = time.perf_counter()
        programme_kpis(programme, day)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    found = pages()
    for page in found:
        page["queries"] = query_count(page)
    print(json.dumps({"pages": found, "kpi_engine_ms": kpi_engine_ms()}))

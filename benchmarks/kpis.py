"""How long the KPI engine and the busiest pages take on a large programme.

Seeds the demo generator at a larger size into a throw-away database, then times
programme_kpis() and the list pages. Prints figures; asserts nothing.
Usage: .venv/bin/python benchmarks/kpis.py [PARTICIPANTS]   (default 2,000)
"""

import datetime
import statistics
import sys
import time

from _setup import setup_django

SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000


def timed(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    setup_django("kpis")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from demo.generator import seed
    from jobsporet.programmes.models import Programme
    from participants.models import Participant
    from reporting.kpis import programme_kpis

    started = time.perf_counter()
    with override_settings(DEBUG=True):
        seed(today=datetime.date.today(), participants=SIZE)
    print(f"database: {connection.vendor}")
    print(
        f"seed_demo --participants {SIZE:,}: {time.perf_counter() - started:.1f} s "
        f"({Participant.objects.count():,} participants in all)"
    )

    connection.queries_log.clear()  # the seed filled Django's query log; count afresh
    programme = Programme.objects.get(slug="jobsporet")
    day = datetime.date(2023, 3, 31)
    with CaptureQueriesContext(connection) as queries:
        programme_kpis(programme, day)
    seconds = timed(lambda: programme_kpis(programme, day))
    print(
        f"programme_kpis on {SIZE:,} participants: {seconds * 1000:.0f} ms, "
        f"{len(queries.captured_queries)} queries"
    )

    client = Client()
    client.login(username="broker", password="demo")
    session = client.session
    session["current_programme_id"] = programme.pk
    session.save()
    client.login(username="broker", password="demo")
    for url in (
        "/",
        "/deltagere/?caseload=all",
        "/deltagere/?caseload=all&sort=-enrolled&page=3",
        "/virksomheder/",
    ):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url, HTTP_HOST="127.0.0.1")
        seconds = timed(lambda url=url: client.get(url, HTTP_HOST="127.0.0.1"))
        print(f"GET {url}: {seconds * 1000:.0f} ms, {len(queries.captured_queries)} queries")


if __name__ == "__main__":
    main()

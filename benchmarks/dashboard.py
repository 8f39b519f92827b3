"""How long the programme dashboard takes, beside the time of its aggregate queries alone.

Seeds the demo generator into a throw-away database (DATABASE_URL may point at an empty
PostgreSQL database; one that already holds the demo is reused as it is), then, for programme
Jobsporet on 31 March 2023 (or the date BENCH_AS_OF names) as the demo manager: the page's
server time (Django's test client, template included; the first look, with the cache cleared,
and a second look read from the cache; also with every query on one connection, not side by
side), dashboard_for() (the engine, the
breakdowns, the forecast and the charts, without the template) and the page's aggregate queries
alone (the SQL the page ran, replayed on the same connection). Prints figures; asserts nothing.
Usage:
.venv/bin/python benchmarks/dashboard.py [PARTICIPANTS]  (default: the published size)
"""

import datetime
import os
import statistics
import sys
import time

from _setup import measure, setup_django

SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else None
REPEAT = int(os.environ.get("BENCH_REPEAT", 7))  # fewer at 100,000 participants
# Queries of the request itself (session, user, permissions, roles, programmes, the brokers to
# filter by), not figures: told apart by the table their first FROM reads.
REQUEST_TABLES = ('"django_session"', '"auth_', '"accounts_user"', '"programmes_programme"')


def timed(function, repeat: int = REPEAT) -> float:
    function()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    setup_django("dashboard")
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from demo.generator import seed
    from jobsporet.accounts.models import User
    from jobsporet.programmes.models import Programme
    from participants.models import Participant
    from reporting.dashboard import dashboard_for

    started = time.perf_counter()
    if Programme.objects.filter(slug="jobsporet").exists():
        print("reusing the demo already in the database (no seeding)")
    else:
        with override_settings(DEBUG=True):
            if SIZE:
                seed(today=datetime.date.today(), participants=SIZE)
            else:
                seed(today=datetime.date.today())
    programme = Programme.objects.get(slug="jobsporet")
    # BENCH_AS_OF=2022-12-31 times a date before the end, which adds the forecast.
    day = datetime.date.fromisoformat(os.environ.get("BENCH_AS_OF", "2023-03-31"))
    print(f"database: {connection.vendor}")
    print(
        f"seeded in {time.perf_counter() - started:.1f} s: "
        f"{Participant.objects.filter(programme=programme).count():,} participants in Jobsporet, "
        f"{Participant.objects.count():,} in all"
    )

    client = Client()
    client.force_login(User.objects.get(username="manager"))
    url = f"/resultater/{programme.slug}/?as_of={day.isoformat()}"

    def first_look():
        """The page as the first look after a change sees it: the dashboard is kept in the
        cache until the programme changes (reporting.views.cached_dashboard)."""
        cache.clear()
        return client.get(url, HTTP_HOST="127.0.0.1")

    first_look()
    # Every statement on this connection: the page reads one of them on a second connection
    # (jobsporet/core/side_by_side.py) unless told not to.
    with override_settings(READS_SIDE_BY_SIDE=False), CaptureQueriesContext(connection) as queries:
        response = first_look()
    assert response.status_code == 200, response.status_code
    figures = [
        q["sql"]
        for q in queries.captured_queries
        # A read: a SELECT, a UNION of SELECTs in brackets, or a WITH (the training companies).
        if q["sql"].lstrip("( ").upper().startswith(("SELECT", "WITH"))
        and not q["sql"].split(" FROM ", 1)[-1].startswith(REQUEST_TABLES)
    ]

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql in figures:
                cursor.execute(sql)
                cursor.fetchall()

    page = measure(first_look, connection, REPEAT)
    with override_settings(READS_SIDE_BY_SIDE=False):
        in_line = measure(first_look, connection, REPEAT)
    client.get(url, HTTP_HOST="127.0.0.1")
    second = measure(lambda: client.get(url, HTTP_HOST="127.0.0.1"), connection, REPEAT)
    board = measure(lambda: dashboard_for(programme, day), connection, REPEAT)
    aggregates = measure(replay, connection, REPEAT)
    print(
        f"page: {len(queries.captured_queries)} queries, {_times(page)} (median of {REPEAT}; "
        "the training companies read on a second connection meanwhile, its CPU not counted)"
    )
    print(f"page, every query on one connection, one after the other: {_times(in_line)}")
    print(f"page, second look (read from the cache, nothing changed): {_times(second)}")
    print(f"dashboard_for (engine, breakdowns, forecast, charts): {_times(board)}")
    print(f"its {len(figures)} aggregate queries alone: {_times(aggregates)}")
    print(f"page / aggregates: {page['wall_ms'] / aggregates['wall_ms']:.2f}x (wall clock)")
    slowest = []
    for sql in figures:
        seconds = timed(lambda sql=sql: _run(connection, sql), repeat=3)
        slowest.append((seconds, sql))
    for seconds, sql in sorted(slowest, reverse=True)[:4]:
        print(f"  {seconds * 1000:6.0f} ms  {sql[:110]}")


def _times(figures: dict) -> str:
    cpu = f"{figures['wall_ms']:.0f} ms wall, CPU {figures['cpu_ms']:.0f} ms here"
    if figures["db_cpu_ms"] is not None:
        cpu += f" + {figures['db_cpu_ms']:.0f} ms in PostgreSQL"
    return cpu


def _run(connection, sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()


if __name__ == "__main__":
    main()

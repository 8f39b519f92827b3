"""CPU per request of the pages the load test and the page table use, measured in-process.

    .venv/bin/python benchmarks/cpu_pages.py [10000|100000] [--rounds N] [--profile LABEL]

Runs with the production settings `make bench` serves (bench.environment: DEBUG off, the
cached template loader, no two-factor) against the bench database of that size, requests each
page N times (default 20, after one warming request) from Django's test Client, logged in as
the user who works there, and prints per page the median CPU milliseconds of this Python
process and of its PostgreSQL backend (read from /proc), the queries and the wall clock.
CPU time follows the load less than the wall clock does, so a figure taken on the shared
machine can be compared with one taken quiet; quote the load average (printed) with it.

`--profile LABEL` runs cProfile over that page's N requests instead and prints the top
functions by cumulative and by own time. Read only: nothing is written but sessions and
audit rows, as any visit writes them.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def backend_cpu(pid: int) -> float:
    """CPU seconds used so far by one PostgreSQL backend (same machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", nargs="?", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", default="")
    parser.add_argument("--only", default="", help="labels to measure, separated by |")
    arguments = parser.parse_args()

    import bench

    os.environ.update(bench.environment(arguments.size, production=True))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsporet.settings")
    os.environ["DATABASE_URL"] = os.environ.get("CPU_DATABASE_URL") or os.environ["DATABASE_URL"]
    import django

    django.setup()
    import _pages
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jobsporet.accounts.models import User
    from jobsporet.programmes.middleware import SESSION_KEY
    from jobsporet.programmes.models import Programme

    live = Programme.objects.get(slug=_pages.LIVE)
    broker = User.objects.get(username="broker")
    case = broker.caseload.filter(programme=live, exit_on__isnull=True).order_by("pk").first()
    pages = [
        ("login page", None, _pages.LIVE, "/login/"),
        ("start page (broker)", "broker", _pages.LIVE, "/"),
        ("my cases", "broker", _pages.LIVE, "/deltagere/"),
        ("case page", "broker", _pages.LIVE, f"/deltagere/{case.pk}/"),
        ("search hansen (live)", "broker", _pages.LIVE, "/deltagere/?caseload=all&q=hansen"),
        ("company list", "broker", _pages.LIVE, "/virksomheder/"),
        ("list, whole programme", "broker", _pages.WHOLE, "/deltagere/?caseload=all"),
        ("search hansen (whole)", "broker", _pages.WHOLE, "/deltagere/?caseload=all&q=hansen"),
        ("search jens (whole)", "broker", _pages.WHOLE, "/deltagere/?caseload=all&q=jens"),
        ("list, page 100", "broker", _pages.WHOLE, "/deltagere/?caseload=all&page=100"),
    ]
    if arguments.only:
        wanted = set(arguments.only.split("|"))
        pages = [page for page in pages if page[0] in wanted or page[0] == "login page"]
    clients: dict[tuple, Client] = {}

    def client_for(user: str | None, programme: str) -> Client:
        key = (user, programme)
        if key not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            if user:
                client.force_login(User.objects.get(username=user))
                session = client.session
                session[SESSION_KEY] = Programme.objects.get(slug=programme).pk
                session.save()
            clients[key] = client
        return clients[key]

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    print(
        f"{arguments.size:,} participants, {arguments.rounds} rounds, "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    print(f"{'page':<26} {'queries':>7} {'python ms':>10} {'pg ms':>7} {'wall ms':>8}")
    for label, user, programme, path in pages:
        client = client_for(user, programme)
        response = client.get(path)  # warm
        assert response.status_code == 200, (label, response.status_code)
        if label == arguments.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(arguments.rounds):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(60)
            stats.sort_stats("tottime").print_stats(40)
            continue
        python, database, wall = [], [], []
        for _ in range(arguments.rounds):
            started = (time.process_time(), backend_cpu(backend), time.perf_counter())
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            python.append(time.process_time() - started[0])
            database.append(backend_cpu(backend) - started[1])
            wall.append(time.perf_counter() - started[2])
            assert response.status_code == 200, (label, response.status_code)
        print(
            f"{label:<26} {len(queries.captured_queries):>7} "
            f"{statistics.median(python) * 1000:>10.1f} "
            f"{statistics.mean(database) * 1000:>7.1f} {statistics.median(wall) * 1000:>8.1f}",
            flush=True,
        )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

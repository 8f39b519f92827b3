"""`make bench`: the pages at 10,000 and 100,000 participants on PostgreSQL, and a load test.

1. Builds the demo data set at each size (`seed_demo --participants N`) in its own PostgreSQL
   database, or reuses it if it is there: BENCH_DATABASE_URL names the databases, "_10k" and
   "_100k" appended (default postgres://postgres@127.0.0.1:5432/jobsporet_bench).
2. Serves both with gunicorn, production settings (DEBUG off), on ports 8810 and 8811.
3. Times every page of the table alternately on both servers (BENCH_ROUNDS rounds, default 20),
   logged in as the user who works there, and prints queries, p50/p95, the ratio to the login
   page's p50 in the same run and 100k ÷ 10k, with programme_kpis' own time beside it.
4. Runs Locust headless against the 100k server: 8 job brokers for 60 s (BENCH_USERS,
   BENCH_SECONDS), and prints requests/s, p50/p95 and failures.

It prints figures and asserts nothing: the goals are judged by reading them (README, "Speed").
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
OUT = ROOT / "benchmarks" / "out"
SIZES = (10_000, 100_000)
PORTS = {10_000: 8810, 100_000: 8811}
BASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jobsporet_bench"
)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
USERS = int(os.environ.get("BENCH_USERS", "8"))
# gunicorn's processes and threads per process (BENCH_WORKERS, BENCH_THREADS): see README,
# "Speed" for what was measured on the 2-core machine.
WORKERS = os.environ.get("BENCH_WORKERS", "4")
THREADS = os.environ.get("BENCH_THREADS", "1")
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
DEV_SECRET = "django-insecure-development-only-never-use-this-key-in-production"


def database_url(size: int) -> str:
    parts = urlsplit(BASE_URL)
    return urlunsplit(parts._replace(path=f"{parts.path}_{size // 1000}k"))


def environment(size: int, *, production: bool) -> dict[str, str]:
    """The environment of one data set's processes. The demo's CPR numbers are encrypted with
    the development keys (derived from the development SECRET_KEY), so production settings get
    the same keys explicitly."""
    env = {**os.environ, "DATABASE_URL": database_url(size), "LOG_LEVEL": "WARNING"}
    for name in ("CELERY_BROKER_URL", "REDIS_URL"):
        env.pop(name, None)
    if production:
        import base64
        import hashlib

        def key(purpose: str) -> str:
            digest = hashlib.sha256(f"{purpose}:{DEV_SECRET}".encode()).digest()
            return base64.urlsafe_b64encode(digest).decode()

        env.update(
            DEBUG="0",
            SECRET_KEY=DEV_SECRET,
            CPR_ENCRYPTION_KEYS=key("cpr"),
            CPR_HASH_KEY=key("cpr-hash"),
            ALLOWED_HOSTS="127.0.0.1",
            SESSION_COOKIE_SECURE="0",
            SECURE_SSL_REDIRECT="0",  # plain http on the loopback, no proxy in front
            CSRF_COOKIE_SECURE="0",
            STATIC_ROOT=str(OUT / "static"),
            # The demo's accounts have no authenticator: with two-factor required every page
            # would answer with the enrolment page, and that is what would be timed.
            OTP_REQUIRED="0",
            # Production runs beat; in-process, each worker would run the nightly KPI snapshots
            # and the digests for every broker in the middle of the timings.
            PERIODIC_TASKS_IN_PROCESS="0",
        )
    else:
        env["DEBUG"] = "1"
        # The page list is read from this process's standard output: the day's first run would
        # also print every broker's digest there (development mail goes to the console).
        env["PERIODIC_TASKS_IN_PROCESS"] = "0"
    return env


def manage(size: int, *args: str, production: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(size, production=production),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def build(size: int) -> str:
    """Create, migrate and seed the data set unless it is already there."""
    parts = urlsplit(database_url(size))
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    manage(size, "migrate", "--noinput")
    with psycopg.connect(database_url(size)) as connection:
        seeded = connection.execute("SELECT count(*) FROM participants_participant").fetchone()[0]
    if seeded:
        return f"reused {name} ({seeded:,} participants)"
    started = time.monotonic()
    manage(size, "seed_demo", "--participants", str(size))
    seconds = time.monotonic() - started
    # What autovacuum would do soon after: fresh statistics, so the plans are the real ones.
    with psycopg.connect(database_url(size), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return f"built {name} in {seconds:.0f} s"


def serve(size: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "jobsporet.wsgi",
            "--bind",
            f"127.0.0.1:{PORTS[size]}",
            "--workers",
            WORKERS,
            "--threads",
            THREADS,
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
        ],
        cwd=ROOT,
        env=environment(size, production=True),
        stdout=subprocess.DEVNULL,
        stderr=open(OUT / f"gunicorn_{size // 1000}k.log", "w"),  # noqa: SIM115
    )
    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{PORTS[size]}/healthz", timeout=10).ok:
                return server
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn for {size:,} did not start: see {OUT}/gunicorn_*.log")


def login(base: str, username: str | None, programme: str) -> requests.Session:
    session = requests.Session()
    if username is None:
        return session
    page = session.get(f"{base}/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base}/login/",
        data={"username": username, "password": "demo", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
    )
    assert answer.ok and "sessionid" in session.cookies, f"login as {username} failed"
    session.post(
        f"{base}/programme/",
        data={"programme": programme, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/"},
    )
    return session


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def path_for(page: dict, round_: int) -> str:
    """As _pages.path_for (which imports Django): a {day} in the path is a day of its own each
    round, so a cached page's first look is timed every round."""
    day = datetime.date(2023, 3, 31) - datetime.timedelta(days=round_)
    return page["path"].replace("{day}", day.isoformat())


def time_pages(found: dict[int, dict]) -> dict[tuple[str, int], list[float]]:
    """Every page, alternately on both servers, ROUNDS times; milliseconds per request."""
    sessions = {}
    for size in SIZES:
        base = f"http://127.0.0.1:{PORTS[size]}"
        for page in found[size]["pages"]:
            key = (page["user"], page["programme"], size)
            if key not in sessions:
                sessions[key] = login(base, page["user"], page["programme"])
    times: dict[tuple[str, int], list[float]] = {}
    for round_ in range(ROUNDS + 1):
        for index in range(len(found[SIZES[0]]["pages"])):
            for size in SIZES:
                page = found[size]["pages"][index]
                session = sessions[(page["user"], page["programme"], size)]
                started = time.perf_counter()
                response = session.get(
                    f"http://127.0.0.1:{PORTS[size]}{path_for(page, round_)}",
                    allow_redirects=False,
                )
                elapsed = (time.perf_counter() - started) * 1000
                # Not followed: a redirect (to the login or two-factor page) is not the page.
                assert response.status_code == 200, (page, response.status_code)
                if round_:  # the first round warms the caches and connections
                    times.setdefault((page["label"], size), []).append(elapsed)
    return times


def table(found: dict[int, dict], times: dict) -> str:
    small, large = SIZES
    login_p50 = {size: statistics.median(times[("login page", size)]) for size in SIZES}
    lines = [
        "| page | queries | 10k p50 / p95 | 100k p50 / p95 | 100k ÷ login | 100k ÷ 10k |",
        "|---|---|---|---|---|---|",
    ]
    for index, page in enumerate(found[small]["pages"]):
        label = page["label"]
        cells = []
        for size in SIZES:
            values = times[(label, size)]
            cells.append(f"{statistics.median(values):.0f} / {percentile(values, 0.95):.0f} ms")
        queries = f"{page['queries']} / {found[large]['pages'][index]['queries']}"
        p50 = {size: statistics.median(times[(label, size)]) for size in SIZES}
        lines.append(
            f"| {label} | {queries} | {cells[0]} | {cells[1]} | "
            f"{p50[large] / login_p50[large]:.1f}× | {p50[large] / p50[small]:.2f}× |"
        )
    lines.append(
        f"| KPI engine alone (programme_kpis, in-process) | | "
        f"{found[small]['kpi_engine_ms']:.0f} ms | {found[large]['kpi_engine_ms']:.0f} ms | | "
        f"{found[large]['kpi_engine_ms'] / found[small]['kpi_engine_ms']:.2f}× |"
    )
    return "\n".join(lines)


def engine_table() -> str:
    """programme_kpis beside the hand-written SQL for the same figures (kpis_sql.py)."""
    found = {}
    for size in SIZES:
        result = subprocess.run(
            [PYTHON, str(ROOT / "benchmarks" / "kpis_sql.py")],
            env=environment(size, production=False),
            capture_output=True,
            text=True,
            check=True,
        )
        found[size] = json.loads(result.stdout)
    small, large = SIZES
    lines = [
        "| figures | engine 10k | SQL 10k | engine 100k | SQL 100k | engine ÷ SQL at 100k | same |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in found[large].items():

        def cell(value):
            return "" if value is None else f"{value:.0f} ms"

        ratio = f"{row['engine_ms'] / row['sql_ms']:.1f}×" if row["sql_ms"] else ""
        same = {True: "yes", False: "NO", None: ""}[row["same_figures"]]
        lines.append(
            f"| {name} | {cell(found[small][name]['engine_ms'])} | "
            f"{cell(found[small][name]['sql_ms'])} | {cell(row['engine_ms'])} | "
            f"{cell(row['sql_ms'])} | {ratio} | {same} |"
        )
    return "\n".join(lines)


def cpu_seconds(marker: str) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each process whose command line contains
    `marker`: the gunicorn workers (their port) or the PostgreSQL backends (their database)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if marker not in command:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings by the processes alive at the second (a process
    that ended in between, such as a database connection closed after CONN_MAX_AGE, is left
    out: its last seconds are not known)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def load_test() -> str:
    prefix = OUT / "locust"
    port = PORTS[SIZES[-1]]
    database = urlsplit(database_url(SIZES[-1])).path.lstrip("/")
    markers = {"gunicorn": f"127.0.0.1:{port}", "PostgreSQL": f" {database} "}
    before = {name: cpu_seconds(marker) for name, marker in markers.items()}
    locust_cpu = os.times()
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{SECONDS}s",
            "--host",
            f"http://127.0.0.1:{PORTS[SIZES[-1]]}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        check=False,
        capture_output=True,
    )
    used = {name: cpu_used(before[name], cpu_seconds(marker)) for name, marker in markers.items()}
    after = os.times()
    used["Locust"] = (after.children_user + after.children_system) - (
        locust_cpu.children_user + locust_cpu.children_system
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    requests_done = max(1, int(total["Request Count"]))
    cpu = ", ".join(
        f"{name} {seconds:.0f} s ({seconds / requests_done * 1000:.0f} ms a request)"
        for name, seconds in used.items()
    )
    return (
        f"Locust, {USERS} job brokers for {SECONDS} s on 100k: "
        f"{float(total['Requests/s']):.1f} requests/s, p50 {total['50%']} ms, "
        f"p95 {total['95%']} ms, {total['Request Count']} requests, "
        f"{total['Failure Count']} failures (gunicorn: {WORKERS} workers x {THREADS} threads); "
        f"CPU: {cpu}; load average {os.getloadavg()[0]:.1f}" + failures(prefix)
    )


def failures(prefix: Path) -> str:
    """Locust's failures by request and error, so a failed run says why."""
    try:
        with open(f"{prefix}_failures.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        return ""
    return "".join(
        f"\n  {row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error']}" for row in rows
    )


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for size in SIZES:
        print(f"{size:,}: {build(size)}", flush=True)
    manage(SIZES[0], "collectstatic", "--noinput", production=True)
    found = {}
    for size in SIZES:
        result = subprocess.run(
            [PYTHON, str(ROOT / "benchmarks" / "_pages.py")],
            env=environment(size, production=False),
            capture_output=True,
            text=True,
            check=True,
        )
        found[size] = json.loads(result.stdout)
    engine = engine_table()
    print(engine, flush=True)
    servers = [serve(size) for size in SIZES]
    try:
        times = time_pages(found)
        report = table(found, times)
        print(report, flush=True)
        load = load_test()
        print(load)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    (OUT / "bench.md").write_text(f"{engine}\n\n{report}\n\n{load}\n")


if __name__ == "__main__":
    tempfile.tempdir = str(OUT)
    main()

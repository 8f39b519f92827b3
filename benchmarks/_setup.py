"""Shared set-up for the benchmark scripts: a throw-away database, migrated, and Django ready.

Run a benchmark from the project folder, e.g. `.venv/bin/python benchmarks/kpis.py`.
DATABASE_URL may point at PostgreSQL; by default a temporary SQLite file is used.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(name: str) -> Path:
    """Point Django at a fresh database (unless DATABASE_URL is set), migrate, return a temp dir."""
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix=f"jobsporet-{name}-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsporet.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # No scheduled task in the middle of a timing: in-process, the first request (and any after
    # the cache is cleared) would run the nightly snapshots and every broker's digest.
    os.environ.setdefault("PERIODIC_TASKS_IN_PROCESS", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return workdir


def _backend_cpu(connection) -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (from /proc, so only
    when the server runs on this machine), else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(function, connection, repeat: int = 7) -> dict[str, float | None]:
    """Run `function` once to warm up, then `repeat` times: the median wall clock, and the mean
    CPU time of this process and of its PostgreSQL backend per run, in milliseconds (wall
    clock follows the machine's load; CPU time much less)."""
    import statistics
    import time

    function()
    walls = []
    server_before = _backend_cpu(connection)
    client_before = time.process_time()
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        walls.append(time.perf_counter() - started)
    client = (time.process_time() - client_before) / repeat
    server_after = _backend_cpu(connection)
    server = None if server_before is None else (server_after - server_before) / repeat
    return {
        "wall_ms": statistics.median(walls) * 1000,
        "cpu_ms": client * 1000,
        "db_cpu_ms": None if server is None else server * 1000,
    }

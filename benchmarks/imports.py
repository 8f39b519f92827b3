"""Import speed and memory for every kind of file at scale (issue 8: 1,000 rows/s, bounded).

Builds one programme's files (companies with agreements, N participants of whom a third have
left, a training for each and an employment for each who left for a job, and two changes of
hours per employment), then imports them in order, each in a fresh process, and prints rows/s,
SQL statements per row and the process's peak memory (RSS) for each kind, then the same for a
re-import of the same file (every row unchanged). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/imports.py [PARTICIPANTS]          # default 10,000; SQLite
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/imports.py 10000

On SQLite a temporary database is made and migrated; a DATABASE_URL must name an empty, migrated
database of its own (its rows are added to).
"""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTICIPANTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000

# What each child runs: Django set up as in production (DEBUG off, so no query log grows),
# the import timed, its statements counted, and its peak memory read by the parent.
CHILD = """
import json, resource, sys, time
import django
django.setup()
from django.db import connection
from jobsporet.core.imports.registry import importer_for
kind, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
statements = 0
def count(execute, sql, params, many, context):
    global statements
    statements += 1
    return execute(sql, params, many, context)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with connection.execute_wrapper(count):
    started, cpu = time.perf_counter(), time.process_time()
    result = importer_for(kind).run(data)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": result.total, "created": result.created,
                  "unchanged": result.unchanged, "statements": statements,
                  "rss_before_kb": before}))
"""


def _files(workdir: Path, participants: int) -> dict[str, Path]:
    rng = random.Random(8)
    start = datetime.date(2016, 1, 4)
    companies = max(20, participants // 10)
    cvrs = []
    number = 10_000_000
    while len(cvrs) < companies:
        number += 1
        digits = [int(d) for d in f"{number:08d}"]
        if sum(d * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11 == 0:
            cvrs.append(f"{number:08d}")
    lines = {
        "programs": [
            "slug,name,starts_on,target_participants,target_employment_rate",
            f"bench,Benchmark,2015-01-01,{participants},40%",
        ],
        "companies": ["cvr;name;sector;program;roles;training_capacity;agreement_on"],
        "participants": ["program;ref;cpr;first_name;last_name;enrolled_on;exit_on;exit_outcome"],
        "placements": ["program;participant;company;kind;start_on;end_on;weekly_hours"],
        "hours": ["program;participant;company;changed_on;weekly_hours"],
    }
    sectors = ["landbrug", "detail", "lager", "hotel og restauration"]
    for index, cvr in enumerate(cvrs):
        lines["companies"].append(
            f"{cvr};Virksomhed {index};{sectors[index % 4]};bench;træning+netværk;;01-06-2015"
        )
    used = set()
    for index in range(participants):
        while True:
            # Born 1960-1998: a serial below 4000 puts the birth year in the 1900s.
            born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(14000))
            cpr = f"{born:%d%m%y}-{rng.randrange(0, 4000):04d}"
            if cpr not in used:
                used.add(cpr)
                break
        enrolled = start + datetime.timedelta(days=rng.randrange(2500))
        ref = f"B-{index:06d}"
        trainer = rng.choice(cvrs)
        training_start = enrolled + datetime.timedelta(days=14)
        exit_on, outcome = "", ""
        training_end = ""
        if index % 3 == 0:
            left = training_start + datetime.timedelta(days=rng.randrange(60, 180))
            outcome = "beskæftigelse" if index % 2 == 0 else "stoppet"
            exit_on, training_end = f"{left:%d-%m-%Y}", f"{left:%d-%m-%Y}"
            if outcome == "beskæftigelse":
                employer = rng.choice(cvrs)
                lines["placements"].append(
                    f"bench;{ref};{employer};ansættelse;{left:%d-%m-%Y};;{rng.choice([8, 12, 15])}"
                )
                for months, hours in ((3, 20), (9, "25,5")):
                    day = left + datetime.timedelta(days=30 * months)
                    lines["hours"].append(f"bench;{ref};{employer};{day:%d-%m-%Y};{hours}")
        lines["participants"].append(
            f"bench;{ref};{cpr};Deltager;Nummer {index};{enrolled:%d-%m-%Y};{exit_on};{outcome}"
        )
        lines["placements"].append(
            f"bench;{ref};{trainer};træning;{training_start:%d-%m-%Y};{training_end};30"
        )
    paths = {}
    for kind, rows in lines.items():
        paths[kind] = workdir / f"{kind}.csv"
        paths[kind].write_bytes("\r\n".join(rows).encode("cp1252"))
    return paths


def _run_measured(kind: str, path: Path, env: dict[str, str]) -> dict:
    """Run the child and read its own peak RSS from wait4 (not the maximum over children)."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, kind, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = process.stdout.read(), process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{kind}: the import failed\n{err[-3000:]}")
    import json

    figures = json.loads(out.strip().splitlines()[-1])
    figures["peak_mb"] = usage.ru_maxrss / 1024
    figures["before_mb"] = figures["rss_before_kb"] / 1024
    return figures


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="jobsporet-imports-"))
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobsporet.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "CPR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "CPR_HASH_KEY": "benchmark-only-hash-key",
        "LOG_LEVEL": "WARNING",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    paths = _files(workdir, PARTICIPANTS)
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"{database}, {PARTICIPANTS:,} participants; each import in a fresh process")
    print(
        f"{'kind':<13}{'rows':>9}{'rows/s':>9}{'rows/CPU-s':>12}{'statements/row':>16}"
        f"{'peak MB':>9}{'re-import rows/s':>18}{'peak MB':>9}"
    )
    for kind in ("programs", "companies", "participants", "placements", "hours"):
        first = _run_measured(kind, paths[kind], env)
        again = _run_measured(kind, paths[kind], env)
        assert again["unchanged"] == again["rows"], f"{kind}: a re-import changed rows"
        print(
            f"{kind:<13}{first['rows']:>9,}{first['rows'] / first['seconds']:>9,.0f}"
            f"{first['rows'] / first['cpu']:>12,.0f}"
            f"{first['statements'] / first['rows']:>16.2f}{first['peak_mb']:>9,.0f}"
            f"{again['rows'] / again['seconds']:>18,.0f}{again['peak_mb']:>9,.0f}"
        )
    print(f"(a Django process before importing: {first['before_mb']:,.0f} MB)")
    print(
        "rows/s is wall-clock time; rows/CPU-s divides by the importing process's own CPU "
        "time, which on a busy machine says more (on SQLite it includes the database's work, "
        "on PostgreSQL not the server's)."
    )


if __name__ == "__main__":
    main()

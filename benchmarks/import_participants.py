"""How long `import_csv participants` takes for 10,000 rows (the target: under 30 s on SQLite).

Prints figures; asserts nothing. Usage: .venv/bin/python benchmarks/import_participants.py [ROWS]
"""

import datetime
import random
import sys
import time

from _setup import setup_django

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def main() -> None:
    workdir = setup_django("import")
    from django.core.management import call_command
    from django.db import connection

    rng = random.Random(1)
    (workdir / "programs.csv").write_text(
        "slug,name,starts_on,target_participants,target_employment_rate\n"
        "bench,Benchmark,2015-01-01,10000,40%\n"
    )
    lines = ["program;ref;cpr;first_name;last_name;enrolled_on;exit_on;exit_outcome"]
    used = set()
    for index in range(ROWS):
        while True:
            born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
            cpr = f"{born:%d%m%y}-{rng.randrange(0, 4000):04d}"
            if cpr not in used:
                used.add(cpr)
                break
        enrolled = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(2500))
        if index % 3 == 0:
            left = enrolled + datetime.timedelta(days=rng.randrange(30, 300))
            exit_on, outcome = left.strftime("%d-%m-%Y"), rng.choice(["beskæftigelse", "stoppet"])
        else:
            exit_on, outcome = "", ""
        name = f"Deltager;Nummer {index}"
        lines.append(f"bench;B-{index:05d};{cpr};{name};{enrolled:%d-%m-%Y};{exit_on};{outcome}")
    path = workdir / "participants.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    call_command("import_csv", "programs", str(workdir / "programs.csv"), verbosity=0)

    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    call_command("import_csv", "participants", str(path))
    first = time.perf_counter() - started
    print(f"import of {ROWS:,} participant rows: {first:.1f} s ({ROWS / first:,.0f} rows/s)")
    started = time.perf_counter()
    call_command("import_csv", "participants", str(path))
    again = time.perf_counter() - started
    print(f"re-import of the same file (all unchanged): {again:.1f} s")


if __name__ == "__main__":
    main()

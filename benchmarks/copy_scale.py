"""A quick large data set for the page benchmarks: the cases, companies and audit trail of an
existing (seeded) database copied N more times in SQL, in minutes instead of the hour or more
`seed_demo --participants 100000` takes on a shared 2-core machine.

    psql -c 'CREATE DATABASE jobsporet_pages_100k TEMPLATE jobsporet_pages_10k'
    .venv/bin/python benchmarks/copy_scale.py \
        postgres://postgres@127.0.0.1:5432/jobsporet_pages_100k 9

Each copy gets new ids (an offset of 10,000,000 per copy), new persons (their CPR digest
changed), new case numbers ("-N" appended) and new CVR numbers; the job brokers and case workers
stay, except that the demo's three broker logins' copied cases go to the other brokers, so the
demo brokers keep their caseload. Names repeat: a search finds N + 1 times as many. What is not
copied: the change history tables, parallel efforts and access listings (no page in the
benchmark reads them at scale). Only for a throw-away benchmark database: it writes directly,
past the services, and disables the audit trail's write-once trigger while it copies.
"""

from __future__ import annotations

import sys
import time

import psycopg

OFFSET = 10_000_000
TABLES = [
    "companies_company",
    "companies_agreement",
    "companies_mentor",
    "participants_person",
    "participants_participant",
    "participants_developmentplan",
    "participants_goal",
    "participants_review",
    "participants_casenote",
    "placements_placement",
    "placements_hourschange",
    "placements_followup",
    "core_auditevent",
]


def column_expression(table: str, column: str, copy: int, refers_to: str | None, brokers) -> str:
    """The SELECT expression that gives `column` of the copy number `copy`."""
    shift = copy * OFFSET
    if column == "id" or refers_to in TABLES:
        return f"{column} + {shift}"
    if table == "core_auditevent" and column in ("person_id", "target_id"):
        return f"{column} + {shift}"
    if table == "participants_person" and column == "cpr_digest":
        return f"left(cpr_digest, 62) || 'z{copy}'"
    if table == "participants_participant" and column == "reference":
        return f"reference || '-{copy}'"
    if table == "participants_participant" and column == "job_broker_id" and brokers[1]:
        demo, others = brokers
        choices = "ARRAY[" + ",".join(map(str, others)) + "]"
        return (
            f"CASE WHEN job_broker_id IN ({','.join(map(str, demo))}) "
            f"THEN ({choices})[1 + ((id + {copy}) % {len(others)})] ELSE job_broker_id END"
        )
    if table == "companies_company" and column == "cvr":
        # 8 digits, "N000" and the id: no original CVR starts so (those that did are moved).
        return f"'{copy}000' || lpad(id::text, 4, '0')"
    return column


def main(url: str, copies: int) -> None:
    connection = psycopg.connect(url, autocommit=True)
    run = connection.execute
    refers = {
        (table, column): target
        for table, column, target in run(
            "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text "
            "FROM pg_constraint c JOIN pg_attribute a "
            "ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) WHERE c.contype = 'f'"
        )
    }
    users = "SELECT id FROM accounts_user WHERE username = ANY(%s) OR username LIKE %s ORDER BY id"
    demo = [row[0] for row in run(users, [["broker", "vibeke", "john"], "-"])]
    others = [row[0] for row in run(users, [[], "maegler%"])]
    if run("SELECT max(id) FROM companies_company").fetchone()[0] >= 10_000:
        raise SystemExit("more than 9,999 companies: the copies' CVR numbers would collide")
    run(
        "UPDATE companies_company SET cvr = substr(cvr, 1, 1) || '999' || substr(cvr, 5) "
        "WHERE substr(cvr, 2, 3) = '000'"
    )
    run("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
    try:
        for table in TABLES:
            columns = [
                row[0]
                for row in run(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "ORDER BY ordinal_position",
                    [table],
                )
            ]
            for copy in range(1, copies + 1):
                started = time.monotonic()
                expressions = [
                    column_expression(table, c, copy, refers.get((table, c)), (demo, others))
                    for c in columns
                ]
                run(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"SELECT {', '.join(expressions)} FROM {table} WHERE id < {OFFSET}"
                )
                print(f"{table} copy {copy}: {time.monotonic() - started:.1f} s", flush=True)
    finally:
        run("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
    for table in TABLES:
        run(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    run("VACUUM ANALYZE")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 9)

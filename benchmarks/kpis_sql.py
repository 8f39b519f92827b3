"""The KPI engine beside the best hand-written SQL for the same figures, on PostgreSQL.

Run by `make bench` on each data set (or by hand: DATABASE_URL=postgres://... .venv/bin/python
benchmarks/kpis_sql.py). For each group of figures it times the engine's function and one
hand-written statement that computes the same numbers (written here, checked equal before
timing), and prints both, their ratio and the totals. Prints figures; asserts nothing.
"""

import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsporet.settings")

import django

django.setup()

from _setup import measure  # noqa: E402
from django.db import connection  # noqa: E402

from jobsporet.programmes.models import Programme  # noqa: E402
from reporting import kpis  # noqa: E402

AS_OF = datetime.date(2023, 3, 31)
REPEAT = int(os.environ.get("BENCH_REPEAT", 7))  # fewer at 100,000 participants

PARTICIPANTS = """
SELECT count(*),
       count(*) FILTER (WHERE p.exit_on <= %(d)s AND p.exit_outcome = 'employment'),
       count(*) FILTER (WHERE p.exit_on <= %(d)s AND p.exit_outcome = 'education'),
       count(*) FILTER (WHERE p.exit_on <= %(d)s AND p.exit_outcome = 'dropout'),
       count(*) FILTER (WHERE p.exit_on <= %(d)s),
       count(*) FILTER (WHERE (p.exit_on IS NULL OR p.exit_on > %(d)s)
                        AND t.participant_id IS NOT NULL)
FROM participants_participant p
LEFT JOIN (SELECT DISTINCT participant_id FROM placements_placement
           WHERE kind = 'training' AND starts_on <= %(d)s
             AND (ended_on IS NULL OR ended_on >= %(d)s)) t ON t.participant_id = p.id
WHERE p.programme_id = %(p)s AND p.enrolled_on <= %(d)s
"""
COMPANIES = """
SELECT count(*), count(*) FILTER (WHERE is_training), count(*) FILTER (WHERE is_network)
FROM companies_agreement WHERE programme_id = %(p)s AND signed_on <= %(d)s
"""
MEDIAN = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY exit_on - enrolled_on)
FROM participants_participant
WHERE programme_id = %(p)s AND enrolled_on <= %(d)s AND exit_on <= %(d)s
  AND exit_outcome = 'employment'
"""
HOURS = """
WITH first AS (
    SELECT DISTINCT ON (pl.participant_id) pl.id, pl.weekly_hours
    FROM placements_placement pl
    JOIN participants_participant p ON p.id = pl.participant_id
    WHERE p.programme_id = %(p)s AND p.enrolled_on <= %(d)s AND p.exit_on <= %(d)s
      AND p.exit_outcome = 'employment' AND pl.kind = 'employment' AND pl.starts_on <= %(d)s
    ORDER BY pl.participant_id, pl.starts_on, pl.id
), latest AS (
    SELECT DISTINCT ON (h.placement_id) h.placement_id, h.weekly_hours
    FROM placements_hourschange h JOIN first f ON f.id = h.placement_id
    WHERE h.changed_on <= %(d)s
    ORDER BY h.placement_id, h.changed_on DESC, h.id DESC
)
SELECT count(*), avg(f.weekly_hours), avg(coalesce(l.weekly_hours, f.weekly_hours)),
       count(*) FILTER (WHERE coalesce(l.weekly_hours, f.weekly_hours) > f.weekly_hours)
FROM first f LEFT JOIN latest l ON l.placement_id = f.id
WHERE f.weekly_hours IS NOT NULL
"""
FUNDING = """
SELECT coalesce(sum(amount) FILTER (WHERE kind = 'grant'), 0),
       coalesce(sum(amount) FILTER (WHERE kind = 'budget'), 0),
       coalesce(sum(amount) FILTER (WHERE kind = 'expense'), 0)
FROM programmes_fundingentry WHERE programme_id = %(p)s AND "on" <= %(d)s
"""
TRAINING_COMPANIES = """
SELECT c.cvr, c.name, count(*),
       count(*) FILTER (WHERE p.exit_on <= %(d)s AND p.exit_outcome = 'employment'),
       count(*) FILTER (WHERE p.exit_on <= %(d)s)
FROM (SELECT DISTINCT pl.company_id, pl.participant_id
      FROM placements_placement pl
      JOIN participants_participant p ON p.id = pl.participant_id
      WHERE pl.kind = 'training' AND pl.starts_on <= %(d)s
        AND p.programme_id = %(p)s AND p.enrolled_on <= %(d)s) pairs
JOIN participants_participant p ON p.id = pairs.participant_id
JOIN companies_company c ON c.id = pairs.company_id
GROUP BY c.id
"""


def sql(statement: str, programme: Programme) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, {"p": programme.pk, "d": AS_OF})
        return cursor.fetchall()


def timed(function) -> dict[str, float | None]:
    """Median wall clock, mean CPU of this process and of its PostgreSQL backend (ms)."""
    return measure(function, connection, repeat=REPEAT)


def same(engine, handwritten) -> bool:
    """Whether both give the same numbers (rounded as the JSON rounds them)."""

    def norm(value):
        if isinstance(value, (Decimal, float)):
            return round(float(value), 2)
        if isinstance(value, datetime.timedelta):
            return float(value.days)
        return value

    return [norm(v) for v in engine] == [norm(v) for v in handwritten]


def main() -> None:
    programme = Programme.objects.get(slug=os.environ.get("BENCH_PROGRAMME", "jobsporet"))
    counts = kpis.participant_counts(programme, AS_OF)
    groups = {
        "participants": (
            lambda: kpis.participant_counts(programme, AS_OF),
            PARTICIPANTS,
            lambda c: [c.enrolled, c.employed, c.education, c.dropout, c.leavers, c.in_training],
        ),
        "companies": (
            lambda: kpis.company_counts(programme, AS_OF),
            COMPANIES,
            lambda c: [c.with_agreement, c.training, c.network],
        ),
        "median days to employment": (
            lambda: kpis.median_days_to_employment(programme, AS_OF, counts.employed),
            MEDIAN,
            lambda m: [m],
        ),
        "hours ladder": (
            lambda: kpis.hours_ladder(programme, AS_OF),
            HOURS,
            lambda h: [h.employed_with_hours, h.avg_start, h.avg_latest, h.increased],
        ),
        "funding": (
            lambda: kpis.funding(programme, AS_OF, counts),
            FUNDING,
            lambda f: [f.granted, f.budget, f.spent],
        ),
        "training companies": (
            lambda: kpis.training_companies(
                programme, AS_OF, target=float(programme.target_employment_rate or 0)
            ),
            TRAINING_COMPANIES,
            lambda rows: sorted((r.cvr, r.trained, r.employed, r.left) for r in rows),
        ),
    }
    results = {}
    for name, (engine, statement, figures) in groups.items():
        mine = figures(engine())
        theirs = sql(statement, programme)
        if name == "training companies":
            theirs = sorted((row[0], row[2], row[3], row[4]) for row in theirs)
            equal = mine == theirs
        else:
            equal = same(mine, theirs[0])
        results[name] = _row(
            timed(engine), timed(lambda statement=statement: sql(statement, programme)), equal
        )
    results["programme_kpis"] = {
        **_row(timed(lambda: kpis.programme_kpis(programme, AS_OF)), None, None),
        **{
            key: sum(r[key] or 0 for r in results.values())
            for key in ("sql_ms", "sql_cpu_ms", "sql_db_cpu_ms")
        },
        "same_figures": all(r["same_figures"] for r in results.values()),
    }
    # PostgreSQL's JIT compiles a query whose estimated cost is high, which at this size can
    # cost more than it saves: the engine once with it on, once off, in this connection.
    for setting in ("on", "off"):
        with connection.cursor() as cursor:
            cursor.execute(f"SET jit = {setting}")
        results[f"programme_kpis, jit {setting}"] = _row(
            timed(lambda: kpis.programme_kpis(programme, AS_OF)), None, None
        )
    print(json.dumps(results))


def _row(engine: dict, handwritten: dict | None, same_figures: bool | None) -> dict:
    """engine_ms and sql_ms are wall clock (medians); *_cpu_ms the CPU of this process and
    *_db_cpu_ms of the PostgreSQL backend, per run."""
    handwritten = handwritten or {}
    return {
        "engine_ms": engine["wall_ms"],
        "engine_cpu_ms": engine["cpu_ms"],
        "engine_db_cpu_ms": engine["db_cpu_ms"],
        "sql_ms": handwritten.get("wall_ms"),
        "sql_cpu_ms": handwritten.get("cpu_ms"),
        "sql_db_cpu_ms": handwritten.get("db_cpu_ms"),
        "same_figures": same_figures,
    }


if __name__ == "__main__":
    main()

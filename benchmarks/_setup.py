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
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return workdir

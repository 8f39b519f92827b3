"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start(**env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "CPR_ENCRYPTION_KEYS", "CPR_HASH_KEY"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_debug_off_a_missing_secret_key_stops_the_start_clearly():
    result = _start(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_with_debug_off_the_cpr_keys_are_required_too():
    result = _start(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "CPR_ENCRYPTION_KEYS must be set" in result.stderr


def test_production_starts_with_every_secret_given():
    key = "ZmRlZmNkZWZhYmNkZWZhYmNkZWZhYmNkZWZhYmNkZWY="
    result = _start(
        DEBUG="0",
        SECRET_KEY="x" * 50,
        CPR_ENCRYPTION_KEYS=key,
        CPR_HASH_KEY="h" * 40,
        ALLOWED_HOSTS="jobsporet.example",
    )
    assert result.returncode == 0, result.stderr


def test_static_files_collect_for_production_with_a_manifest(tmp_path):
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "CPR_ENCRYPTION_KEYS": "k",
        "CPR_HASH_KEY": "h",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").is_file()
    assert (tmp_path / "bootstrap" / "css" / "bootstrap.min.css").is_file()
    assert (tmp_path / "css" / "jobsporet.css").is_file()

"""Checking and importing a large file as a background job (jobsporet/jobs) with progress.

A file of more than IMPORT_BACKGROUND_ROWS rows is checked ("import-check", a dry run) and, once
its owner confirms, imported ("import-run") by a Celery worker instead of in the request, so no
file is too large for the web server's timeout. The file waits as a PendingUpload (encrypted,
owned, expiring; core/imports/uploads.py) and the job's parameters name it by id only. The
import runs in one transaction, so its progress cannot be written to the job's row (no one would
see it before the commit): it goes to the cache, where the import page reads it. The job's
"file" is the outcome as JSON (counts, or every error with its line), sealed like any job file.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from jobsporet.core import audit
from jobsporet.core.crypto import unseal
from jobsporet.core.errors import DomainError
from jobsporet.core.imports.errors import ImportRefused
from jobsporet.core.imports.registry import importer_for
from jobsporet.core.imports.uploads import upload_for
from jobsporet.core.models import AuditEvent
from jobsporet.jobs.models import Job
from jobsporet.jobs.registry import JobFile, ProgressReporter

CHECK, RUN = "import-check", "import-run"
KINDS = (CHECK, RUN)
# Errors kept in a job's outcome; the page shows the first 500 of them, and says how many.
MAX_ERRORS = 2000


def needs_background(data: bytes) -> bool:
    """Whether a file is large enough to be checked and imported in the background."""
    return data.count(b"\n") > settings.IMPORT_BACKGROUND_ROWS


def _progress_key(job_id: int) -> str:
    return f"importing:progress:{job_id}"


def progress_of(job: Job) -> tuple[int, int]:
    """(rows done, rows in all) of a running import job, as far as the cache knows."""
    return cache.get(_progress_key(job.pk)) or (0, 0)


def _cached_progress(job_id: int) -> ProgressReporter:
    def report(done: int, total: int) -> None:
        cache.set(_progress_key(job_id), (done, total), timeout=60 * 60)

    return report


def outcome_of(job: Job) -> dict[str, Any] | None:
    """The outcome of a finished import job (see _outcome), or None."""
    if job.status != Job.Status.DONE or not job.sealed_content:
        return None
    return json.loads(unseal(job.sealed_content))


def _outcome(content: dict[str, Any]) -> JobFile:
    return JobFile(
        content=json.dumps(content).encode(),
        filename="import.json",
        content_type="application/json",
    )


def run_import_job(job: Job, report_progress: ProgressReporter, *, dry_run: bool) -> JobFile:
    """Check (dry_run) or import the job's upload. A refused file is an outcome with its
    errors, not a failure; the upload is deleted once imported or refused."""
    found = upload_for(job.owner, job.parameters.get("upload"))
    if found is None:
        raise DomainError(
            _("The file is no longer waiting (it expired or was cancelled); upload it again.")
        )
    pending, name, data = found
    content: dict[str, Any] = {"file": name, "kind": pending.kind, "upload": str(pending.pk)}
    try:
        result = importer_for(pending.kind, actor=job.owner).run(
            data, dry_run=dry_run, progress=_cached_progress(job.pk)
        )
    except ImportRefused as refused:
        pending.delete()
        content["errors"] = [
            [error.line, error.column, error.message] for error in refused.errors[:MAX_ERRORS]
        ]
        content["error_count"] = len(refused.errors)
        return _outcome(content)
    content.update(created=result.created, updated=result.updated, unchanged=result.unchanged)
    if not dry_run:
        pending.delete()
        audit.record(
            actor=job.owner,
            action=AuditEvent.Action.IMPORTED,
            target=job.owner,
            summary=_("Imported %(file)s: %(summary)s")
            % {"file": name, "summary": result.summary()},
        )
    return _outcome(content)

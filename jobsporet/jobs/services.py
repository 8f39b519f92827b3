"""Starting, running and deleting background jobs (reports).

job_start() records the job and queues it when the transaction commits. With no broker the
task runs right there, in-process, so the page that follows already offers the file. If the
broker refuses the task (Redis or the worker down), the job is marked failed with a message the
user can read: the request never fails with a 500 and no file is half-written, because a file
is stored only together with the status "done", in one UPDATE.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobsporet.core.crypto import seal
from jobsporet.core.errors import DomainError
from jobsporet.core.oplog import log_event

from .models import Job
from .registry import KINDS, JobFile, ProgressReporter, get_kind

logger = logging.getLogger(__name__)


def _queue_down_message() -> str:
    return _(
        "The report could not be started: the background queue is not answering. "
        "Nothing has been made. Try again in a few minutes, or tell your administrator."
    )


def _general_failure_message() -> str:
    return _("The report could not be made. Try again, or tell your administrator.")


def job_start(*, owner: Any, kind: str, parameters: dict[str, Any] | None = None) -> Job:
    """Record a job for `owner` and queue it after commit. Returns the job; read it again
    (job.refresh_from_db) to see whether it already ran (no broker) or could not be queued."""
    spec = get_kind(kind)
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.create(
            owner=owner,
            kind=kind,
            parameters=parameters or {},
            language=translation.get_language() or settings.LANGUAGE_CODE,
            personal_data=spec.personal_data,
            expires_at=now + datetime.timedelta(hours=settings.JOB_FILE_HOURS),
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    try:
        run_job.apply_async(args=[job_id])
    except Exception as failure:  # kombu's and redis' errors: the broker did not take it
        logger.warning("Could not queue job %s: %r", job_id, failure)
        log_event("task.failed", task="run_job", job=job_id, error=type(failure).__name__)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED, error=_queue_down_message(), finished_at=timezone.now()
        )


def _claim(job_id: int) -> Job | None:
    """Mark the job running, unless it is already done, failed or being made: a task that is
    delivered twice runs once. A job left "running" by a worker that died is taken again
    after JOB_STALE_MINUTES."""
    stale = timezone.now() - datetime.timedelta(minutes=settings.JOB_STALE_MINUTES)
    with transaction.atomic():
        job = Job.objects.without_file().select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        claimable = job.status == Job.Status.QUEUED or (
            job.status == Job.Status.RUNNING and job.started_at and job.started_at < stale
        )
        if not claimable:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def progress_reporter(job_id: int) -> ProgressReporter:
    """report_progress(done, total) for one job: writes only when the whole percentage moves,
    so a kind may call it for every row without a query for every row."""
    last = {"percent": -1, "total": -1}

    def report_progress(done: int, total: int) -> None:
        total = max(int(total), 0)
        done = min(max(int(done), 0), total)
        percent = done * 100 // total if total else 0
        if percent == last["percent"] and total == last["total"]:
            return
        last.update(percent=percent, total=total)
        Job.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    return report_progress


def job_run(*, job_id: int) -> Job | None:
    """Make the job's file (the task calls this). Idempotent: see _claim."""
    job = _claim(job_id)
    if job is None:
        return None
    kind = KINDS.get(job.kind)
    with translation.override(job.language):
        try:
            if kind is None:
                raise LookupError(f"unknown job kind {job.kind!r}")
            result = kind.make(job, progress_reporter(job.pk))
        except DomainError as refusal:
            _finish_failed(job, refusal.message)
        except Exception as failure:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            log_event("task.failed", task="run_job", job=job.pk, error=type(failure).__name__)
            _finish_failed(job, _general_failure_message())
        else:
            _finish_done(job, result)
    job.refresh_from_db()
    return job


def _finish_done(job: Job, result: JobFile) -> None:
    """Store the file with the status "done" and the audit row, all or nothing."""
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE,
            sealed_content=seal(result.content),
            filename=result.filename[:200],
            content_type=result.content_type[:100],
            progress_done=F("progress_total"),
            finished_at=timezone.now(),
            error="",
        )
        if result.on_saved is not None:
            result.on_saved()


def _finish_failed(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error=str(message)[:500], finished_at=timezone.now()
    )


def jobs_purge_expired() -> int:
    """Delete the jobs past their time, files and all; returns how many."""
    deleted, _per_model = Job.objects.expired().delete()
    return deleted

"""The job's Celery tasks: thin, by id, idempotent (services.py does the work)."""

from celery import shared_task


@shared_task
def run_job(job_id: int) -> None:
    from .services import job_run

    job_run(job_id=job_id)


@shared_task
def purge_expired_jobs() -> int:
    """Beat, hourly: reports past their 24 hours are deleted, files and all."""
    from .services import jobs_purge_expired

    return jobs_purge_expired()

"""The import's background jobs (see background.py), declared for jobsporet/jobs."""

from django.utils.translation import gettext_lazy as _

from jobsporet.jobs.models import Job
from jobsporet.jobs.registry import JobFile, ProgressReporter, job_kind

from .background import CHECK, RUN, run_import_job


@job_kind(CHECK, label=_("Check of a file to import"), personal_data=True)
def import_check(job: Job, report_progress: ProgressReporter) -> JobFile:
    return run_import_job(job, report_progress, dry_run=True)


@job_kind(RUN, label=_("Import of a file"), personal_data=True)
def import_run(job: Job, report_progress: ProgressReporter) -> JobFile:
    return run_import_job(job, report_progress, dry_run=False)

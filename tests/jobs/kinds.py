"""Job kinds that exist only in the tests: a small file made in steps, and two that fail."""

from jobsporet.core.errors import DomainError
from jobsporet.jobs.models import Job
from jobsporet.jobs.registry import JobFile, ProgressReporter, job_kind

# What each run saw of its own progress in the database, for the tests to read.
SEEN_PROGRESS: list[tuple[int, int]] = []
RUNS: list[int] = []


@job_kind("test-count", label="Tælling", personal_data=False)
def count(job: Job, report_progress: ProgressReporter) -> JobFile:
    RUNS.append(job.pk)
    steps = int(job.parameters.get("steps", 3))
    for done in range(steps + 1):
        report_progress(done, steps)
        row = Job.objects.values_list("progress_done", "progress_total").get(pk=job.pk)
        SEEN_PROGRESS.append(row)
    body = "\n".join(str(n) for n in range(steps)).encode()
    return JobFile(body, "taelling.txt", "text/plain")


@job_kind("test-personal", label="Personliste", personal_data=True)
def personal(job: Job, report_progress: ProgressReporter) -> JobFile:
    return JobFile(b"010190-1234;Anne", "personer.csv", "text/csv")


@job_kind("test-refused", label="Afvist", personal_data=False)
def refused(job: Job, report_progress: ProgressReporter) -> JobFile:
    report_progress(1, 2)
    raise DomainError("Programmet har ingen deltagere på datoen.")


@job_kind("test-broken", label="I stykker", personal_data=False)
def broken(job: Job, report_progress: ProgressReporter) -> JobFile:
    raise ZeroDivisionError("a bug")


@job_kind("test-language", label="Sprog", personal_data=False)
def language(job: Job, report_progress: ProgressReporter) -> JobFile:
    from django.utils.translation import gettext

    return JobFile(gettext("Ready").encode(), "sprog.txt", "text/plain")

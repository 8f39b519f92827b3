"""The participant reports made in the background (jobsporet/jobs)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.errors import DomainError
from jobsporet.core.exports.audit import record_export
from jobsporet.core.exports.lists import table_file, with_progress
from jobsporet.jobs.models import Job
from jobsporet.jobs.registry import JobFile, ProgressReporter, job_kind
from jobsporet.programmes.models import Programme

from .exports import participant_list_rows, participant_list_table


def programme_for(job: Job) -> Programme:
    """The job's programme, if its owner is still a member (else a refusal they can read)."""
    programme = Programme.objects.visible_to(job.owner).filter(pk=job.parameters["programme"])
    found = programme.first()
    if found is None:
        raise DomainError(_("You are no longer a member of the programme of this report."))
    return found


@job_kind("participant-list", label=gettext_lazy("Participant list"), personal_data=True)
def participant_list(job: Job, report_progress: ProgressReporter) -> JobFile:
    parameters = job.parameters
    programme = programme_for(job)
    rows = participant_list_rows(
        user=job.owner,
        programme=programme,
        filters=parameters.get("filters", {}),
        person=parameters.get("person"),
    )
    total = rows.count()
    person_ids: list[int] = []

    def read() -> object:
        for row in with_progress(rows.iterator(chunk_size=2000), total, report_progress):
            person_ids.append(row.person_id)
            yield row

    table = participant_list_table(read(), programme=programme)
    file_format = parameters["format"]

    def audit() -> None:
        record_export(
            actor=job.owner,
            target=programme,
            summary=_("Participant list exported (%(rows)s rows, %(format)s)")
            % {"rows": len(person_ids), "format": file_format.upper()},
            rows=len(person_ids),
            file_format=file_format,
            criteria=parameters.get("filters", {}),
            person_ids=person_ids,
            programme_id=programme.pk,
        )

    return table_file(table, file_format=file_format, name=_("participants"), on_saved=audit)

"""The reports of the reporting app, made in the background (jobsporet/jobs)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.errors import DomainError
from jobsporet.core.exports.audit import record_export
from jobsporet.core.exports.lists import table_file, with_progress
from jobsporet.jobs.models import Job
from jobsporet.jobs.registry import JobFile, ProgressReporter, job_kind
from participants.jobkinds import programme_for

from .exports import esf


@job_kind(
    "esf-participant-list",
    label=gettext_lazy("EU Social Fund participant list"),
    personal_data=True,
)
def esf_participant_list(job: Job, report_progress: ProgressReporter) -> JobFile:
    parameters = job.parameters
    programme = programme_for(job)
    full_cpr = bool(parameters.get("full_cpr"))
    purpose = parameters.get("purpose", "").strip()
    if full_cpr and not (job.owner.has_perm("participants.reveal_cpr") and purpose):
        raise DomainError(_("Full CPR numbers need the right to see them and a purpose."))
    rows = esf.esf_rows(programme, job.owner)
    total = rows.count()
    person_ids: list[int] = []

    def read() -> object:
        for row in with_progress(rows.iterator(chunk_size=1000), total, report_progress):
            person_ids.append(row.person_id)
            yield row

    table = esf.esf_table(read(), programme=programme, full_cpr=full_cpr)
    file_format = parameters["format"]

    def audit() -> None:
        record_export(
            actor=job.owner,
            target=programme,
            summary=_(
                "EU Social Fund participant list exported (%(rows)s rows, %(format)s, %(cpr)s)"
            )
            % {
                "rows": len(person_ids),
                "format": file_format.upper(),
                "cpr": _("full CPR numbers") if full_cpr else _("CPR numbers masked"),
            },
            rows=len(person_ids),
            file_format=file_format,
            person_ids=person_ids,
            programme_id=programme.pk,
            purpose=purpose,
            full_cpr=full_cpr,
        )

    name = _("esf-participants-%(programme)s") % {"programme": programme.slug}
    return table_file(table, file_format=file_format, name=name, on_saved=audit)

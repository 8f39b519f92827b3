"""The company reports made in the background (jobsporet/jobs)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.errors import DomainError
from jobsporet.core.exports.audit import record_export
from jobsporet.core.exports.lists import table_file, with_progress
from jobsporet.jobs.models import Job
from jobsporet.jobs.registry import JobFile, ProgressReporter, job_kind
from jobsporet.programmes.models import Programme

from .exports import company_list_rows, company_list_table


@job_kind("company-list", label=gettext_lazy("Company list"), personal_data=False)
def company_list(job: Job, report_progress: ProgressReporter) -> JobFile:
    parameters = job.parameters
    if not job.owner.has_perm("companies.view_company"):
        raise DomainError(_("You may no longer see the company list."))
    programme = None
    if parameters.get("programme"):
        programme = Programme.objects.visible_to(job.owner).filter(pk=parameters["programme"])
        programme = programme.first()
        if programme is None:
            raise DomainError(_("You are no longer a member of the programme of this report."))
    rows = company_list_rows(
        user=job.owner, programme=programme, filters=parameters.get("filters", {})
    )
    total = rows.count()
    read = {"rows": 0}

    def counted() -> object:
        for row in with_progress(rows.iterator(chunk_size=2000), total, report_progress):
            read["rows"] += 1
            yield row

    table = company_list_table(counted(), programme=programme)
    file_format = parameters["format"]

    def audit() -> None:
        record_export(
            actor=job.owner,
            target=programme or job,
            summary=_("Company list exported (%(rows)s rows, %(format)s)")
            % {"rows": read["rows"], "format": file_format.upper()},
            rows=read["rows"],
            file_format=file_format,
            criteria=parameters.get("filters", {}),
            programme_id=programme.pk if programme else None,
        )

    return table_file(table, file_format=file_format, name=_("companies"), on_saved=audit)

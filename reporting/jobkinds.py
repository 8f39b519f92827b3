"""The reports of the reporting app, made in the background (jobsporet/jobs)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobsporet.core.errors import DomainError
from jobsporet.core.exports.audit import record_export
from jobsporet.core.exports.lists import table_file, with_progress
from jobsporet.core.exports.tables import XLSX_CONTENT_TYPE, xlsx_bytes
from jobsporet.jobs.models import Job
from jobsporet.jobs.registry import JobFile, ProgressReporter, job_kind
from jobsporet.programmes.models import Programme
from participants.jobkinds import programme_for

from .dashboard import dashboard_for
from .exports import committee, esf, figures


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

    sees_follow_ups = job.owner.has_perm("placements.view_followup")
    table = esf.esf_table(
        read(),
        programme=programme,
        full_cpr=full_cpr,
        follow_ups_on=timezone.localdate() if sees_follow_ups else None,
    )
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


def _as_of(job: Job) -> datetime.date:
    return datetime.date.fromisoformat(job.parameters["as_of"])


def _outcomes_programme(job: Job) -> Programme:
    if not job.owner.has_perm("programmes.view_outcomes"):
        raise DomainError(_("You may no longer see the programme's outcomes."))
    return programme_for(job)


@job_kind("figures-workbook", label=gettext_lazy("Figures workbook"), personal_data=False)
def figures_workbook(job: Job, report_progress: ProgressReporter) -> JobFile:
    """The figures workbook (reporting/exports/figures.py) of a programme on a date."""
    programme, as_of = _outcomes_programme(job), _as_of(job)
    report_progress(0, 2)
    board = dashboard_for(programme, as_of)
    report_progress(1, 2)
    content = xlsx_bytes(figures.figures_workbook_tables(board))
    filename = _("figures-%(programme)s-%(day)s.xlsx") % {
        "programme": programme.slug,
        "day": as_of.isoformat(),
    }
    return JobFile(content, filename, XLSX_CONTENT_TYPE)


@job_kind("committee-report", label=gettext_lazy("Committee report"), personal_data=False)
def committee_report(job: Job, report_progress: ProgressReporter) -> JobFile:
    """The committee report (reporting/exports/committee.py) of a programme on a date."""
    programme, as_of = _outcomes_programme(job), _as_of(job)
    report_progress(0, 1)
    content = committee.committee_report_pdf(programme, as_of)
    filename = _("committee-report-%(programme)s-%(day)s.pdf") % {
        "programme": programme.slug,
        "day": as_of.isoformat(),
    }
    return JobFile(content, filename, "application/pdf")

"""Data-protection writes: exports for a citizen's request (audited), retention, anonymisation.

Every export is an audit event about the citizen with its purpose; the retention job is the
only code that deletes audit rows (access entries older than AUDIT_ACCESS_RETENTION_MONTHS).
"""

from __future__ import annotations

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.models import AuditEvent

from . import anonymisation
from .models import AnonymisationRun
from .queries import Subject

logger = logging.getLogger(__name__)


def access_report_exported(*, actor: User, subject: Subject, file_format: str, purpose: str):
    """Record that a citizen's access report left the system as a file."""
    return audit.record(
        actor=actor,
        action=AuditEvent.Action.EXPORTED,
        target=subject.person or actor,
        person_id=subject.person.pk if subject.person else None,
        subject_digest=subject.digest,
        summary=_("Access report exported (%(format)s)") % {"format": file_format.upper()},
        purpose=purpose,
    )


def access_entries_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Access entries from before this moment are past their retention."""
    now = now or timezone.now()
    return now - relativedelta(months=settings.AUDIT_ACCESS_RETENTION_MONTHS)


def purge_access_entries(*, now: datetime.datetime | None = None) -> int:
    """Delete the access entries (reads, searches, CPR shown, exports) past their retention;
    changes stay with the case. Returns how many events were deleted. The only deleter of
    audit rows: it runs inside audit.maintenance(), which the database trigger checks."""
    cutoff = access_entries_cutoff(now)
    with audit.maintenance():
        expired = AuditEvent.objects.filter(
            action__in=AuditEvent.ACCESS_ACTIONS, at__lt=cutoff
        ).order_by()
        _total, by_model = expired.delete()
    count = by_model.get(AuditEvent._meta.label, 0)
    logger.info("Deleted %s access entries from before %s", count, cutoff.isoformat())
    return count


def subject_exported(*, actor: User, person, file_format: str, purpose: str):
    """Record that everything about a person left the system as a file, and why."""
    return audit.record(
        actor=actor,
        action=AuditEvent.Action.EXPORTED,
        target=person,
        person_id=person.pk,
        subject_digest=person.cpr_digest,
        summary=_("Data-subject export (%(format)s)") % {"format": file_format.upper()},
        purpose=purpose,
    )


def anonymisation_approve(*, actor: User, plan: anonymisation.Plan) -> AnonymisationRun:
    """Approve anonymising exactly the persons of `plan`; the work runs after commit as a
    background job (in-process without a broker)."""
    from .tasks import run_anonymisation

    with transaction.atomic():
        run = AnonymisationRun.objects.create(
            approved_by=actor, cutoff=plan.cutoff, person_ids=plan.person_ids
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATED,
            target=run,
            summary=_("Anonymisation approved: %(count)s persons who left before %(day)s")
            % {"count": len(plan.person_ids), "day": plan.cutoff.isoformat()},
        )
        transaction.on_commit(lambda: run_anonymisation.delay(run.pk))
    return run


def anonymisation_run(*, run_id: int) -> AnonymisationRun:
    """Carry out an approved anonymisation (once: a second call changes nothing)."""
    with transaction.atomic():
        run = AnonymisationRun.objects.select_for_update().get(pk=run_id)
        if run.status == AnonymisationRun.Status.DONE:
            return run
        done = anonymisation.anonymise(
            person_ids=run.person_ids, cutoff=run.cutoff, actor=run.approved_by
        )
        run.status = AnonymisationRun.Status.DONE
        run.finished_at = timezone.now()
        run.anonymised = done
        run.skipped = len(run.person_ids) - done
        run.save(update_fields=["status", "finished_at", "anonymised", "skipped"])
    return run

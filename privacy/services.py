"""Data-protection writes: exports for a citizen's request (audited) and retention.

Every export is an audit event about the citizen with its purpose; the retention job is the
only code that deletes audit rows (access entries older than AUDIT_ACCESS_RETENTION_MONTHS).
"""

from __future__ import annotations

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jobsporet.accounts.models import User
from jobsporet.core import audit
from jobsporet.core.models import AuditEvent

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

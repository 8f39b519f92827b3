"""Audit rows are write-once; access entries past their retention are deleted by one job."""

import datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from jobsporet.core import audit
from jobsporet.core.models import AuditEvent, AuditListing
from jobsporet.core.periodic import run_due_tasks
from privacy import services, tasks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def event(action: str, *, days_ago: int, person_id: int = 1) -> AuditEvent:
    """An audit event written `days_ago` (the clock is set back: a row cannot be re-dated)."""
    user = UserFactory()
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        row = audit.record(
            actor=user, action=action, target=user, person_id=person_id, summary=action
        )
    assert AuditEvent.objects.get(pk=row.pk).at == moment
    return row


def test_an_audit_row_cannot_be_changed_or_deleted_through_the_app(broker):
    row = audit.record(actor=broker, action="viewed", target=broker, summary="Sagen vist")
    listing = audit.record_listing(
        actor=broker, target=broker, summary="Søgt", criteria={"q": "x"}, person_ids=[7]
    )
    row.summary = "Nothing happened"
    with pytest.raises(audit.AuditRowProtected):
        row.save()
    with pytest.raises(audit.AuditRowProtected):
        row.delete()
    with pytest.raises(audit.AuditRowProtected):
        AuditEvent.objects.filter(pk=row.pk).update(summary="x")
    with pytest.raises(audit.AuditRowProtected):
        AuditEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(audit.AuditRowProtected), transaction.atomic():
        AuditEvent.objects.bulk_update([row], ["summary"])
    with pytest.raises(audit.AuditRowProtected):
        AuditListing.objects.filter(event=listing).delete()
    with pytest.raises(audit.AuditRowProtected):
        listing.listings.get().delete()
    assert AuditEvent.objects.get(pk=row.pk).summary == "Sagen vist"
    assert AuditListing.objects.filter(event=listing).count() == 1


def test_a_user_who_left_a_trail_cannot_be_deleted(broker):
    from django.db.models import ProtectedError

    audit.record(actor=broker, action="viewed", target=broker, summary="Sagen vist")
    with pytest.raises(ProtectedError):
        broker.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_audit_rows_whoever_asks(broker):
    row = audit.record(actor=broker, action="viewed", target=broker, summary="Sagen vist")
    for sql in (
        "UPDATE core_auditevent SET summary = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="audit rows cannot be changed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    # Even in maintenance, the facts of an event (who, when, what) cannot be rewritten.
    with (
        pytest.raises(DatabaseError, match="audit rows cannot be changed"),
        audit.maintenance(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET actor_id = NULL WHERE id = %s", [row.pk])
    # After maintenance the flag is off again in the same transaction.
    with audit.maintenance():
        pass
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [row.pk])
    assert AuditEvent.objects.filter(pk=row.pk, summary="Sagen vist").exists()


def test_the_retention_job_deletes_only_old_access_entries(settings):
    settings.AUDIT_ACCESS_RETENTION_MONTHS = 6
    old_read = event("viewed", days_ago=200)
    old_search = event("searched", days_ago=200)
    AuditListing.objects.create(event=old_search, person_id=1)
    old_reveal = event("cpr_revealed", days_ago=190)
    old_export = event("exported", days_ago=190)
    old_change = event("changed", days_ago=2000)
    recent_read = event("viewed", days_ago=170)
    assert services.purge_access_entries() == 4
    made = [old_read, old_search, old_reveal, old_export, old_change, recent_read]
    left = set(AuditEvent.objects.filter(pk__in=[e.pk for e in made]).values_list("pk", flat=True))
    assert left == {old_change.pk, recent_read.pk}
    assert not AuditListing.objects.exists()
    assert {old_read.pk, old_reveal.pk, old_export.pk}.isdisjoint(left)
    assert services.purge_access_entries() == 0, "running it again deletes nothing more"


def test_the_retention_is_a_setting(settings):
    recent_read = event("viewed", days_ago=40)
    settings.AUDIT_ACCESS_RETENTION_MONTHS = 1
    assert tasks.purge_access_entries.delay().get() == 1
    assert not AuditEvent.objects.filter(pk=recent_read.pk).exists()


def test_the_purge_is_scheduled_in_beat_and_in_process_without_a_broker(settings):
    from django.core.cache import cache

    schedule = settings.CELERY_BEAT_SCHEDULE["purge-access-entries"]
    assert schedule["task"] == "privacy.tasks.purge_access_entries"
    old_read = event("viewed", days_ago=400)
    settings.PERIODIC_TASKS_IN_PROCESS = True
    cache.delete("periodic-task:purge-access-entries")
    assert "purge-access-entries" in run_due_tasks()
    assert not AuditEvent.objects.filter(pk=old_read.pk).exists()
    newer = event("viewed", days_ago=400)
    assert run_due_tasks() == [], "once per interval"
    assert AuditEvent.objects.filter(pk=newer.pk).exists()
    settings.PERIODIC_TASKS_IN_PROCESS = False
    cache.delete("periodic-task:purge-access-entries")
    assert run_due_tasks() == []
    assert AuditEvent.objects.filter(pk=newer.pk).exists()


def test_the_in_process_jobs_follow_an_answered_request(client, settings, broker):
    from django.core.cache import cache

    old_read = event("viewed", days_ago=400)
    settings.PERIODIC_TASKS_IN_PROCESS = True
    cache.delete("periodic-task:purge-access-entries")
    client.force_login(broker)
    assert client.get("/healthz").status_code == 200
    assert not AuditEvent.objects.filter(pk=old_read.pk).exists()

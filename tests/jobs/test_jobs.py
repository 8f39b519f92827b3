"""Background jobs: made in-process without a broker, by a real worker with one; progress the
page shows; the file to its owner only, encrypted at rest, audited when it is about citizens;
deleted after 24 hours; a broker that is down gives a Danish message, never a 500."""

import datetime
import logging

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobsporet.core.models import AuditEvent
from jobsporet.jobs.models import Job
from jobsporet.jobs.services import job_run, job_start, progress_reporter
from jobsporet.jobs.tasks import purge_expired_jobs
from tests.core.test_outbox import broker_down  # noqa: F401 (a fixture: Redis refuses)

from . import kinds

pytestmark = pytest.mark.django_db


def _start(owner, kind="test-count", capture=None, **parameters) -> Job:
    with capture(execute=True):
        job = job_start(owner=owner, kind=kind, parameters=parameters)
    job.refresh_from_db()
    return job


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    def start(owner, kind="test-count", **parameters) -> Job:
        return _start(owner, kind, django_capture_on_commit_callbacks, **parameters)

    return start


def test_without_a_broker_the_job_runs_at_once_and_the_page_offers_the_file(
    broker_client, broker, start
):
    job = start(broker, steps=4)
    assert job.status == Job.Status.DONE
    assert (job.progress_done, job.progress_total) == (4, 4)
    page = broker_client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    assert "Rapporten er klar" in page.text
    assert "hx-trigger" not in page.text, "a finished job stops polling"
    file = broker_client.get(reverse("jobs:download", args=[job.pk]))
    assert file.status_code == 200
    assert file.content == b"0\n1\n2\n3"
    assert file["Content-Disposition"] == 'attachment; filename="taelling.txt"'
    assert file["Cache-Control"] == "no-store"


def test_the_file_is_encrypted_at_rest(broker, start):
    job = start(broker, "test-personal")
    stored = bytes(Job.objects.values_list("sealed_content", flat=True).get(pk=job.pk))
    assert b"010190" not in stored and b"Anne" not in stored
    assert stored.startswith(b"gAAAA"), "a Fernet token"


def test_only_the_owner_may_see_or_download_a_job(client, broker, colleague, start):
    job = start(broker, "test-personal")
    client.force_login(colleague)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert job.label not in client.get(reverse("jobs:list")).text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_a_download_of_personal_data_is_audited_and_other_files_are_not(
    broker_client, broker, start
):
    personal, plain = start(broker, "test-personal"), start(broker, "test-count")
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED)
    broker_client.get(reverse("jobs:download", args=[plain.pk]))
    assert not exports.exists()
    broker_client.get(reverse("jobs:download", args=[personal.pk]))
    event = exports.get()
    assert (event.actor, event.action, event.target_id) == (
        broker,
        AuditEvent.Action.EXPORTED,
        personal.pk,
    )
    assert "Personliste" in event.summary and "personer.csv" in event.summary


def test_a_job_not_yet_done_has_no_download(broker_client, broker):
    job = job_start(owner=broker, kind="test-count")  # no commit in this test: still queued
    assert job.status == Job.Status.QUEUED
    assert broker_client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_progress_is_written_as_it_goes_and_the_page_shows_it(broker_client, broker, start):
    kinds.SEEN_PROGRESS.clear()
    start(broker, steps=3)
    assert kinds.SEEN_PROGRESS == [(0, 3), (1, 3), (2, 3), (3, 3)]

    running = Job.objects.create(
        owner=broker, kind="test-count", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    Job.objects.filter(pk=running.pk).update(
        status=Job.Status.RUNNING, progress_done=30, progress_total=120
    )
    fragment = broker_client.get(
        reverse("jobs:detail", args=[running.pk]), headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text, "htmx gets the fragment only"
    assert 'hx-trigger="every 1s"' in fragment.text
    assert "30 af 120" in fragment.text and 'aria-valuenow="25"' in fragment.text


def test_progress_is_written_only_when_the_percentage_moves(broker, django_assert_num_queries):
    job = Job.objects.create(
        owner=broker, kind="test-count", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    report = progress_reporter(job.pk)
    with django_assert_num_queries(101):
        for done in range(10_001):
            report(done, 10_000)
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (10_000, 10_000)


def test_a_job_delivered_twice_runs_once(broker, start):
    kinds.RUNS.clear()
    job = start(broker)
    assert job_run(job_id=job.pk) is None
    assert [job.pk] == kinds.RUNS


def test_a_job_left_running_by_a_dead_worker_is_taken_again_later(broker):
    kinds.RUNS.clear()
    job = Job.objects.create(
        owner=broker, kind="test-count", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    assert job_run(job_id=job.pk) is None, "still being made by another worker"
    long_ago = timezone.now() - datetime.timedelta(minutes=settings.JOB_STALE_MINUTES + 1)
    Job.objects.filter(pk=job.pk).update(started_at=long_ago)
    assert job_run(job_id=job.pk).status == Job.Status.DONE
    assert [job.pk] == kinds.RUNS


def test_a_refusal_is_shown_in_danish_and_nothing_is_stored(broker_client, broker, start):
    job = start(broker, "test-refused")
    assert job.status == Job.Status.FAILED
    assert job.error == "Programmet har ingen deltagere på datoen."
    assert bytes(job.sealed_content) == b"" and job.filename == ""
    page = broker_client.get(reverse("jobs:detail", args=[job.pk]))
    assert "Programmet har ingen deltagere på datoen." in page.text


def test_a_bug_in_a_report_is_logged_and_the_user_told_plainly(broker, start, caplog):
    with caplog.at_level(logging.ERROR):
        job = start(broker, "test-broken")
    assert job.status == Job.Status.FAILED
    assert job.error == "Rapporten kunne ikke laves. Prøv igen, eller kontakt din administrator."
    assert "ZeroDivisionError" in caplog.text


def test_with_the_broker_down_the_job_fails_with_a_danish_message_and_no_file(
    broker_client,
    broker,
    broker_down,  # noqa: F811
    start,
):
    job = start(broker)
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Rapporten kunne ikke startes: baggrundskøen svarer ikke.")
    assert bytes(job.sealed_content) == b""
    page = broker_client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200 and "baggrundskøen svarer ikke" in page.text


def test_expired_jobs_are_deleted_by_the_beat_task_and_gone_from_the_pages(
    broker_client, broker, start
):
    old, fresh = start(broker, "test-personal"), start(broker)
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert broker_client.get(reverse("jobs:download", args=[old.pk])).status_code == 404
    assert purge_expired_jobs.apply().get() == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk]
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-jobs"]
    assert entry["task"] == purge_expired_jobs.name and entry["schedule"] <= 60 * 60


def test_a_job_expires_24_hours_after_it_was_asked_for(broker, start):
    job = start(broker)
    assert job.expires_at - job.created_at == pytest.approx(
        datetime.timedelta(hours=24), abs=datetime.timedelta(seconds=5)
    )


def test_my_reports_lists_my_jobs_in_a_fixed_number_of_queries(
    broker_client, broker, colleague, start, django_assert_num_queries
):
    start(colleague, "test-personal")
    start(broker)
    broker_client.get(reverse("jobs:list"))  # the session's first request records its start
    with django_assert_num_queries(5) as few:
        page = broker_client.get(reverse("jobs:list"))
    assert "Tælling" in page.text and "Personliste" not in page.text
    for _ in range(15):
        start(broker, "test-personal")
    with django_assert_num_queries(len(few.captured_queries)):
        page = broker_client.get(reverse("jobs:list"))
    assert page.text.count("Personliste") == 15


def test_the_status_page_and_its_polling_stay_within_budget(
    broker_client, broker, start, django_assert_num_queries
):
    job = start(broker)
    broker_client.get(reverse("jobs:list"))  # the session's first request records its start
    with django_assert_num_queries(5):
        broker_client.get(reverse("jobs:detail", args=[job.pk]))
    # The fragment htmx polls for: the session, the user and the job.
    with django_assert_num_queries(3):
        broker_client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"})


def test_a_job_through_a_real_worker_on_the_configured_broker(
    celery_worker, worker_finished, broker
):
    job = job_start(owner=broker, kind="test-count", parameters={"steps": 2})
    assert worker_finished("jobsporet.jobs.tasks.run_job"), "the worker never ran the job"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.filename == "taelling.txt"


def test_the_file_is_written_in_the_language_the_user_asked_in(broker, start):
    from django.utils import translation

    from jobsporet.core.crypto import unseal

    danish = start(broker, "test-language")
    with translation.override("en"):
        english = start(broker, "test-language")
    assert unseal(danish.sealed_content) == b"Klar"
    assert unseal(english.sealed_content) == b"Ready"

"""Side effects go through a real Celery worker on the configured broker, after commit."""

import time

import pytest
from django.conf import settings
from django.core import mail

from jobsporet.celery import app
from tests.factories import ParticipantFactory


def _wait_for(predicate, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_celery_uses_the_configured_broker_and_reaches_it():
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)
        assert connection.connected


def test_a_new_assignment_mails_the_broker_through_a_real_worker(celery_worker, programme, broker):
    ParticipantFactory(programme=programme, job_broker=broker, reference="JS-77")
    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker never sent the mail"
    assert "JS-77" in mail.outbox[0].subject


@pytest.mark.django_db
def test_no_mail_when_the_broker_enrols_their_own_case(
    programme, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ParticipantFactory(programme=programme, job_broker=broker)
    # participant_enrol was called with actor=None, so the broker is told; now as the broker:
    assert [message.to for message in mail.outbox] == [[broker.email]]
    from participants import services
    from tests.factories import PersonFactory

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_enrol(
            person=PersonFactory(),
            programme=programme,
            reference="own",
            enrolled_on=programme.starts_on,
            job_broker=broker,
            actor=broker,
        )
    assert mail.outbox == []

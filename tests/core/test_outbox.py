"""Redis down: data saved is never answered with a 500; the task waits in the outbox and is
queued again once the broker answers. The broker here really refuses connections (nothing
listens on its port), so this is kombu's and redis' own failure, not a mock."""

import logging
import os

import pytest
from django.core import mail
from django.urls import reverse

from jobsporet.celery import app
from jobsporet.outbox.models import OutboxTask
from jobsporet.outbox.services import outbox_retry
from participants.models import Participant
from tests.factories import make_cpr

pytestmark = pytest.mark.django_db

REFUSING_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens, connect is refused


def _use_broker(url: str | None, *, eager: bool) -> None:
    """Point Celery at another broker (Celery reads CELERY_BROKER_URL from the environment
    before its settings); its pools are looked up again, per broker."""
    app._pool = None
    app.amqp._producer_pool = None
    if url is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = url
    app.conf.task_always_eager = eager


@pytest.fixture
def broker_down():
    saved = os.environ.get("CELERY_BROKER_URL"), app.conf.task_always_eager
    _use_broker(REFUSING_BROKER, eager=False)
    yield
    _use_broker(saved[0], eager=saved[1])


def _enrol_for_colleague(colleague) -> dict:
    from tests.participants.test_views import enrol_data

    return enrol_data(cpr=make_cpr(), reference="JS-500", job_broker=colleague.pk)


def test_enrolling_for_a_colleague_with_redis_down_saves_and_queues_for_later(
    broker_client,
    colleague,
    broker_down,
    caplog,
    django_capture_on_commit_callbacks,
):
    with (
        caplog.at_level(logging.WARNING, logger="jobsporet.outbox.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = broker_client.post(
            reverse("participants:enrol"), _enrol_for_colleague(colleague)
        )

    participant = Participant.objects.get(reference="JS-500")
    assert response.status_code == 302
    assert response.url == reverse("participants:detail", args=[participant.pk])
    waiting = OutboxTask.objects.pending().get()
    assert (waiting.task, waiting.args) == (
        "participants.tasks.notify_new_assignment",
        [participant.pk],
    )
    assert "Connection refused" in waiting.last_error or "Error 111" in waiting.last_error
    assert "Could not queue participants.tasks.notify_new_assignment" in caplog.text
    assert mail.outbox == []


def test_the_retry_keeps_waiting_while_redis_is_down_and_sends_once_it_is_back(
    programme, broker, colleague, broker_down, django_capture_on_commit_callbacks
):
    from participants import services
    from tests.factories import PersonFactory

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_enrol(
            person=PersonFactory(),
            programme=programme,
            reference="JS-501",
            enrolled_on=programme.starts_on,
            job_broker=colleague,
            actor=broker,
        )
    assert outbox_retry() == (0, 1)
    waiting = OutboxTask.objects.pending().get()
    assert waiting.attempts == 2

    _use_broker("memory://", eager=True)  # the broker is back (tasks run in-process here)
    assert outbox_retry() == (1, 0)

    assert not OutboxTask.objects.pending().exists()
    assert OutboxTask.objects.get().sent_at is not None
    assert len(mail.outbox) == 1 and "JS-501" in mail.outbox[0].subject
    assert outbox_retry() == (0, 0), "a task is queued once"


def test_the_retry_runs_from_beat():
    from django.conf import settings

    from jobsporet.outbox.tasks import retry_outbox

    entry = settings.CELERY_BEAT_SCHEDULE["retry-outbox"]
    assert entry["task"] == retry_outbox.name and entry["schedule"] <= 60


# --- Liveness and readiness --------------------------------------------------------------------


def test_readiness_reports_the_broker_down_while_liveness_stays_up(client, broker_down):
    OutboxTask.objects.create(task="participants.tasks.notify_new_assignment", args=[1])
    ready = client.get(reverse("readiness"))
    assert ready.status_code == 503
    assert ready.json() == {
        "database": "ok",
        "broker": "unavailable",
        "outbox": 1,
        "status": "unavailable",
    }
    assert ready["Cache-Control"].startswith("max-age=0")
    live = client.get(reverse("health"))
    assert (live.status_code, live.json()) == (200, {"status": "ok"})


def _configured_broker_state() -> str:
    # A real broker in CI (Redis); tasks in-process on a developer's machine.
    return "in-process" if app.conf.broker_url == "memory://" else "ok"


def test_readiness_is_ok_when_both_answer(client):
    ready = client.get(reverse("readiness"))
    assert ready.status_code == 200
    assert ready.json() == {
        "database": "ok",
        "broker": _configured_broker_state(),
        "outbox": 0,
        "status": "ok",
    }


def test_readiness_reports_the_database_down_on_its_own(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OSError("database gone")

    monkeypatch.setattr(connection, "cursor", refuse)
    ready = client.get(reverse("readiness"))
    assert ready.status_code == 503
    assert ready.json() == {
        "database": "unavailable",
        "broker": _configured_broker_state(),
        "status": "unavailable",
    }

"""Fixtures: programmes and personas (a broker, a colleague, an outsider, a case worker, a
company consultant, a manager and an administrator)."""

import collections
import threading
import uuid

import pytest

from jobsporet.accounts import sessions
from jobsporet.accounts.roles import Role

from .factories import ProgrammeFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_off(settings) -> None:
    # Tests read the interface as users do: in Danish, the default language.
    settings.LANGUAGE_CODE = "da"
    # Scheduled jobs (the retention purge) run only where a test asks for them.
    settings.PERIODIC_TASKS_IN_PROCESS = False


@pytest.fixture(autouse=True)
def _own_cache(settings) -> None:
    """Each test counts in a cache of its own (the CPR look-up throttle), also on the Redis that
    the parallel test processes share in CI, where ids repeat across their databases."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": prefix} for name, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _steady_sessions(request, monkeypatch) -> None:
    """A query count must not depend on the clock. The session's "last seen" is written at most
    every SEEN_RESOLUTION seconds, so a test slowed down by a busy machine would count one write
    more; tests that count queries hold it still."""
    if "django_assert_num_queries" in request.fixturenames:
        monkeypatch.setattr(sessions, "SEEN_RESOLUTION", 24 * 3600)


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="jobsporet", name="Jobsporet")


@pytest.fixture
def other_programme(db):
    return ProgrammeFactory(slug="flere-skal-med", name="Flere skal med")


@pytest.fixture
def broker(programme):
    return UserFactory(username="broker", role=Role.JOB_BROKER, programmes=[programme])


@pytest.fixture
def colleague(programme):
    return UserFactory(username="colleague", role=Role.JOB_BROKER, programmes=[programme])


@pytest.fixture
def outsider(other_programme):
    return UserFactory(username="outsider", role=Role.JOB_BROKER, programmes=[other_programme])


@pytest.fixture
def case_worker(programme):
    return UserFactory(username="caseworker", role=Role.CASE_WORKER, programmes=[programme])


@pytest.fixture
def consultant(programme):
    return UserFactory(username="consultant", role=Role.COMPANY_CONSULTANT, programmes=[programme])


@pytest.fixture
def manager(programme):
    return UserFactory(username="manager", role=Role.MANAGER, programmes=[programme])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def broker_client(client, broker):
    client.force_login(broker)
    return client


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in-process in tests, unless a test asks for the real worker (celery_worker)."""
    from jobsporet.celery import app

    if "celery_worker" in request.fixturenames:
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def worker_finished():
    """wait(task_name, seconds): True once the real worker has finished a task of that name.
    Tests wait on this rather than polling the database while the worker writes to it, which
    SQLite's shared in-memory test database answers with "database table is locked"."""
    from celery.signals import task_postrun

    finished: dict[str, threading.Event] = collections.defaultdict(threading.Event)

    def record(sender=None, **kwargs) -> None:
        finished[sender.name].set()

    task_postrun.connect(record, weak=False)
    yield lambda name, seconds=30: finished[name].wait(seconds)
    task_postrun.disconnect(record)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker in a thread, on the configured broker (Redis in CI; memory:// else)."""
    from celery.contrib.testing.worker import start_worker

    from jobsporet.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    app.conf.task_always_eager = previous

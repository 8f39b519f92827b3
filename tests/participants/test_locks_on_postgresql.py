"""The case's row lock, proven where production runs: two connections, one lost update tried.

The other lock tests spy on select_for_update; this one lets two real PostgreSQL sessions race
for the same case. SQLite has no row locks (it serialises whole writers), so it runs on
PostgreSQL only, which CI always runs.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from jobsporet.core.errors import DomainError
from participants import services
from participants.models import Participant
from tests.factories import ParticipantFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (CI runs it)"
    ),
]


def _sessions_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_second_exit_from_a_stale_page_waits_for_the_first_and_is_refused(programme):
    case = ParticipantFactory(programme=programme)
    exit_on = case.enrolled_on + datetime.timedelta(days=30)
    # Both people opened the case before either saved: each holds the same, stale copy.
    first_copy = Participant.objects.get(pk=case.pk)
    second_copy = Participant.objects.get(pk=case.pk)
    first_saved, release_first = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.participant_exit(
                    participant=first_copy, exit_on=exit_on, outcome="dropout", actor=None
                )
                first_saved.set()
                release_first.wait(20)  # keep the transaction (and its lock) open
        finally:
            connection.close()

    def second() -> None:
        first_saved.wait(20)
        try:
            services.participant_exit(
                participant=second_copy, exit_on=exit_on, outcome="education", actor=None
            )
            outcome["second"] = "saved"
        except DomainError as error:
            outcome["second"] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_saved.wait(20), "the first exit never saved"
    deadline = time.monotonic() + 20
    while _sessions_waiting_for_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    blocked = _sessions_waiting_for_a_lock()
    assert "second" not in outcome, "the second exit did not wait for the first"
    release_first.set()
    for thread in threads:
        thread.join(20)

    assert blocked == 1, "the second exit should wait on the case's row lock"
    assert "allerede ophørt i programmet" in outcome["second"]
    case.refresh_from_db()
    assert case.exit_outcome == Participant.ExitOutcome.DROPOUT, "the first save was kept"

"""Reads side by side (jobsporet/core/side_by_side.py): on PostgreSQL, outside a transaction, a
read runs on a second connection in a worker thread, with the request's language and context;
everywhere else it runs in line. Either way the dashboard's figures are the same.

The tests that commit for real (transaction=True) run on both databases: on SQLite they prove the
read stays in line, on PostgreSQL (which CI always runs) that it moves to its own connection.
"""

import logging
import threading
from dataclasses import asdict

import pytest
from django.db import OperationalError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import override_settings
from django.utils import translation

from jobsporet.core import side_by_side as module
from jobsporet.core.replica import _reporting, reading_from_replica
from jobsporet.core.side_by_side import can_read_side_by_side, side_by_side
from participants.models import Participant
from reporting.dashboard import dashboard_for
from reporting.kpis import programme_kpis
from tests.reporting.conftest import d

ON_POSTGRESQL = connection.vendor == "postgresql"


def _where() -> tuple[str, int | None, object]:
    """This thread's name, its PostgreSQL backend's process id, and its own connection (not
    the proxy, which is whichever thread's reads it)."""
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
    return threading.current_thread().name, pid, connections["default"]


def _main_pid() -> int | None:
    return _where()[1]


@pytest.fixture
def started(monkeypatch) -> list:
    """The reads handed to the worker from here on (each still runs as it would)."""
    reads = []
    submit = module._WORKERS.submit

    def counting_submit(*args, **kwargs):
        reads.append(args)
        return submit(*args, **kwargs)

    monkeypatch.setattr(module._WORKERS, "submit", counting_submit)
    return reads


@pytest.mark.django_db
def test_inside_a_transaction_the_read_runs_in_line():
    """Every test in a test transaction, and any request inside atomic(): a second connection
    would not see the rows written and not yet committed."""
    assert connection.in_atomic_block
    assert not can_read_side_by_side(Participant)
    name, pid, _wrapper = side_by_side(Participant, _where).result()
    assert name == threading.current_thread().name
    assert pid == _main_pid()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_postgresql_reads_on_a_second_connection_sqlite_in_line():
    assert not connection.in_atomic_block
    assert can_read_side_by_side(Participant) is ON_POSTGRESQL
    main = threading.current_thread().name
    name, pid, wrapper = side_by_side(Participant, _where).result()
    if ON_POSTGRESQL:
        assert name.startswith("side-by-side") and name != main
        assert pid != _main_pid()
        # The worker closed its connection when the read was done: none is left open.
        assert wrapper.connection is None
    else:
        assert name == main


@pytest.mark.django_db(transaction=True)
def test_the_setting_turns_it_off():
    with override_settings(READS_SIDE_BY_SIDE=False):
        assert not can_read_side_by_side(Participant)
        assert side_by_side(Participant, _where).result()[0] == threading.current_thread().name


@pytest.mark.django_db(transaction=True)
def test_the_read_has_the_requests_language_and_context():
    def seen() -> tuple[str, bool]:
        return translation.get_language(), _reporting.get()

    with translation.override("en"), reading_from_replica():
        assert side_by_side(Participant, seen).result() == ("en", True)
    with translation.override("da"):
        assert side_by_side(Participant, seen).result() == ("da", False)


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_read_reaches_the_caller():
    def fails() -> None:
        raise LookupError("no such figure")

    with pytest.raises(LookupError, match="no such figure"):
        side_by_side(Participant, fails).result()


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_is_the_same_side_by_side_and_in_line(story, started):
    """The dashboard reads the training companies and sectors side by side (on PostgreSQL) and
    finds every figure the reads in line find, on committed data."""
    for day in (d(6, 30), d(12, 31)):
        board = dashboard_for(story, day)
        with override_settings(READS_SIDE_BY_SIDE=False):
            in_line = dashboard_for(story, day)
        assert asdict(board.kpis) == asdict(in_line.kpis)
        assert board.sectors == in_line.sectors and board.sectors
        assert board.kpis.training_companies
        assert board.trend == in_line.trend
        assert board.brokers == in_line.brokers
        assert board.charts.keys() == in_line.charts.keys()
    # On PostgreSQL the side-by-side dashboards started a read in the worker; on SQLite none.
    assert len(started) == (2 if ON_POSTGRESQL else 0)


@pytest.mark.django_db(transaction=True)
def test_programme_kpis_reads_the_training_companies_side_by_side(story, started):
    """programme_kpis alone (the comparison page, the kpis command, the snapshots) reads its
    slowest figure, the training companies, in the worker on PostgreSQL, with the same
    figures; given them (the dashboard), it starts nothing."""
    side = programme_kpis(story, d(12, 31))
    with override_settings(READS_SIDE_BY_SIDE=False):
        in_line = programme_kpis(story, d(12, 31))
    assert asdict(side) == asdict(in_line) and side.training_companies
    assert len(started) == (1 if ON_POSTGRESQL else 0)
    programme_kpis(story, d(12, 31), training=in_line.training_companies)
    assert len(started) == (1 if ON_POSTGRESQL else 0)


@pytest.mark.django_db(transaction=True)
def test_without_a_second_connection_the_read_runs_in_line(monkeypatch, caplog):
    """The server refuses the worker's connection (its limit reached, say): the page still gets
    its figures, read in line on its own connection, and the refusal is logged."""
    connect = BaseDatabaseWrapper.ensure_connection

    def refused_in_the_worker(self):
        if threading.current_thread().name.startswith("side-by-side"):
            raise OperationalError("too many clients already")
        return connect(self)

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refused_in_the_worker)
    with caplog.at_level(logging.WARNING, logger="jobsporet.core.side_by_side"):
        name, pid, _wrapper = side_by_side(Participant, _where).result()
    assert name == threading.current_thread().name
    assert pid == _main_pid()
    refusals = [r for r in caplog.records if "No second database connection" in r.getMessage()]
    assert len(refusals) == (1 if ON_POSTGRESQL else 0)

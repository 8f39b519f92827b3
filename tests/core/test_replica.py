"""Reports read from the read replica when DATABASE_REPLICA_URL is set; nothing else does."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext

from jobsporet.core.replica import REPLICA, ReplicaRouter, reading_from_replica
from participants.models import Participant
from tests.factories import ParticipantFactory

router = ReplicaRouter()
WITH_REPLICA = {**settings.DATABASES, REPLICA: settings.DATABASES["default"]}


def test_the_router_sends_reads_in_the_block_to_the_replica_and_nothing_else(monkeypatch):
    monkeypatch.setattr(settings, "DATABASES", WITH_REPLICA)
    assert router.db_for_read(Participant) is None
    with reading_from_replica():
        assert router.db_for_read(Participant) == REPLICA
        assert router.db_for_write(Participant) == "default"
    assert router.db_for_read(Participant) is None
    assert router.allow_migrate(REPLICA, "participants") is False
    assert router.allow_migrate("default", "participants") is True


def test_without_a_replica_the_block_changes_nothing(monkeypatch):
    monkeypatch.setattr(settings, "DATABASES", {"default": settings.DATABASES["default"]})
    with reading_from_replica():
        assert router.db_for_read(Participant) is None


@pytest.mark.skipif(
    REPLICA not in settings.DATABASES,
    # Only this file runs with a replica alias (.ci/run, on PostgreSQL): with one configured,
    # every other test reading a report would need it in its allowed databases.
    reason="needs DATABASE_REPLICA_URL (.ci/run sets it for this file on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_outcome_figures_are_read_through_the_replica_connection(programme, manager, client):
    ParticipantFactory(programme=programme, enrolled_on=datetime.date(2021, 1, 4))
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        call_command("kpis", "--program", programme.slug, stdout=StringIO())
    assert len(replica.captured_queries) >= 5
    assert not any("participants_participant" in q["sql"] for q in primary.captured_queries)
    client.force_login(manager)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.get("/resultater/")
    assert response.status_code == 200
    assert "participants_participant" in " ".join(q["sql"] for q in replica.captured_queries)
    # A case page is not a report: it reads the primary.
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        client.get("/deltagere/")
    assert not replica.captured_queries

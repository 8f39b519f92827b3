"""Operational log lines: the events an operator needs, structured, never with a CPR number,
a name or a note's text."""

import datetime
import json
import logging
import sys

import pytest
from celery import shared_task
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory

from jobsporet.core.errors import DomainError
from jobsporet.core.imports.errors import ImportRefused
from jobsporet.core.imports.registry import importer_for
from jobsporet.core.oplog import MaskedJsonFormatter
from participants import services
from tests.factories import CompanyFactory, ParticipantFactory, hire

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(caplog):
    """The operational events logged, as (event, fields) in order."""
    caplog.set_level(logging.INFO, logger="jobsporet.ops")

    def events() -> list[tuple[str, dict]]:
        standard = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
        return [
            (record.event, {k: v for k, v in vars(record).items() if k not in standard | {"event"}})
            for record in caplog.records
            if record.name == "jobsporet.ops"
        ]

    return events


def _formatted(record: logging.LogRecord) -> dict:
    """The record as the configured formatter writes it (settings.LOGGING)."""
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    return json.loads(MaskedJsonFormatter(**options).format(record))


def test_an_exit_is_logged_when_it_commits_with_ids_and_outcome_only(
    ops, caplog, programme, broker, django_capture_on_commit_callbacks
):
    participant = ParticipantFactory(programme=programme, person__first_name="Bodil")
    caplog.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_exit(
            participant=participant,
            exit_on=participant.enrolled_on + datetime.timedelta(days=30),
            outcome="dropout",
            reason="Flyttet til Aarhus",
            actor=broker,
        )
    assert ops() == [
        (
            "participant.exited",
            {
                "participant_id": participant.pk,
                "programme_id": programme.pk,
                "outcome": "dropout",
                "actor_id": broker.pk,
            },
        )
    ]
    line = json.dumps(_formatted(caplog.records[-1]))
    assert "Bodil" not in line and "Aarhus" not in line


def test_a_refused_exit_is_not_logged(ops, caplog, programme, django_capture_on_commit_callbacks):
    participant = ParticipantFactory(programme=programme)
    caplog.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        services.participant_exit(
            participant=participant,
            exit_on=participant.enrolled_on - datetime.timedelta(days=1),
            outcome="dropout",
            actor=None,
        )
    assert ops() == []


def test_a_hire_is_logged_with_the_company_and_hours(
    ops, caplog, programme, django_capture_on_commit_callbacks
):
    participant = ParticipantFactory(programme=programme)
    company = CompanyFactory()
    caplog.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placement = hire(participant, company=company)
    events = dict(ops())
    assert events["participant.hired"] == {
        "participant_id": participant.pk,
        "programme_id": programme.pk,
        "placement_id": placement.pk,
        "company_id": company.pk,
        "employment_type": "part_time",
        "weekly_hours": "10",
        "actor_id": None,
    }
    assert events["participant.exited"]["outcome"] == "employment"


def test_an_import_is_logged_with_its_counts_and_a_refusal_with_lines_not_messages(ops, caplog):
    data = b"slug,name,starts_on\njobsporet,Jobsporet,2020-09-01\n"
    importer_for("programs").run(data)
    assert ops()[-1] == (
        "import.done",
        {
            "kind": "programs",
            "dry_run": False,
            "actor_id": None,
            "rows_created": 1,
            "rows_updated": 0,
            "rows_unchanged": 0,
        },
    )
    with pytest.raises(ImportRefused):
        importer_for("programs").run(b"slug,name,starts_on\nny,Anne Jensen,31-02-2021\n")
    event, fields = ops()[-1]
    assert (event, fields["errors"], fields["lines"], fields["columns"]) == (
        "import.refused",
        1,
        [2],
        ["starts_on"],
    )
    assert "Anne" not in json.dumps(_formatted(caplog.records[-1]))


def test_a_refused_login_is_logged_with_the_username_and_a_cpr_typed_there_is_masked(
    ops, caplog, broker
):
    request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.7")
    assert authenticate(request, username="broker", password="wrong") is None
    assert ops()[-1] == ("login.refused", {"username": "broker", "ip": "10.0.0.7"})
    assert authenticate(request, username="150387-4321", password="wrong") is None
    line = _formatted(caplog.records[-1])
    assert line["username"] == "150387-xxxx" and line["level"] == "WARNING"


@shared_task
def _always_fails(participant_id: int) -> None:
    raise RuntimeError(f"could not read case {participant_id} for 150387-4321")


def test_a_failed_task_is_logged_with_its_name_and_the_kind_of_error(ops, caplog):
    result = _always_fails.apply(args=[7], throw=False)
    assert result.failed()
    event, fields = ops()[-1]
    assert (event, fields["task"], fields["error"]) == (
        "task.failed",
        "tests.core.test_oplog._always_fails",
        "RuntimeError",
    )
    assert "4321" not in json.dumps(_formatted(caplog.records[-1]))


def test_the_formatter_masks_a_cpr_number_in_the_message_and_the_traceback():
    try:
        raise ValueError("no person with CPR 1503874321")
    except ValueError:
        record = logging.LogRecord(
            "jobsporet",
            logging.ERROR,
            __file__,
            1,
            "lookup of %s failed",
            ("150387-4321",),
            sys.exc_info(),
        )
    line = _formatted(record)
    assert line["message"] == "lookup of 150387-xxxx failed"
    assert "150387-xxxx" in line["exc_info"] and "4321" not in json.dumps(line)

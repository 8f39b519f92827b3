"""The EU Social Fund participant list: one row per participant with placements and exit; the
full CPR number only for a role that may see it and gives a purpose, masked for everyone else;
each export audited with its purpose and row count."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from jobsporet.core.models import AuditEvent, AuditListing
from jobsporet.jobs.models import Job
from tests.factories import (
    CompanyFactory,
    ParticipantFactory,
    PersonFactory,
    hire,
    leave,
    record_follow_up,
    start_training,
)

from .conftest import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

ESF = reverse("reporting:esf-export")


@pytest.fixture
def cases(programme, other_programme, broker):
    anne = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        reference="JS-1",
        enrolled_on=datetime.date(2021, 1, 4),
        person=PersonFactory(cpr="150387-4322", first_name="Anne", last_name="Jensen"),
    )
    trainer = CompanyFactory(cvr="11111111", name="SuperBrugsen")
    start_training(anne, company=trainer, starts_on=datetime.date(2021, 2, 1), weekly_hours=20)
    hire(
        anne,
        company=CompanyFactory(cvr="22222222"),
        starts_on=datetime.date(2021, 5, 1),
        weekly_hours=Decimal("37"),
    )
    bo = ParticipantFactory(
        programme=programme,
        reference="JS-2",
        enrolled_on=datetime.date(2021, 3, 1),
        person=PersonFactory(cpr="010160-1231", first_name="Bo", last_name="Hansen"),
    )
    ParticipantFactory(programme=other_programme, reference="FSM-1")
    return anne, bo


@pytest.fixture
def leavers(programme):
    """Cai left and was followed up six months on; Dan left ten days ago (not due yet)."""
    cai = ParticipantFactory(programme=programme, reference="JS-3")
    leave(cai, datetime.date(2021, 6, 1))
    record_follow_up(cai, outcome="education", contacted_on=datetime.date(2021, 12, 3))
    dan = ParticipantFactory(programme=programme, reference="JS-4")
    left_on = timezone.localdate() - datetime.timedelta(days=10)
    leave(dan, left_on)
    return left_on


def test_a_manager_gets_masked_cpr_numbers_and_no_choice(client, manager, cases, order, fetch):
    client.force_login(manager)
    page = client.get(ESF)
    assert page.status_code == 200 and 'name="purpose"' not in page.text
    _response, job = order(client, ESF, {"format": "xlsx", "full_cpr": "on", "purpose": "ESF"})
    assert job.status == Job.Status.DONE
    rows = read_xlsx(fetch(client, job))["EU Socialfonden"]
    header, anne, bo = rows[1], rows[2], rows[3]
    assert header == [
        "Sag",
        "CPR",
        "Navn",
        "Køn",
        "Alder ved tilmelding",
        "Tilmeldt",
        "Afsluttet",
        "Resultat",
        "Træningsforløb",
        "Ansættelser",
        "Opfølgning efter 6 mdr.",
    ]
    assert anne[:5] == ["JS-1", "150387-xxxx", "Anne Jensen", "Kvinde", "25-54"]
    assert anne[6] == datetime.datetime(2021, 5, 1) and anne[7] == "Beskæftigelse"
    assert anne[8] == "11111111 01.02.2021-01.05.2021, 20 timer om ugen"
    assert anne[9] == "22222222 01.05.2021-, 37 timer om ugen"
    assert anne[10] == "Forfaldt 01.11.2021, ikke registreret"
    assert bo[:5] == ["JS-2", "010160-xxxx", "Bo Hansen", "Mand", "Over 54"]
    assert bo[10] is None, "no exit, no follow-up"
    assert len(rows) == 4, "only this programme's participants"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).earliest("pk")
    assert event.changes["full_cpr"] is False and event.purpose == ""


def test_a_broker_with_a_purpose_gets_full_cpr_numbers_and_it_is_audited(
    client, broker, cases, order, fetch
):
    client.force_login(broker)
    data = {"format": "csv", "full_cpr": "on", "purpose": "Indberetning til Socialfonden"}
    _response, job = order(client, ESF, data)
    rows = read_csv(fetch(client, job))
    assert [row[1] for row in rows[1:]] == ["150387-4322", "010160-1231"]
    assert "150387-4322" not in str(job.parameters)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).earliest("pk")
    assert event.actor == broker and event.purpose == "Indberetning til Socialfonden"
    assert event.changes["full_cpr"] is True and event.changes["rows"] == 2
    assert "fulde CPR-numre" in event.summary
    listed = set(AuditListing.objects.filter(event=event).values_list("person_id", flat=True))
    assert listed == {case.person_id for case in cases}


def test_a_broker_without_a_purpose_is_asked_for_one_and_nothing_is_made(client, broker, cases):
    client.force_login(broker)
    response = client.post(ESF, {"format": "csv", "full_cpr": "on", "purpose": "  "})
    assert response.status_code == 400
    assert "Angiv formålet" in response.text
    assert not Job.objects.exists()


def test_a_broker_without_full_cpr_gets_them_masked(client, broker, cases, order, fetch):
    client.force_login(broker)
    _response, job = order(client, ESF, {"format": "csv", "purpose": "ignored"})
    rows = read_csv(fetch(client, job))
    assert [row[1] for row in rows[1:]] == ["150387-xxxx", "010160-xxxx"]
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).earliest("pk")
    assert exported.purpose == "" and exported.changes["full_cpr"] is False


def test_a_job_asking_for_full_cpr_without_the_right_is_refused(manager, cases):
    from jobsporet.jobs.services import job_run, job_start

    job = job_start(
        owner=manager,
        kind="esf-participant-list",
        parameters={
            "programme": cases[0].programme_id,
            "format": "csv",
            "full_cpr": True,
            "purpose": "x",
        },
    )
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.FAILED
    assert job.error == "Fulde CPR-numre kræver ret til at se dem og et formål."
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_roles_without_the_participant_list_are_refused(client, consultant, cases):
    client.force_login(consultant)
    assert client.get(ESF).status_code == 403
    assert client.post(ESF, {"format": "csv"}).status_code == 403


def test_the_follow_up_column_says_what_was_recorded_or_when_it_falls_due(
    client, manager, cases, leavers, order, fetch
):
    client.force_login(manager)
    _response, job = order(client, ESF, {"format": "csv"})
    status = {row[0]: row[10] for row in read_csv(fetch(client, job))[1:]}
    assert status["JS-3"] == "Uddannelse (kontaktet 03.12.2021)"
    due = leavers + relativedelta(months=6)
    assert status["JS-4"] == f"Forfalder {due:%d.%m.%Y}"
    assert status["JS-2"] == ""

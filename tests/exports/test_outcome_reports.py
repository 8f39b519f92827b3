"""Ordering the reports on a programme's figures: managers and administrators only, on a date
they choose; an export made by a real worker on the configured broker."""

import datetime

import pytest
from django.urls import reverse

from jobsporet.jobs.models import Job
from jobsporet.jobs.services import job_start
from tests.factories import ParticipantFactory

from .conftest import read_xlsx

pytestmark = pytest.mark.django_db

REPORTS = reverse("reporting:outcome-reports")


def test_a_manager_orders_the_figures_workbook_on_a_date(client, manager, programme, order, fetch):
    ParticipantFactory(programme=programme, enrolled_on=datetime.date(2021, 1, 4))
    ParticipantFactory(programme=programme, enrolled_on=datetime.date(2021, 6, 1))
    client.force_login(manager)
    assert client.get(REPORTS).status_code == 200
    _response, job = order(client, REPORTS, {"as_of": "2021-03-31", "report": "figures-workbook"})
    assert job.parameters == {"programme": programme.pk, "as_of": "2021-03-31"}
    assert job.filename == "noegletal-jobsporet-2021-03-31.xlsx"
    sheet = read_xlsx(fetch(client, job))["Nøgletal"]
    assert sheet[1] == ["Status pr. 31. marts 2021"] + [None] * 3
    assert sheet[3][:3] == ["Deltagere", "Tilmeldt", 1], "only those enrolled by the date"


def test_job_brokers_may_not_order_the_figures(client, broker):
    client.force_login(broker)
    assert client.get(REPORTS).status_code == 403
    assert (
        client.post(REPORTS, {"as_of": "2021-03-31", "report": "figures-workbook"}).status_code
        == 403
    )
    assert not Job.objects.exists()


def test_a_date_that_is_not_one_is_refused_with_the_form_kept(client, manager):
    client.force_login(manager)
    response = client.post(REPORTS, {"as_of": "31-31-2021", "report": "figures-workbook"})
    assert response.status_code == 400
    assert 'value="31-31-2021"' in response.text
    assert client.post(REPORTS, {"as_of": "2021-03-31", "report": "other"}).status_code == 404
    assert not Job.objects.exists()


def test_an_export_through_a_real_worker_on_the_configured_broker(
    celery_worker, worker_finished, broker, programme
):
    ParticipantFactory(programme=programme, job_broker=broker, reference="JS-9")
    job = job_start(
        owner=broker,
        kind="participant-list",
        parameters={"programme": programme.pk, "filters": {}, "format": "xlsx"},
    )
    assert worker_finished("jobsporet.jobs.tasks.run_job"), "the worker never ran the job"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    from jobsporet.core.crypto import unseal

    rows = read_xlsx(unseal(job.sealed_content))["Deltagere"]
    assert [row[0] for row in rows[2:]] == ["JS-9"]

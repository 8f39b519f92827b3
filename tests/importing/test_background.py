"""Issue 7, finding 11: a large file is checked and imported as a background job with progress.

The page polls the job, states its limits, refuses a file over them, and says in Danish when
the background queue is down; only the uploader sees their job. No 500 anywhere.
"""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobsporet.accounts.roles import Role
from jobsporet.core.imports.uploads import PendingUpload
from jobsporet.core.models import AuditEvent
from jobsporet.importing import background
from jobsporet.jobs.models import Job
from participants.models import Participant
from tests.core.test_outbox import broker_down  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The poll: session, user, permissions (with the roles, one read), the job.
BUDGET_POLL = 4
HEADER = "program,ref,cpr,first_name,last_name,enrolled_on\n"


def _file(count: int, *, bad_line: int | None = None) -> bytes:
    rows = []
    for n in range(count):
        day = "2021-13-04" if bad_line == n + 2 else "2021-01-04"
        rows.append(f"jobsporet,L-{n},{(n % 28) + 1:02d}0190{1000 + n:04d},Ane,Nr{n},{day}\n")
    return (HEADER + "".join(rows)).encode()


@pytest.fixture
def admin_client(client, administrator, programme, settings):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client.force_login(administrator)
    return client


def _upload(client, data: bytes, capture):
    with capture(execute=True):
        return client.post(
            reverse("importing:import"),
            {"kind": "participants", "file": SimpleUploadedFile("store.csv", data, "text/csv")},
        )


def _job_page(client, response):
    assert response.status_code == 302
    assert "?koersel=" in response.url
    return client.get(response.url)


def test_a_large_file_is_checked_in_the_background_then_imported(
    admin_client, administrator, django_capture_on_commit_callbacks
):
    response = _upload(admin_client, _file(5), django_capture_on_commit_callbacks)
    check = Job.objects.get(kind=background.CHECK)
    assert check.owner == administrator and check.status == Job.Status.DONE
    assert "store" not in str(check.parameters), "the job names the upload by id only"
    page = _job_page(admin_client, response)
    assert page.status_code == 200
    assert page.context["preview"]["created"] == 5
    assert not Participant.objects.exists(), "a check writes nothing"
    upload_id = page.context["upload_id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("importing:import"), {"confirm": "1", "upload": upload_id}
        )
    run = Job.objects.get(kind=background.RUN)
    assert run.status == Job.Status.DONE
    page = _job_page(admin_client, response)
    assert page.context["imported"]["created"] == 5
    assert "Importerede store.csv: 5 nye" in page.text
    assert Participant.objects.count() == 5
    assert not PendingUpload.objects.exists()
    assert AuditEvent.objects.filter(action="imported", actor=administrator).exists()


def test_a_small_file_is_still_checked_in_the_request(
    admin_client, django_capture_on_commit_callbacks
):
    response = _upload(admin_client, _file(2), django_capture_on_commit_callbacks)
    assert response.status_code == 200 and response.context["preview"].created == 2
    assert not Job.objects.exists()


def test_a_refused_large_file_shows_every_error_and_keeps_nothing(
    admin_client, django_capture_on_commit_callbacks
):
    response = _upload(admin_client, _file(6, bad_line=5), django_capture_on_commit_callbacks)
    page = _job_page(admin_client, response)
    assert [(e.line, e.column) for e in page.context["errors"]] == [(5, "enrolled_on")]
    assert "Filen blev afvist: 1 fejl" in page.text
    assert not PendingUpload.objects.exists()
    assert not Participant.objects.exists()


def test_the_page_polls_the_progress_while_the_job_runs(admin_client, administrator):
    job = Job.objects.create(
        owner=administrator,
        kind=background.CHECK,
        expires_at=Job._meta.get_field("expires_at").to_python("2099-01-01T00:00:00Z"),
    )
    cache.set(f"importing:progress:{job.pk}", (4000, 10000))
    partial = admin_client.get(reverse("importing:job", args=[job.pk]))
    assert partial.status_code == 200
    assert 'hx-trigger="every 1s"' in partial.text
    assert "4000 af 10000 rækker" in partial.text.replace(".", "")
    assert 'aria-valuenow="40"' in partial.text
    page = admin_client.get(f"{reverse('importing:import')}?koersel={job.pk}")
    assert page.status_code == 200 and "Filen kontrolleres" in page.text


def test_only_the_uploader_sees_the_job(admin_client, client, django_capture_on_commit_callbacks):
    _upload(admin_client, _file(5), django_capture_on_commit_callbacks)
    job = Job.objects.get()
    other = UserFactory(username="admin2", role=Role.ADMINISTRATOR, is_staff=True)
    client.force_login(other)
    assert client.get(reverse("importing:job", args=[job.pk])).status_code == 404
    assert client.get(f"{reverse('importing:import')}?koersel={job.pk}").status_code == 404
    assert client.get(f"{reverse('importing:import')}?koersel=abc").status_code == 404


def test_a_report_is_not_an_import_job(admin_client, administrator):
    job = Job.objects.create(
        owner=administrator,
        kind="participant-list-xlsx",
        expires_at=Job._meta.get_field("expires_at").to_python("2099-01-01T00:00:00Z"),
    )
    assert admin_client.get(reverse("importing:job", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["broker", "manager"])
def test_other_roles_cannot_poll_an_import(client, persona, request, administrator):
    job = Job.objects.create(
        owner=administrator,
        kind=background.CHECK,
        expires_at=Job._meta.get_field("expires_at").to_python("2099-01-01T00:00:00Z"),
    )
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("importing:job", args=[job.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_with_the_queue_down_the_page_says_so_in_danish_and_keeps_nothing(
    admin_client,
    broker_down,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # Without a test's wrapping transaction the job is queued as the view starts it, as in
    # a real request, so the view sees the queue refuse it.
    response = _upload(admin_client, _file(5), django_capture_on_commit_callbacks)
    assert response.status_code == 302 and "koersel" not in response.url
    page = admin_client.get(response.url)
    assert page.status_code == 200
    messages = [str(m) for m in page.context["messages"]]
    assert messages == [
        "Filen kunne ikke kontrolleres eller importeres: baggrundskøen svarer ikke. Intet blev "
        "importeret. Upload filen igen om nogle minutter, eller kontakt driften."
    ]
    assert not PendingUpload.objects.exists()
    assert not Participant.objects.exists()


def test_an_upload_gone_before_the_job_ran_fails_plainly(
    admin_client, administrator, django_capture_on_commit_callbacks
):
    from jobsporet.jobs.services import job_run

    job = Job.objects.create(
        owner=administrator,
        kind=background.RUN,
        parameters={"upload": "c082f063-2e71-4117-8adc-75812f89a755"},
        expires_at=Job._meta.get_field("expires_at").to_python("2099-01-01T00:00:00Z"),
    )
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Filen venter ikke længere")
    partial = admin_client.get(reverse("importing:job", args=[job.pk]))
    assert "Intet blev importeret." in partial.text


def test_the_page_states_its_limits(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 200_000
    settings.IMPORT_BACKGROUND_ROWS = 5000
    page = admin_client.get(reverse("importing:import"))
    assert "20 MB og 200.000 rækker" in page.text
    assert "mere end 5.000 rækker" in page.text


def test_a_file_over_the_row_limit_is_refused_by_the_form(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 4
    response = _upload(admin_client, _file(5), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "Filen har mere end 4 rækker; del den op i flere filer."
    ]
    assert not Job.objects.exists() and not PendingUpload.objects.exists()


def test_polling_stays_within_its_query_budget(
    admin_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    _upload(admin_client, _file(5), django_capture_on_commit_callbacks)
    job = Job.objects.get()
    admin_client.get(reverse("importing:job", args=[job.pk]))  # the session's last-seen note
    with django_assert_num_queries(BUDGET_POLL):
        admin_client.get(reverse("importing:job", args=[job.pk]))

"""Issue 7, finding 4: a file waiting for its import to be confirmed never goes into a session.

It is stored encrypted with the CPR keys, owned by its uploader, for IMPORT_UPLOAD_MINUTES, and
deleted when it is imported or cancelled, or by the beat task once expired.
"""

import datetime
import json

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jobsporet.accounts.roles import Role
from jobsporet.core import tasks
from jobsporet.core.imports.uploads import PendingUpload, upload_for, upload_store
from jobsporet.core.periodic import run_due_tasks
from participants.models import Participant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CPR = "1503874321"
PARTICIPANTS = (
    "program,ref,cpr,first_name,last_name,enrolled_on\n"
    "jobsporet,JS-1,150387-4321,Sørine,Kvistgaard,2021-09-20\n"
).encode()


def upload(client, data: bytes = PARTICIPANTS, name: str = "deltagere.csv"):
    return client.post(
        reverse("importing:import"),
        {"kind": "participants", "file": SimpleUploadedFile(name, data, "text/csv")},
    )


@pytest.fixture
def admin_client(client, administrator, programme):
    client.force_login(administrator)
    return client


@pytest.fixture
def other_admin(db):
    return UserFactory(username="admin2", role=Role.ADMINISTRATOR, is_staff=True)


def _everything_in_sessions() -> str:
    """Every session row as stored and decoded, as someone with a database dump reads it."""
    texts = []
    for session in Session.objects.all():
        texts.append(session.session_data)
        texts.append(json.dumps(session.get_decoded(), default=str))
    return "\n".join(texts)


def test_after_a_preview_no_session_holds_the_cpr_number_or_the_file(admin_client):
    response = upload(admin_client)
    assert response.status_code == 200 and response.context["preview"].created == 1
    stored = _everything_in_sessions()
    assert Session.objects.exists()
    for secret in (CPR, "150387-4321", "Kvistgaard", "Sørine", "deltagere.csv", "JS-1"):
        assert secret not in stored
    assert "cHJvZ3JhbS" not in stored, "nor the file base64-encoded"


def test_a_session_from_before_keeps_no_file(admin_client):
    """A session that still holds a file from the former preview loses it at the next visit."""
    session = admin_client.session
    session["pending_import"] = {"kind": "participants", "data": "cHJvZ3JhbSxyZWY="}
    session.save()
    admin_client.get(reverse("importing:import"))
    assert "cHJvZ3JhbSxyZWY=" not in _everything_in_sessions()


def test_the_waiting_file_is_encrypted_and_unreadable_without_the_key(admin_client, settings):
    upload(admin_client)
    pending = PendingUpload.objects.get()
    raw = bytes(pending.sealed)
    for secret in (CPR.encode(), b"150387-4321", b"Kvistgaard", b"deltagere.csv"):
        assert secret not in raw
    assert pending.open() == ("deltagere.csv", PARTICIPANTS)
    settings.CPR_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        pending.open()
    # With the wrong key the upload is simply not there, and it is deleted.
    assert upload_for(pending.owner, str(pending.pk)) is None
    assert not PendingUpload.objects.exists()


def test_it_expires_after_the_configured_time(admin_client, administrator):
    before = timezone.now()
    upload(admin_client)
    pending = PendingUpload.objects.get()
    assert pending.owner == administrator
    expected = before + datetime.timedelta(minutes=settings.IMPORT_UPLOAD_MINUTES)
    assert expected <= pending.expires_at <= expected + datetime.timedelta(minutes=1)


def test_confirming_imports_and_deletes_the_file(admin_client):
    response = upload(admin_client)
    admin_client.post(
        reverse("importing:import"), {"confirm": "1", "upload": response.context["upload_id"]}
    )
    assert Participant.objects.filter(reference="JS-1").exists()
    assert not PendingUpload.objects.exists()


def test_cancelling_deletes_the_file_and_imports_nothing(admin_client):
    response = upload(admin_client)
    response = admin_client.post(
        reverse("importing:import"),
        {"cancel": "1", "upload": response.context["upload_id"]},
        follow=True,
    )
    assert response.status_code == 200
    assert not PendingUpload.objects.exists()
    assert not Participant.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [
        "Importen er annulleret; filen er slettet."
    ]


def test_another_administrator_cannot_confirm_or_cancel_it(admin_client, client, other_admin):
    upload_id = upload(admin_client).context["upload_id"]
    client.force_login(other_admin)
    response = client.post(reverse("importing:import"), {"confirm": "1", "upload": upload_id})
    assert response.status_code == 302
    assert not Participant.objects.exists()
    client.post(reverse("importing:import"), {"cancel": "1", "upload": upload_id})
    assert PendingUpload.objects.filter(pk=upload_id).exists(), "not theirs to cancel"
    assert upload_for(other_admin, str(upload_id)) is None


def test_an_expired_upload_cannot_be_confirmed(admin_client):
    upload_id = upload(admin_client).context["upload_id"]
    PendingUpload.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = admin_client.post(
        reverse("importing:import"), {"confirm": "1", "upload": upload_id}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Forhåndsvisningen er udløbet; upload filen igen."
    ]
    assert not Participant.objects.exists()


def test_a_new_preview_replaces_the_users_earlier_one(admin_client):
    first = upload(admin_client).context["upload_id"]
    second = upload(admin_client).context["upload_id"]
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [second]
    assert first != second


def test_the_beat_task_deletes_expired_uploads_only(administrator, other_admin):
    expired = upload_store(owner=administrator, kind="programs", name="a.csv", data=b"x")
    waiting = upload_store(owner=other_admin, kind="programs", name="b.csv", data=b"y")
    PendingUpload.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert tasks.purge_expired_uploads.apply().get() == 1
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [waiting.pk]


def test_beat_runs_the_purge_and_clearsessions(settings):
    tasks_by_name = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "jobsporet.core.tasks.purge_expired_uploads" in tasks_by_name
    assert "jobsporet.core.tasks.clear_sessions" in tasks_by_name


def test_clearsessions_deletes_expired_sessions(admin_client, settings):
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    tasks.clear_sessions.apply().get()
    assert not Session.objects.exists()


def test_without_a_broker_the_purge_runs_in_process(administrator, settings):
    settings.PERIODIC_TASKS_IN_PROCESS = True
    upload_store(owner=administrator, kind="programs", name="a.csv", data=b"x")
    PendingUpload.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "purge-expired-uploads" in run_due_tasks()
    assert not PendingUpload.objects.exists()

"""The administrators' upload page: check first, then confirm; nothing before confirmation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobsporet.core.imports.uploads import PendingUpload
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import Programme

pytestmark = pytest.mark.django_db

GOOD = b"slug,name,starts_on\nnew-programme,Nyt program,2024-01-01\n"
BAD = b"slug,name,starts_on\nnew programme,Nyt program,2024-13-01\n"


def upload(client, data: bytes, kind: str = "programs", name: str = "programmer.csv"):
    return client.post(
        reverse("importing:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, data, "text/csv")},
    )


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_an_administrator_previews_then_confirms(admin_client, administrator):
    response = upload(admin_client, GOOD)
    assert response.status_code == 200
    assert response.context["preview"].created == 1
    assert not Programme.objects.filter(slug="new-programme").exists(), "a preview writes nothing"
    response = admin_client.post(
        reverse("importing:import"),
        {"confirm": "1", "upload": response.context["upload_id"]},
        follow=True,
    )
    assert response.status_code == 200
    assert Programme.objects.filter(slug="new-programme").exists()
    assert AuditEvent.objects.filter(action="imported", actor=administrator).exists()
    assert any("programmer.csv" in str(message) for message in response.context["messages"])


def test_errors_are_listed_and_cannot_be_confirmed(admin_client):
    response = upload(admin_client, BAD)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert {(error.line, error.column) for error in errors} == {(2, "slug"), (2, "starts_on")}
    assert "preview" not in response.context
    assert not PendingUpload.objects.exists(), "a refused file is not kept"
    response = admin_client.post(
        reverse("importing:import"), {"confirm": "1", "upload": "whatever"}
    )
    assert response.status_code == 302
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    "upload_id", ["0" * 32, "c082f063-2e71-4117-8adc-75812f89a755", "", "'; drop table x"]
)
def test_a_confirmation_must_name_the_previewed_file(admin_client, upload_id):
    upload(admin_client, GOOD)
    response = admin_client.post(
        reverse("importing:import"), {"confirm": "1", "upload": upload_id}, follow=True
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Forhåndsvisningen er udløbet; upload filen igen."
    ]
    assert not Programme.objects.exists()
    assert PendingUpload.objects.count() == 1, "a wrong id leaves the right one waiting"


def test_a_file_that_is_not_csv_is_refused_by_the_form(admin_client):
    response = upload(admin_client, GOOD, name="programmer.xlsx")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize("persona", ["broker", "case_worker", "consultant", "manager"])
def test_other_roles_cannot_import(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("importing:import")).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert not Programme.objects.filter(slug="new-programme").exists()

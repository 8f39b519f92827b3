"""The data-subject export: everything stored about one person, for the data-protection officer."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jobsporet.core.models import AuditEvent
from participants import services as participant_services
from tests.factories import (
    CaseNoteFactory,
    GoalFactory,
    ParallelEffortFactory,
    ParticipantFactory,
    ReviewFactory,
    hire,
    start_training,
)

from .conftest import REFUSED

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_file(case, broker, case_worker, other_programme):
    participant_services.person_update(person=case.person, actor=broker, phone="20304050")
    CaseNoteFactory(participant=case, author=broker, text="Ringede om praktik")
    GoalFactory(participant=case, title="Rygtræning")
    ReviewFactory(participant=case, reviewer=case_worker, progress="Går bedre")
    ParallelEffortFactory(participant=case, kind="health", provider="Fysioterapeut")
    start_training(case)
    hire(case)
    ParticipantFactory(person=case.person, programme=other_programme, reference="FSM-1")
    return case


def export(client, person, file_format="json", purpose="Indsigt j.nr. 2024-17"):
    url = reverse("privacy:subject-export", args=[person.pk])
    return client.post(url, {"format": file_format, "purpose": purpose})


def test_the_json_export_holds_every_case_note_plan_placement_and_change(
    client, dpo, full_file, django_assert_max_num_queries
):
    client.force_login(dpo)
    with django_assert_max_num_queries(22):
        response = export(client, full_file.person)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["person"]["cpr"] == "150387-4321"
    assert data["person"]["phone"] == "20304050"
    assert [case["reference"] for case in data["enrolments"]] == [full_file.reference, "FSM-1"]
    first = data["enrolments"][0]
    assert [note["note"] for note in first["contact_log"]] == ["Ringede om praktik"]
    assert first["development_plan"]["goals"][0]["goal"] == "Rygtræning"
    assert first["development_plan"]["reviews"][0]["progress"] == "Går bedre"
    assert first["parallel_efforts"][0]["kind"] == "Helbred"
    assert [p["kind"] for p in first["placements"]] == ["Træning", "Beskæftigelse"]
    assert first["exit_outcome"] == "Beskæftigelse"
    follow_up = full_file.follow_ups.get()
    assert first["six_month_follow_ups"] == [
        {
            "left": follow_up.exit_on.isoformat(),
            "due": follow_up.due_on.isoformat(),
            "contacted_on": "",
            "how": "",
            "status": "",
            "employer": "",
            "weekly_hours": "",
            "cancelled": "",
        }
    ]
    phone_change = [e for e in data["history"] if e["what"] == "Kontaktoplysninger ændret"]
    assert phone_change[0]["changes"] == [{"field": "Telefon", "old": "–", "new": "20304050"}]
    event = AuditEvent.objects.get(actor=dpo, action="exported")
    assert event.person_id == full_file.person_id
    assert event.purpose == "Indsigt j.nr. 2024-17"
    assert event.summary == "Udtræk af alle oplysninger (JSON)"


def test_the_pdf_export_is_a_readable_danish_document(client, dpo, full_file):
    client.force_login(dpo)
    response = export(client, full_file.person, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Det gemmer Jobsporet om dig",
        "150387-4321",
        "Ringede om praktik",
        "Rygtræning",
        "Kontaktlog",
        "Historik over ændringer",
        "Opfølgninger efter 6 mdr.",
        full_file.follow_ups.get().due_on.isoformat(),
        "Formål: Indsigt j.nr. 2024-17",
    ):
        assert expected in text, expected


def test_an_export_needs_a_purpose_and_a_known_format(client, dpo, full_file):
    client.force_login(dpo)
    response = export(client, full_file.person, purpose="")
    assert response.status_code == 400
    assert response.context["form"].errors["purpose"]
    assert export(client, full_file.person, file_format="xlsx").status_code == 400
    assert not AuditEvent.objects.filter(actor=dpo, action="exported").exists()
    page = client.get(reverse("privacy:subject-export", args=[full_file.person_id]))
    assert page.status_code == 200 and "150387-xxxx" in page.content.decode()
    assert client.get(reverse("privacy:subject-export", args=[999999])).status_code == 404


@pytest.mark.parametrize("persona", ["administrator", *REFUSED])
def test_nobody_else_exports_a_citizens_file(client, request, persona, full_file):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert export(client, full_file.person).status_code == 403
    url = reverse("privacy:subject-export", args=[full_file.person_id])
    assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(actor=user, action="exported").exists()


def test_the_report_links_to_the_export_only_for_the_dpo(client, dpo, administrator, full_file):
    export_url = reverse("privacy:subject-export", args=[full_file.person_id])
    report_url = reverse("privacy:person", args=[full_file.person_id])
    for user, shown in ((dpo, True), (administrator, False)):
        client.force_login(user)
        assert (export_url in client.get(report_url).content.decode()) is shown

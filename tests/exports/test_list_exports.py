"""The participant and company lists as CSV and XLSX: the filters the user applied, every
matching row (not one page), CPR numbers masked, each export audited with its row count and
the citizens in it; refused to roles without the list."""

import datetime

import pytest
from django.urls import reverse

from jobsporet.core.models import AuditEvent, AuditListing
from jobsporet.jobs.models import Job
from tests.core.test_outbox import broker_down  # noqa: F401 (a fixture: Redis refuses)
from tests.factories import AgreementFactory, CompanyFactory, ParticipantFactory, PersonFactory
from tests.participants.test_views import cpr_search

from .conftest import read_csv, read_xlsx

pytestmark = pytest.mark.django_db

PARTICIPANTS = reverse("participants:export")
COMPANIES = reverse("companies:export")


@pytest.fixture
def cases(programme, other_programme, broker, colleague):
    anne = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        reference="JS-1",
        person=PersonFactory(cpr="150387-4321", first_name="Anne", last_name="Jensen"),
    )
    bo = ParticipantFactory(
        programme=programme,
        job_broker=colleague,
        reference="JS-2",
        enrolled_on=datetime.date(2021, 3, 1),
        person=PersonFactory(cpr="010190-1235", first_name="@Bo", last_name="=Hansen"),
    )
    ParticipantFactory(programme=other_programme, reference="FSM-1")
    return anne, bo


def test_the_participant_list_as_xlsx_has_every_match_with_cpr_masked(
    client, broker, cases, order, fetch
):
    client.force_login(broker)
    response, job = order(client, PARTICIPANTS, {"format": "xlsx"}, "caseload=all&page=2")
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.filename.endswith(".xlsx")
    rows = read_xlsx(fetch(client, job))["Deltagere"]
    assert rows[0] == ["Jobsporet"] + [None] * 8
    assert rows[1] == [
        "Sag",
        "CPR",
        "Navn",
        "Status",
        "Er nu hos",
        "Jobformidler",
        "Tilmeldt",
        "Afsluttet",
        "Resultat",
    ]
    by_case = {row[0]: row for row in rows[2:]}
    assert set(by_case) == {"JS-1", "JS-2"}, "every page, only this programme"
    assert by_case["JS-1"][1:4] == ["150387-xxxx", "Anne Jensen", "Tilmeldt"]
    assert by_case["JS-2"][6] == datetime.datetime(2021, 3, 1)


def test_the_export_follows_the_filters_of_the_list(client, broker, cases, order, fetch):
    client.force_login(broker)
    _response, job = order(client, PARTICIPANTS, {"format": "csv"})  # a broker's own caseload
    rows = read_csv(fetch(client, job))
    assert [row[0] for row in rows[1:]] == ["JS-1"]
    _response, job = order(client, PARTICIPANTS, {"format": "csv"}, "caseload=all&q=Hansen")
    assert [row[0] for row in read_csv(fetch(client, job))[1:]] == ["JS-2"]


def test_a_cpr_search_is_exported_as_its_result_without_the_number(
    client, broker, cases, order, fetch
):
    client.force_login(broker)
    token = cpr_search(client, "150387-4321").url.split("cpr=")[1].split("&")[0]
    _response, job = order(client, PARTICIPANTS, {"format": "csv"}, f"cpr={token}&caseload=all")
    assert "150387" not in str(job.parameters)
    assert [row[0] for row in read_csv(fetch(client, job))[1:]] == ["JS-1"]


def test_typed_text_that_looks_like_a_formula_is_written_as_text(
    client, broker, cases, order, fetch
):
    client.force_login(broker)
    _response, job = order(client, PARTICIPANTS, {"format": "csv"}, "caseload=all&q=Hansen")
    assert read_csv(fetch(client, job))[1][2] == "'@Bo =Hansen"
    _response, job = order(client, PARTICIPANTS, {"format": "xlsx"}, "caseload=all&q=Hansen")
    content = fetch(client, job)
    import io

    import openpyxl

    cell = openpyxl.load_workbook(io.BytesIO(content)).active["C3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("@Bo =Hansen", "s", True)


def test_the_export_is_audited_with_its_rows_and_citizens(client, broker, cases, order, fetch):
    client.force_login(broker)
    _response, job = order(client, PARTICIPANTS, {"format": "xlsx"}, "caseload=all")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == broker and event.programme.slug == "jobsporet"
    assert event.changes["rows"] == 2 and event.changes["format"] == "xlsx"
    assert event.changes["criteria"] == {"caseload": ["all"]}
    assert event.summary == "Deltagerliste eksporteret (2 rækker, XLSX)"
    listed = set(AuditListing.objects.filter(event=event).values_list("person_id", flat=True))
    assert listed == {case.person_id for case in cases}
    fetch(client, job)
    download = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).latest("pk")
    assert download.pk != event.pk, "the download is audited too"
    assert (download.target_type.model, download.target_id) == ("job", job.pk)


def test_a_company_consultant_may_not_export_the_participant_list(client, consultant, cases):
    client.force_login(consultant)
    assert client.post(PARTICIPANTS, {"format": "csv"}).status_code == 403
    assert not Job.objects.exists()


def test_an_export_is_ordered_by_post_in_a_known_format(client, broker, cases):
    client.force_login(broker)
    assert client.get(PARTICIPANTS).status_code == 405
    assert client.post(PARTICIPANTS, {"format": "pdf"}).status_code == 404
    assert not Job.objects.exists()


def test_with_the_broker_down_the_user_is_told_and_no_file_is_made(
    client,
    broker,
    cases,
    order,
    broker_down,  # noqa: F811
):
    client.force_login(broker)
    response, job = order(client, PARTICIPANTS, {"format": "xlsx"})
    assert job.status == Job.Status.FAILED and bytes(job.sealed_content) == b""
    page = client.get(response.url)
    assert page.status_code == 200
    assert "baggrundskøen svarer ikke" in page.text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_the_list_pages_offer_the_export_with_their_filters(client, broker, cases):
    client.force_login(broker)
    page = client.get(reverse("participants:list") + "?caseload=all&status=enrolled")
    assert f'action="{PARTICIPANTS}?caseload=all&amp;status=enrolled"' in page.text
    assert f'action="{COMPANIES}' in client.get(reverse("companies:list")).text


def test_the_company_list_as_csv_with_its_filters(client, consultant, programme, order, fetch):
    AgreementFactory(
        programme=programme, company=CompanyFactory(name='=HYPERLINK("http://x")', cvr="12345678")
    )
    CompanyFactory(name="Uden Aftale ApS")
    client.force_login(consultant)
    _response, job = order(client, COMPANIES, {"format": "csv"}, "role=training")
    rows = read_csv(fetch(client, job))
    assert rows[0][:5] == ["Navn", "CVR", "Branche", "By", "Rolle"]
    assert len(rows) == 2
    assert rows[1][:2] == ['\'=HYPERLINK("http://x")', "12345678"]
    assert rows[1][4:7] == ["Træningsvirksomhed", "2", "0"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.changes["rows"] == 1 and event.actor == consultant
    _response, job = order(client, COMPANIES, {"format": "xlsx"})
    assert len(read_xlsx(fetch(client, job))["Virksomheder"]) == 2 + 2, "note, header, 2 rows"

"""The access report: who read, searched for, exported or changed a citizen's data."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jobsporet.core.models import AuditEvent, AuditListing
from participants import services as participant_services
from tests.factories import ParticipantFactory, PersonFactory, UserFactory

from .conftest import ALLOWED, REFUSED

pytestmark = pytest.mark.django_db

CPR = "150387-4321"


def login(client: Client, user, ip: str = "10.1.2.3") -> Client:
    client.force_login(user)
    client.defaults["REMOTE_ADDR"] = ip
    return client


def look_up(client: Client, text: str):
    return client.post(reverse("privacy:index"), {"q": text})


@pytest.fixture
def trail(client, programme, broker, manager, case, citizen):
    """What a broker and a manager did with Anne's data, through the pages, from two IPs."""
    broker_client = login(Client(), broker, ip="10.0.0.7")
    broker_client.post(reverse("participants:list"), {"q": CPR, "caseload": "all"})
    broker_client.get(reverse("participants:list"), {"q": "Jensen", "status": "enrolled"})
    broker_client.get(reverse("participants:detail", args=[case.pk]))
    broker_client.post(
        reverse("participants:reveal-cpr", args=[case.pk]), {"purpose": "Ringede til a-kassen"}
    )
    broker_client.post(
        reverse("participants:edit-person", args=[case.pk]),
        {"first_name": "Anne", "last_name": "Jensen", "phone": "20304050"},
    )
    manager_client = login(Client(), manager, ip="10.0.0.9")
    manager_client.get(reverse("participants:detail", args=[case.pk]))
    return case


@pytest.mark.parametrize("persona", ALLOWED)
def test_the_dpo_and_the_administrator_see_every_read_search_reveal_and_change(
    client, request, persona, trail, citizen, broker, manager
):
    user = request.getfixturevalue(persona)
    response = login(client, user).get(reverse("privacy:person", args=[citizen.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    by_broker = [row for row in rows if row.username == "broker"]
    kinds = {row.category for row in by_broker}
    assert kinds == {"Søgning", "Læst", "CPR-nummer vist", "Ændring"}
    assert all(row.ip_address == "10.0.0.7" for row in by_broker)
    assert {row.what for row in by_broker} >= {
        "Slået op på CPR-nummer",
        "Deltagerlisten søgt eller filtreret",
        "Sagen vist",
        "Fuldt CPR-nummer vist",
        "Kontaktoplysninger ændret",
    }
    reveal = next(row for row in by_broker if row.category == "CPR-nummer vist")
    assert reveal.purpose == "Ringede til a-kassen"
    listing = next(row for row in by_broker if row.what == "Deltagerlisten søgt eller filtreret")
    assert "søgetekst: Jensen" in listing.detail and "status: enrolled" in listing.detail
    change = next(row for row in by_broker if row.category == "Ændring" and "Kontakt" in row.what)
    assert change.detail == "Felter: Telefon", "which fields, never their values"
    manager_rows = [row for row in rows if row.username == "manager"]
    assert [(r.category, r.what, r.ip_address) for r in manager_rows] == [
        ("Læst", "Sagen vist", "10.0.0.9")
    ]
    page = response.content.decode()
    assert "20304050" not in page and "4321" not in page
    # Reading the report is itself a read of the citizen's data.
    assert AuditEvent.objects.filter(
        actor=user, action="viewed", person_id=citizen.pk, summary="Adgangsrapport vist"
    ).exists()


@pytest.mark.parametrize("persona", REFUSED)
def test_every_other_role_is_refused_every_page_and_export(client, request, persona, trail):
    user = request.getfixturevalue(persona)
    login(client, user)
    before = AuditEvent.objects.count()
    person = trail.person
    assert client.get(reverse("privacy:index")).status_code == 403
    assert look_up(client, CPR).status_code == 403
    assert look_up(client, "Jensen").status_code == 403
    assert client.get(reverse("privacy:person", args=[person.pk])).status_code == 403
    url = reverse("privacy:person", args=[person.pk])
    assert client.get(url, {"actor": user.pk, "since": "2020-01-01"}).status_code == 403
    assert client.post(url, {"format": "csv"}).status_code == 403
    assert client.get(reverse("privacy:cpr", args=["made-up-token"])).status_code == 403
    assert AuditEvent.objects.count() == before, "a refusal writes nothing"
    assert "Databeskyttelse" not in client.get(reverse("reporting:home")).content.decode()


def test_the_dpo_reads_the_access_log_not_the_cases(client, dpo, case):
    login(client, dpo)
    assert client.get(reverse("participants:list")).status_code == 403
    assert client.get(reverse("participants:detail", args=[case.pk])).status_code == 404
    post = client.post(reverse("participants:reveal-cpr", args=[case.pk]))
    assert post.status_code == 404
    assert not AuditEvent.objects.filter(actor=dpo).exists()
    home = client.get(reverse("reporting:home")).content.decode()
    assert reverse("privacy:index") in home


def test_a_cpr_look_up_finds_the_citizen_and_keeps_the_number_out_of_urls(client, dpo, case):
    response = look_up(login(client, dpo), CPR)
    assert response.status_code == 302
    assert response.url == reverse("privacy:person", args=[case.person_id])
    event = AuditEvent.objects.get(actor=dpo, action="searched")
    assert event.person_id == case.person_id
    assert event.subject_digest == case.person.cpr_digest
    assert event.ip_address == "10.1.2.3"
    assert "4321" not in event.summary + str(event.changes)


def test_a_search_for_someone_never_enrolled_is_in_their_report(client, dpo, broker, programme):
    ParticipantFactory(programme=programme)  # someone else
    broker_client = login(Client(), broker)
    broker_client.post(reverse("participants:list"), {"q": "010190-1234"})
    response = look_up(login(client, dpo), "0101901234")
    assert response.status_code == 302
    assert response.url.startswith("/databeskyttelse/cpr/")
    assert "1234" not in response.url and "010190" not in response.url
    page = client.get(response.url)
    assert page.status_code == 200
    assert [(row.username, row.what) for row in page.context["rows"]] == [
        ("dpo", "Adgangsrapport vist"),
        ("dpo", "Adgangsrapport: CPR-opslag uden resultat"),
        ("broker", "CPR-opslag uden resultat"),
    ]
    # The token is this session's only, and expires with it.
    other = login(Client(), UserFactory(username="dpo2", role="data-protection officer"))
    assert other.get(response.url).status_code == 302


def test_a_malformed_cpr_number_is_a_form_error(client, dpo):
    response = look_up(login(client, dpo), "311399-1234")
    assert response.status_code == 400
    assert "ikke et gyldigt CPR-nummer" in response.content.decode()
    assert not AuditEvent.objects.filter(actor=dpo).exists()


def test_a_name_or_case_number_lists_the_matches_and_is_audited(client, dpo, programme, case):
    other = ParticipantFactory(
        programme=programme, person=PersonFactory(first_name="Bo", last_name="Jensen")
    )
    response = look_up(login(client, dpo), "jensen")
    assert response.status_code == 200
    assert [p.full_name for p in response.context["persons"]] == ["Anne Jensen", "Bo Jensen"]
    page = response.content.decode()
    assert "150387-xxxx" in page and "4321" not in page
    event = AuditEvent.objects.get(actor=dpo, action="searched")
    assert event.changes == {"criteria": {"q": "jensen"}}
    assert set(AuditListing.objects.filter(event=event).values_list("person_id", flat=True)) == {
        case.person_id,
        other.person_id,
    }
    response = look_up(client, case.reference)
    assert [p.pk for p in response.context["persons"]] == [case.person_id]


def test_the_report_filters_by_user_and_period(client, dpo, trail, broker, manager):
    url = reverse("privacy:person", args=[trail.person_id])
    login(client, dpo)
    response = client.get(url, {"actor": manager.pk})
    assert {row.username for row in response.context["rows"]} == {"manager"}
    assert list(response.context["filters"].fields["actor"].queryset) == sorted(
        [broker, manager, dpo], key=lambda u: (u.first_name, u.last_name, u.username)
    )
    today = timezone.localdate()
    response = client.get(url, {"since": str(today + datetime.timedelta(days=1))})
    assert response.context["rows"] == []
    assert "Intet registreret" in response.content.decode()
    everything = client.get(url).context["page_obj"].paginator.count
    response = client.get(url, {"since": str(today), "until": str(today)})
    assert response.context["page_obj"].paginator.count == everything > 8


@pytest.mark.parametrize(
    "query",
    [
        {"actor": "abc"},
        {"actor": "999999"},
        {"since": "0001-01-01"},
        {"since": "2024-02-30"},
        {"since": "2024-03-01", "until": "2024-02-01"},
    ],
)
def test_bad_filters_are_form_errors_that_show_nothing(client, dpo, trail, query):
    response = login(client, dpo).get(reverse("privacy:person", args=[trail.person_id]), query)
    assert response.status_code == 400
    assert response.context["rows"] == []
    assert response.context["filters"].errors


def test_an_unknown_citizen_is_a_404_and_a_bad_page_number_the_last_page(client, dpo, trail):
    login(client, dpo)
    assert client.get(reverse("privacy:person", args=[999999])).status_code == 404
    response = client.get(reverse("privacy:person", args=[trail.person_id]), {"page": "x9"})
    assert response.status_code == 200 and response.context["page_obj"].number == 1


def test_the_report_pages_in_a_fixed_number_of_queries(
    client, dpo, broker, case, django_assert_num_queries
):
    url = reverse("privacy:person", args=[case.person_id])
    login(client, dpo)
    client.get(url)  # the first read writes its audit row
    # Session, user, permissions and roles (one read), person, recent read?, count, cases, the
    # page of events, programmes for the layout (one read of the user's programmes), the users
    # of the filter.
    with django_assert_num_queries(10):
        few = client.get(url)
    for _ in range(60):
        participant_services.person_update(
            person=case.person, actor=broker, phone=str(timezone.now().timestamp())
        )
    with django_assert_num_queries(10):
        many = client.get(url)
    assert len(few.context["rows"]) < 10
    assert len(many.context["rows"]) == 50
    assert many.context["page_obj"].paginator.num_pages == 2


def test_the_csv_export_is_for_danish_excel_and_safe_from_formulas(client, dpo, trail, broker):
    participant_services.person_update(
        person=trail.person, actor=broker, first_name="=HYPERLINK(1)"
    )
    login(client, dpo)
    url = reverse("privacy:person", args=[trail.person_id])
    response = client.post(url, {"format": "csv", "purpose": "-Indsigt 2024/17", "actor": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="adgangsrapport-')
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:4] == ["Tidspunkt", "Type", "Bruger", "Brugernavn"]
    assert any(";broker;" in line and ";10.0.0.7;" in line for line in lines[1:])
    cells = [cell for line in lines for cell in line.split(";")]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    event = AuditEvent.objects.get(actor=dpo, action="exported")
    assert event.person_id == trail.person_id
    assert event.purpose == "-Indsigt 2024/17"
    assert event.summary == "Adgangsrapport eksporteret (CSV)"


def test_the_export_keeps_the_filters(client, dpo, trail, manager):
    login(client, dpo)
    url = reverse("privacy:person", args=[trail.person_id])
    response = client.post(url, {"format": "csv", "actor": manager.pk})
    rows = response.content.decode("utf-8-sig").splitlines()[1:]
    assert len(rows) == 1 and ";manager;" in rows[0]


def test_the_pdf_export_is_a_readable_danish_document(client, dpo, trail):
    login(client, dpo)
    url = reverse("privacy:person", args=[trail.person_id])
    response = client.post(url, {"format": "pdf", "purpose": "Indsigtsanmodning"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Adgangsrapport: Anne Jensen (150387-xxxx)" in text
    assert "Formål: Indsigtsanmodning" in text
    assert "Kontaktoplysninger ændret" in text and "10.0.0.7" in text
    assert "4321" not in text
    assert AuditEvent.objects.filter(actor=dpo, summary="Adgangsrapport eksporteret (PDF)").exists()


def test_an_export_in_an_unknown_format_is_refused_and_not_audited(client, dpo, trail):
    login(client, dpo)
    url = reverse("privacy:person", args=[trail.person_id])
    assert client.post(url, {"format": "xlsx"}).status_code == 400
    assert not AuditEvent.objects.filter(actor=dpo, action="exported").exists()


def test_the_ip_address_behind_a_trusted_proxy(client, settings, broker, case):
    settings.TRUSTED_PROXY_COUNT = 1
    login(client, broker, ip="192.0.2.1")
    client.get(
        reverse("participants:detail", args=[case.pk]),
        HTTP_X_FORWARDED_FOR="6.6.6.6, 10.20.30.40",
    )
    event = AuditEvent.objects.get(actor=broker, action="viewed")
    assert event.ip_address == "10.20.30.40", "the proxy's entry, not what the client wrote"


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, broker, case):
    login(client, broker, ip="192.0.2.1")
    client.get(reverse("participants:detail", args=[case.pk]), HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert AuditEvent.objects.get(actor=broker, action="viewed").ip_address == "192.0.2.1"


def test_a_read_in_the_admin_is_in_the_report_as_such(client, dpo, administrator, case):
    admin_client = login(Client(), administrator, ip="10.0.0.3")
    url = reverse("admin:participants_person_change", args=[case.person_id])
    assert admin_client.get(url).status_code == 200
    response = login(client, dpo).get(reverse("privacy:person", args=[case.person_id]))
    rows = [row for row in response.context["rows"] if row.username == "admin"]
    assert [(row.category, row.ip_address) for row in rows] == [
        ("Læst i administrationen", "10.0.0.3")
    ]


def test_refused_cpr_look_ups_are_in_the_citizens_report(
    client, dpo, broker, manager, case, settings
):
    """Who tried to look a citizen up is told, also when the look-up was refused: a role that
    may not search by CPR number, or a user past the hour's look-ups."""
    login(Client(), manager).post(reverse("participants:list"), {"q": CPR, "caseload": "all"})
    settings.CPR_SEARCHES_PER_HOUR = 0
    login(Client(), broker).post(reverse("participants:list"), {"q": CPR, "caseload": "all"})
    refused = AuditEvent.objects.filter(summary__startswith="CPR-opslag afvist")
    assert {event.subject_digest for event in refused} == {case.person.cpr_digest}
    assert refused.filter(person_id__isnull=True).count() == 2, "nothing was looked up"
    page = login(client, dpo).get(reverse("privacy:person", args=[case.person_id]))
    whats = [(row.username, row.what) for row in page.context["rows"]]
    assert ("manager", "CPR-opslag afvist: rollen viser ikke fulde CPR-numre") in whats
    assert ("broker", "CPR-opslag afvist: for mange opslag i denne time") in whats

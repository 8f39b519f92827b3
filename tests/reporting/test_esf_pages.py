"""The ESF indicator report and the lists behind its figures: managers and administrators
only, sensitive indicators listed only for readers of sensitive data, and the disadvantaged
groups never shown on any participant page to a role without view_sensitive."""

import datetime

import pytest
from django.urls import reverse

from jobsporet.core.models import AuditEvent
from tests.factories import ParticipantFactory, PersonFactory, leave, record_follow_up

pytestmark = pytest.mark.django_db
SENSITIVE_WORDS = [
    "Udsatte grupper",
    "Migrant, udenlandsk baggrund eller minoritet",
    "Med handicap",
    "Anden udsat gruppe",
    "Hjemløs eller udelukket fra boligmarkedet",
    "Fra et landdistrikt",
]
TODAY_RANGE = {"start": "2021-01-01", "end": "2021-12-31"}


@pytest.fixture
def case(programme, broker):
    participant = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        person=PersonFactory(first_name="Sofie", last_name="Udsat"),
        enrolled_on=datetime.date(2021, 3, 1),
        gender="woman",
        labour_market_status="unemployed",
        unemployed_since=datetime.date(2019, 1, 1),
        education_level="isced_0_2",
        disadvantaged_migrant=True,
        disadvantaged_disability=True,
        disadvantaged_other=True,
        disadvantaged_homeless=True,
        disadvantaged_rural=True,
    )
    left = leave(participant, datetime.date(2021, 6, 1))
    record_follow_up(left, outcome="unemployed")
    return left


def login(client, user):
    client.force_login(user)
    return client


def test_the_manager_reads_the_report_with_links_to_the_participants(client, manager, case):
    response = login(client, manager).get(reverse("reporting:esf"), TODAY_RANGE)
    assert response.status_code == 200
    text = response.text
    assert "Langtidsledige" in text and "Forordning (EU) nr. 1304/2013" in text
    link = reverse("reporting:esf-participants") + "?key=long_term_unemployed&amp;gender=women"
    assert link in text
    # The disadvantaged groups are counted but not listed for a manager.
    assert "key=migrant" not in text and "key=disadvantaged_result" not in text
    listed = client.get(
        reverse("reporting:esf-participants"),
        {"key": "long_term_unemployed", "gender": "women", **TODAY_RANGE},
    )
    assert listed.status_code == 200
    assert "Udsat, Sofie" in listed.text
    assert "xxxx" in listed.text  # masked CPR
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCHED).latest("pk")
    assert list(event.listings.values_list("person_id", flat=True)) == [case.person_id]


def test_a_sensitive_figures_list_is_refused_to_a_manager(client, manager, case):
    response = login(client, manager).get(
        reverse("reporting:esf-participants"), {"key": "migrant", **TODAY_RANGE}
    )
    assert response.status_code == 403


def test_an_unknown_figure_is_404(client, manager, case):
    response = login(client, manager).get(reverse("reporting:esf-participants"), {"key": "nope"})
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["broker", "case_worker", "consultant"])
def test_case_and_company_roles_do_not_reach_the_report(client, request, persona, case):
    login(client, request.getfixturevalue(persona))
    assert client.get(reverse("reporting:esf")).status_code == 403
    assert client.get(reverse("reporting:esf-participants"), {"key": "below_25"}).status_code == 403


def test_an_administrator_reaches_it(client, administrator, programme, case):
    programme.members.add(administrator)
    assert login(client, administrator).get(reverse("reporting:esf")).status_code == 200


def test_a_backwards_period_is_refused_in_danish(client, manager, case):
    response = login(client, manager).get(
        reverse("reporting:esf"), {"start": "2022-01-01", "end": "2021-01-01"}
    )
    assert "Perioden slutter, før den begynder." in response.text


def test_the_report_page_has_a_fixed_number_of_queries(
    client, manager, programme, case, django_assert_max_num_queries
):
    login(client, manager)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reporting:esf"), TODAY_RANGE)
    for n in range(5):
        other = ParticipantFactory(programme=programme, enrolled_on=datetime.date(2021, 4, n + 1))
        leave(other, datetime.date(2021, 8, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reporting:esf"), TODAY_RANGE)


def test_the_broker_sees_the_disadvantaged_groups_on_the_case_page(client, broker, case):
    text = login(client, broker).get(reverse("participants:detail", args=[case.pk])).text
    for word in SENSITIVE_WORDS:
        assert word in text


def pages_showing_the_participant(case) -> list[str]:
    follow_up = case.follow_ups.get()
    return [
        reverse("participants:detail", args=[case.pk]),
        reverse("participants:list") + "?caseload=all",
        reverse("placements:follow-ups") + "?state=recorded",
        reverse("placements:follow-up", args=[follow_up.pk]),
        reverse("reporting:esf-participants") + "?key=below_25&start=2021-01-01&end=2021-12-31",
        reverse("reporting:esf-participants")
        + "?key=long_term_unemployed&start=2021-01-01&end=2021-12-31",
        reverse("reporting:home"),
        reverse("reporting:outcomes"),
    ]


@pytest.mark.parametrize("persona", ["manager", "consultant", "administrator"])
def test_no_page_shows_the_disadvantaged_groups_to_a_role_without_sensitive_data(
    client, request, persona, case, programme
):
    user = request.getfixturevalue(persona)
    programme.members.add(user)
    login(client, user)
    shown = 0
    for url in pages_showing_the_participant(case):
        response = client.get(url)
        if response.status_code == 200:
            shown += 1
            for word in SENSITIVE_WORDS:
                assert word not in response.text, (url, word)
    assert shown >= 1


def test_a_case_worker_without_change_rights_gets_no_form_and_the_broker_edits_them(
    client, broker, case
):
    form = login(client, broker).get(reverse("participants:edit", args=[case.pk]))
    assert "Med handicap" in form.text
    assert "Opnået en kvalifikation ved ophør" in form.text  # the case has left


def test_the_workbook_holds_the_pages_figures_as_numbers(client, manager, case):
    import io

    from openpyxl import load_workbook

    response = login(client, manager).get(reverse("reporting:esf-xlsx"), TODAY_RANGE)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Outputindikatorer",
        "Umiddelbare resultatindikatorer",
        "Langsigtede resultatindikatorer",
    ]
    rows = {row[0]: row[1:] for row in book["Outputindikatorer"].iter_rows(values_only=True)}
    assert rows["Langtidsledige"] == (1, 0, 1, 0)
    assert rows["Deltagere, der startede"] == (1, 0, 1, 0)


def test_the_workbook_is_refused_to_a_broker(client, broker, case):
    assert login(client, broker).get(reverse("reporting:esf-xlsx")).status_code == 403

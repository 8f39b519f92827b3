"""Issue 11, matching both ways: a network company's participants who fit a hire (in training
or aiming for its sector), ranked by a score the page states in full, including the company's
record with similar trainees; one click to the hire form with the company chosen; who may see
names, who only counts, and who nothing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant
from placements import queries
from placements.models import Placement
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ParticipantFactory,
    PersonFactory,
    hire,
    leave,
    start_training,
)
from tests.placements.test_matching import ago
from tests.snapshots import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(programme):
    """A warehouse that hires and takes no trainees."""
    return AgreementFactory(
        programme=programme,
        company__name="Lagerhuset A/S",
        company__sector="warehouse",
        is_training=False,
        is_network=True,
        training_capacity=None,
    )


def person(name: str):
    return PersonFactory(first_name=name, last_name="Testesen")


def enrolled(programme, name: str, days: int, sectors: list[str]) -> Participant:
    return ParticipantFactory(
        programme=programme, enrolled_on=ago(days), target_sectors=sectors, person=person(name)
    )


def training(programme, name: str, *, sector: str, days: int, aims: list[str]) -> Participant:
    participant = enrolled(programme, name, days + 10, aims)
    company = CompanyFactory(sector=sector)
    start_training(participant, company=company, starts_on=ago(days), planned_end_on=ago(-30))
    return participant


def hire_data(company, weekly_hours: str = "12") -> dict:
    return {
        "company": company.pk,
        "starts_on": timezone.localdate().isoformat(),
        "employment_type": Placement.EmploymentType.PART_TIME,
        "weekly_hours": weekly_hours,
    }


def hire_page(client, user, company):
    client.force_login(user)
    return client.get(reverse("placements:hire-candidates", args=[company.pk]))


def test_a_broker_sees_who_fits_a_hire_ranked_by_the_stated_score(
    client, broker, programme, other_programme, network
):
    long_trainee = training(programme, "Ane", sector="warehouse", days=100, aims=[])  # 3+4+3
    new_trainee = training(programme, "Bo", sector="retail", days=10, aims=["warehouse"])  # 3+4+0
    long_wait = enrolled(programme, "Carl", 400, ["warehouse"])  # 3+0+6
    enrolled(programme, "Dorte", 400, ["retail"])  # aims elsewhere, waiting: no fit
    training(programme, "Erik", sector="retail", days=100, aims=["retail"])  # no fit
    training(other_programme, "Fie", sector="warehouse", days=100, aims=["warehouse"])
    response = hire_page(client, broker, network.company)
    assert response.status_code == 200
    candidates = response.context["candidates"]
    assert [c.participant for c in candidates] == [long_trainee, long_wait, new_trainee]
    assert [c.score for c in candidates] == [10, 9, 7]
    assert [c.record.points for c in candidates] == [0, 0, 0]
    page = response.content.decode()
    for absent in ("Dorte", "Erik", "Fie"):
        assert absent not in page
    # The score is explained in full, in Danish.
    assert "Sådan regnes pointene ud" in page
    assert "4 point for at være i træning nu" in page
    assert "ingen træning er afsluttet endnu" in page
    row = re.search(r"<tr>\s*<td><a[^>]*>Ane Testesen.*?</tr>", page, re.S).group(0)
    assert "i træning hos" in row and "3 måneder (+3)" in row and "ja (+4)" in row


def test_the_record_with_similar_trainees_counts_ended_trainings_that_led_to_a_job(
    client, broker, programme, network
):
    """2 of the 3 ended trainings at the company led to a job (one here, one elsewhere): 2 of 3
    record points for every candidate. An open training and another programme do not count."""
    company = network.company
    # Trainings need a training agreement: the company trains too.
    network.is_training = True
    network.save()
    trainees = [enrolled(programme, f"T{index}", 300, []) for index in range(4)]
    for trainee in trainees[:3]:
        start_training(trainee, company=company, starts_on=ago(250), ended_on=ago(190))
    hire(trainees[0], company=company, starts_on=ago(180))
    hire(trainees[1], company=CompanyFactory(), starts_on=ago(180))
    leave(trainees[2], exit_on=ago(180))
    start_training(trainees[3], company=company, starts_on=ago(20))
    candidate = enrolled(programme, "Ane", 40, ["warehouse"])
    record = queries.employment_record(company, programme)
    assert (record.ended, record.employed, record.points) == (3, 2, 2)
    response = hire_page(client, broker, company)
    scores = {c.participant: c.score for c in response.context["candidates"]}
    assert scores[candidate] == 3 + 1 + 2
    assert scores[trainees[3]] == 3 + 4 + 0 + 2  # trains here now (the company's sector)
    assert "Her: 2 af 3 afsluttede træningsforløb førte til job, +2" in response.content.decode()


def test_the_training_form_offers_the_company_with_the_better_record_first(
    client, broker, programme
):
    """The other direction: for a participant, free training places in the sector they aim for
    come first, and among them the company whose trainees got jobs."""
    weak = AgreementFactory(
        programme=programme, company__name="A-lager", company__sector="warehouse"
    )
    strong = AgreementFactory(
        programme=programme, company__name="B-lager", company__sector="warehouse"
    )
    for index in range(2):
        trainee = enrolled(programme, f"T{index}", 300, [])
        start_training(trainee, company=strong.company, starts_on=ago(250), ended_on=ago(190))
        hire(trainee, company=strong.company, starts_on=ago(180))
    participant = enrolled(programme, "Ane", 40, ["warehouse"])
    choices = queries.training_choices(participant)
    assert [company for company, _agreement in choices][:2] == [strong.company, weak.company]
    assert choices[0][1].record.points == 3
    client.force_login(broker)
    form = client.get(reverse("placements:start-training", args=[participant.pk])).context["form"]
    labels = [label for _value, label in form.fields["company"].choices][1:3]
    assert labels[0].startswith("B-lager") and "2 af 2 deltagere her fik job" in labels[0]
    assert labels[1].startswith("A-lager") and "fik job" not in labels[1]


def test_the_company_page_shows_no_counts_for_a_company_outside_the_programme(
    client, broker, consultant, other_programme
):
    elsewhere = AgreementFactory(programme=other_programme, is_network=True).company
    for user in (broker, consultant):
        client.force_login(user)
        response = client.get(reverse("companies:detail", args=[elsewhere.pk]))
        assert response.status_code == 200
        assert response.context["matching"] is None
        assert "Deltagere der passer, i" not in response.content.decode()


def test_one_click_from_a_candidate_opens_the_hire_form_with_the_company_chosen(
    client, broker, programme, network
):
    candidate = training(programme, "Ane", sector="warehouse", days=100, aims=[])
    page = hire_page(client, broker, network.company).content.decode()
    link = re.search(r'href="([^"]*ansaettelse/\?company=\d+)"', page).group(1)
    form_page = client.get(link)
    assert form_page.context["form"]["company"].value() == network.company.pk
    # The hire form keeps all its checks: no hours, no hire.
    with nothing_written():
        refused = client.post(link, hire_data(network.company, weekly_hours=""))
    assert refused.status_code == 400
    response = client.post(link, hire_data(network.company))
    assert response.status_code == 302
    employment = Placement.objects.employment().get(participant=candidate)
    assert (employment.company, employment.weekly_hours) == (network.company, Decimal(12))
    assert Participant.objects.get(pk=candidate.pk).exit_outcome == "employment"
    # The training the candidate was in ends on the hire date.
    assert Placement.objects.training().get(participant=candidate).ended_on == employment.starts_on


@pytest.mark.parametrize("bad", ["abc", "999999", "-1", "", "²"])
def test_a_bad_company_in_the_hire_link_is_ignored(client, broker, programme, network, bad):
    candidate = enrolled(programme, "Ane", 40, ["warehouse"])
    client.force_login(broker)
    response = client.get(reverse("placements:hire", args=[candidate.pk]), {"company": bad})
    assert response.status_code == 200
    assert response.context["form"]["company"].value() is None


def test_a_company_that_does_not_hire_lists_no_one(client, broker, programme):
    trainer = AgreementFactory(programme=programme, company__sector="warehouse")
    enrolled(programme, "Ane", 40, ["warehouse"])
    response = hire_page(client, broker, trainer.company)
    assert response.status_code == 200
    assert response.context["candidates"] == []
    assert "ingen netværksaftale" in response.content.decode()


@pytest.mark.parametrize("name", ["placements:hire-candidates", "placements:candidates"])
def test_a_company_outside_the_users_programmes_is_not_found(
    client, broker, outsider, other_programme, programme, name
):
    """Only an agreement with another programme, or one that has ended: 404 for the matching
    pages (the company page itself is shared, companies are read by all)."""
    elsewhere = AgreementFactory(programme=other_programme, is_network=True).company
    ended = AgreementFactory(
        programme=programme, is_network=True, signed_on=ago(400), ends_on=ago(10)
    ).company
    client.force_login(broker)
    assert client.get(reverse(name, args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse(name, args=[999999])).status_code == 404
    assert client.get(reverse(name, args=[ended.pk])).status_code == 404
    mine = AgreementFactory(programme=programme, is_network=True).company
    client.force_login(outsider)
    assert client.get(reverse(name, args=[mine.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["consultant", "case_worker", "manager", "administrator"])
def test_only_job_brokers_see_the_names_or_hire(client, request, programme, network, persona):
    candidate = training(programme, "Ane", sector="warehouse", days=100, aims=[])
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for name in ("placements:hire-candidates", "placements:candidates"):
        assert client.get(reverse(name, args=[network.company.pk])).status_code == 403
    url = reverse("placements:hire", args=[candidate.pk]) + f"?company={network.company.pk}"
    with nothing_written():
        response = client.post(url, hire_data(network.company))
    # Roles that read cases are refused the action (403); those that do not, the case (404).
    assert response.status_code == (404 if persona == "consultant" else 403)


def test_an_outsider_broker_cannot_hire_a_citizen_of_another_programme(
    client, outsider, programme, network
):
    candidate = training(programme, "Ane", sector="warehouse", days=100, aims=[])
    client.force_login(outsider)
    with nothing_written():
        response = client.post(
            reverse("placements:hire", args=[candidate.pk]), hire_data(network.company)
        )
    assert response.status_code == 404


def test_the_company_page_shows_counts_to_every_reader_and_names_links_to_brokers(
    client, broker, consultant, case_worker, manager, programme, network
):
    network.is_training = True
    network.training_capacity = 3
    network.save()
    enrolled(programme, "Ane", 40, ["warehouse"])
    enrolled(programme, "Bo", 40, ["warehouse", "retail"])
    training(programme, "Carl", sector="warehouse", days=30, aims=[])
    enrolled(programme, "Dorte", 40, ["retail"])
    url = reverse("companies:detail", args=[network.company.pk])
    links = [
        reverse("placements:hire-candidates", args=[network.company.pk]),
        reverse("placements:candidates", args=[network.company.pk]),
    ]
    for user in (consultant, case_worker, manager):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "2 deltagere, der venter på en træningsplads, sigter mod Lager." in page
        assert "3 deltagere træner i Lager eller sigter mod det" in page
        for name in ("Ane", "Bo", "Carl"):
            assert f"{name} Testesen" not in page
        assert not any(link in page for link in links)
    client.force_login(broker)
    page = client.get(url).content.decode()
    assert all(link in page for link in links)


def test_the_hire_page_runs_the_same_queries_for_1_or_20_who_fit(
    client, broker, programme, network, django_assert_num_queries
):
    training(programme, "Ane", sector="warehouse", days=40, aims=[])
    client.force_login(broker)
    url = reverse("placements:hire-candidates", args=[network.company.pk])
    client.get(url)
    # session, user, permissions and roles (one read), programmes, the company, its agreement
    # with the places, the company's record, the candidates
    with django_assert_num_queries(8):
        client.get(url)
    for index in range(10):
        training(programme, f"P{index}", sector="warehouse", days=40 + index, aims=[])
        enrolled(programme, f"W{index}", 40 + index, ["warehouse"])
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["candidates"]) == queries.CANDIDATES_LENGTH


def test_fit_counts_is_one_query_for_one_sector_or_many(programme, django_assert_num_queries):
    enrolled(programme, "Ane", 40, ["warehouse"])
    training(programme, "Bo", sector="retail", days=30, aims=["warehouse"])
    with django_assert_num_queries(1):
        one = queries.fit_counts(programme, {"warehouse"})
    with django_assert_num_queries(1):
        many = queries.fit_counts(programme, {"warehouse", "retail", "cleaning"})
    assert one["warehouse"] == many["warehouse"] == queries.FitCounts(waiting=1, hire=2)
    assert many["retail"] == queries.FitCounts(waiting=0, hire=1)
    assert many["cleaning"] == queries.FitCounts()

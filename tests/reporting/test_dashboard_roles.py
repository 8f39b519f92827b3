"""Who sees which face of the dashboard (docs/roles.md): managers and administrators all of it,
job brokers their programme's without the per-broker chart, company consultants the
per-company chart for their own companies; case workers and the data-protection officer
nothing; a programme one is not a member of is a 404 for everyone but administrators."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from jobsporet.accounts.roles import Role
from tests.factories import (
    AgreementFactory,
    ParticipantFactory,
    UserFactory,
    hire,
    start_training,
)

pytestmark = pytest.mark.django_db


def _url(programme, **query) -> str:
    url = reverse("reporting:dashboard", args=[programme.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def two_companies(programme, consultant):
    """A training company the consultant keeps (two trained, one hired) and one they do not."""
    own = AgreementFactory(
        programme=programme, company__name="Egen Træning ApS", company__consultant=consultant
    ).company
    others = AgreementFactory(programme=programme, company__name="Andens Træning ApS").company
    for company in (own, own, others):
        participant = ParticipantFactory(programme=programme)
        start_training(participant, company=company)
    hire(own.placements.first().participant)
    return own, others


def test_a_manager_sees_every_chart_and_the_per_broker_chart(client, manager, programme):
    ParticipantFactory(programme=programme)
    client.force_login(manager)
    response = client.get(_url(programme))
    assert response.status_code == 200
    assert "brokers" in response.context["board"].charts
    body = response.content.decode()
    assert f'href="{reverse("reporting:funding", args=[programme.slug])}"' in body
    assert f'href="{reverse("reporting:comparison")}"' in body


def test_a_job_broker_sees_the_dashboard_without_the_per_broker_chart(
    client, broker, colleague, programme, two_companies
):
    ParticipantFactory(programme=programme, job_broker=broker)
    ParticipantFactory(programme=programme, job_broker=colleague)
    client.force_login(broker)
    response = client.get(_url(programme))
    assert response.status_code == 200
    board = response.context["board"]
    assert "brokers" not in board.charts and board.brokers == []
    assert {"enrolment", "status", "rate", "companies", "sectors"} <= set(board.charts)
    body = response.content.decode()
    assert 'id="chart-brokers"' not in body
    # Nothing on the page leads to what a broker may not open.
    assert f'href="{reverse("reporting:funding", args=[programme.slug])}"' not in body
    assert f'href="{reverse("reporting:comparison")}"' not in body
    # The job broker filter offers their own caseload only.
    choices = dict(response.context["form"].fields["broker"].choices)
    assert set(choices) == {"", broker.pk}
    assert colleague.get_full_name() not in body


def test_a_job_broker_may_narrow_to_their_own_caseload_and_no_one_elses(
    client, broker, colleague, programme
):
    ParticipantFactory(programme=programme, job_broker=broker)
    ParticipantFactory.create_batch(2, programme=programme, job_broker=colleague)
    client.force_login(broker)
    own = client.get(_url(programme, broker=broker.pk)).context
    assert own["board"].filters.job_broker_id == broker.pk
    assert own["kpis"].participants.enrolled == 1
    refused = client.get(_url(programme, broker=colleague.pk)).context
    assert refused["form"].errors["broker"]
    assert refused["board"].filters.job_broker_id is None
    assert refused["kpis"].participants.enrolled == 3  # the whole programme, as for no filter


def test_a_job_broker_reaches_the_dashboard_from_the_menu(client, broker, programme):
    client.force_login(broker)
    home = client.get(reverse("reporting:home")).content.decode()
    assert f'href="{_url(programme)}"' in home
    assert client.get(reverse("reporting:outcomes"))["Location"] == _url(programme)


def test_a_job_broker_does_not_see_the_comparison_or_the_ledger(client, broker, programme):
    client.force_login(broker)
    assert client.get(reverse("reporting:comparison")).status_code == 403
    assert client.get(reverse("reporting:funding", args=[programme.slug])).status_code == 403


def test_a_company_consultant_sees_the_company_chart_for_their_companies_only(
    client, consultant, programme, two_companies
):
    own, others = two_companies
    client.force_login(consultant)
    response = client.get(_url(programme))
    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart.slug == "companies" and chart.categories == [own.name]
    assert chart.series[0].values == [0.5]  # one of the two trained there was hired
    body = response.content.decode()
    assert own.name in body and others.name not in body
    # No other figure of the programme.
    assert "board" not in response.context and "kpis" not in response.context
    assert 'id="chart-enrolment"' not in body and 'id="chart-brokers"' not in body


def test_a_company_consultant_without_companies_sees_an_empty_chart(
    client, programme, two_companies
):
    other_consultant = UserFactory(role=Role.COMPANY_CONSULTANT, programmes=[programme])
    client.force_login(other_consultant)
    response = client.get(_url(programme))
    assert response.status_code == 200
    assert response.context["chart"].categories == []
    body = response.content.decode()
    assert "Egen Træning ApS" not in body and "Andens Træning ApS" not in body


def test_a_company_consultant_does_not_see_the_comparison_or_the_ledger(
    client, consultant, programme
):
    client.force_login(consultant)
    assert client.get(reverse("reporting:comparison")).status_code == 403
    assert client.get(reverse("reporting:funding", args=[programme.slug])).status_code == 403


@pytest.mark.parametrize(
    "role", [Role.JOB_BROKER, Role.COMPANY_CONSULTANT, Role.MANAGER], ids=lambda r: r.name
)
def test_a_programme_one_is_not_a_member_of_is_not_found(client, programme, other_programme, role):
    user = UserFactory(role=role, programmes=[programme])
    client.force_login(user)
    assert client.get(_url(programme)).status_code == 200
    assert client.get(_url(other_programme)).status_code == 404
    dashboard_by_id = reverse("reporting:dashboard", args=[other_programme.pk])
    assert client.get(dashboard_by_id).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.DATA_PROTECTION_OFFICER], ids=lambda r: r.name
)
def test_roles_without_a_dashboard_are_refused_and_not_offered_it(client, programme, role):
    user = UserFactory(role=role, programmes=[programme])
    client.force_login(user)
    assert client.get(_url(programme)).status_code == 403
    assert client.get(reverse("reporting:outcomes")).status_code == 403
    home = client.get(reverse("reporting:home")).content.decode()
    assert f'href="{_url(programme)}"' not in home


# Session, user, permissions and roles (one read), the user's programmes, the consultant's
# companies, the training companies' figures.
QUERIES_FOR_A_CONSULTANT = 6
# The manager's page (test_dashboard.py) without the forecast (this programme has no end date
# ahead), the job brokers to filter by and the per-broker figures.
QUERIES_FOR_A_BROKER = 14


def _another_trainee(programme, company) -> None:
    start_training(ParticipantFactory(programme=programme), company=company)


def test_the_consultants_page_runs_the_same_queries_for_few_or_many_companies(
    client, consultant, programme, two_companies, django_assert_num_queries
):
    client.force_login(consultant)
    client.get(_url(programme))
    with django_assert_num_queries(QUERIES_FOR_A_CONSULTANT):
        assert len(client.get(_url(programme)).context["chart"].categories) == 1
    for index in range(6):
        company = AgreementFactory(
            programme=programme, company__name=f"Egen {index}", company__consultant=consultant
        ).company
        _another_trainee(programme, company)
    with django_assert_num_queries(QUERIES_FOR_A_CONSULTANT):
        assert len(client.get(_url(programme)).context["chart"].categories) == 7


def test_the_brokers_page_runs_the_same_queries_for_few_or_many_participants(
    client, broker, colleague, programme, two_companies, django_assert_num_queries
):
    client.force_login(broker)
    client.get(_url(programme))
    cache.clear()  # the figures' queries, not the cache's (reporting.views.cached_dashboard)
    with django_assert_num_queries(QUERIES_FOR_A_BROKER):
        assert client.get(_url(programme)).context["kpis"].participants.enrolled == 3
    for index in range(8):
        ParticipantFactory(programme=programme, job_broker=colleague if index % 2 else broker)
    cache.clear()  # the factory writes past the services, with no audit row to tell the cache
    with django_assert_num_queries(QUERIES_FOR_A_BROKER):
        assert client.get(_url(programme)).context["kpis"].participants.enrolled == 11


def test_a_managers_cached_dashboard_never_reaches_a_job_broker(
    client, manager, broker, colleague, programme
):
    """The per-broker chart a manager's look left in the cache is not what a job broker gets
    for the same programme, date and filters (the face is part of the key), nor the other way."""
    ParticipantFactory(programme=programme, job_broker=broker)
    ParticipantFactory(programme=programme, job_broker=colleague)
    client.force_login(manager)
    assert "brokers" in client.get(_url(programme)).context["board"].charts
    client.force_login(broker)
    response = client.get(_url(programme))
    assert "brokers" not in response.context["board"].charts
    assert response.context["board"].brokers == []
    assert 'id="chart-brokers"' not in response.content.decode()
    client.force_login(manager)
    assert "brokers" in client.get(_url(programme)).context["board"].charts

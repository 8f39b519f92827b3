"""The programme dashboard (/resultater/<programme>/) renders the KPI engine's figures and
charts for managers, with the date and filters in the URL."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.bulk import Exit, participants_exit_many
from participants.services import Enrolment, participants_enrol_many
from placements.bulk import trainings_start_many
from placements.models import Placement
from tests.factories import (
    AgreementFactory,
    ParticipantFactory,
    hire,
    make_cpr,
    start_training,
)

pytestmark = pytest.mark.django_db

# Session, user, permissions and roles (one read), the user's programmes (the current one and the
# menu, one read), the brokers to filter by, the engine's four queries of its own (agreements,
# the median, funding, the six-month follow-up figures), the breakdowns' six (the trend's two:
# month buckets and the trainings at each month end, whose last point is the engine's
# participant counts; training companies with sectors, and the hours distribution with the
# hours ladder, which the engine takes from them; brokers; funding by source and month) and
# the forecast (a programme whose end date is ahead).
QUERIES_ON_THE_DASHBOARD = 17
# The same page again with nothing changed in the programme: the request's own (session, user,
# programmes), the programme's latest change (the cache's key) and the job brokers to filter by.
QUERIES_ON_A_CACHED_DASHBOARD = 6


def _url(programme) -> str:
    return reverse("reporting:dashboard", args=[programme.slug])


def test_a_manager_sees_the_figures_of_the_programme(client, manager, programme):
    hire(ParticipantFactory(programme=programme))
    ParticipantFactory(programme=programme)
    client.force_login(manager)
    response = client.get(_url(programme), {"as_of": "2022-12-31"})
    assert response.status_code == 200
    kpis = response.context["kpis"]
    assert (kpis.participants.enrolled, kpis.participants.employed) == (2, 1)
    assert "50,0 %" in response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _table(response, table_id: str = "training-companies") -> str:
    """The HTML of one table on the page."""
    body = response.content.decode()
    start = body.index(f'id="{table_id}"')
    return body[start : body.index("</table>", start)]


def test_on_a_leavers_programme_the_page_shows_the_rate_the_target_is_judged_on(
    client, manager, programme
):
    # 4 enrolled, 2 left (one hired, one stopped): 25 % of all enrolled, 50 % of those who
    # left. The target, 45 % of those who left, is met. The training company trained the hired
    # one and two still in training: 1 of 3 trained (33 %), but 1 of 1 who left (100 %).
    programme.employment_rate_basis = "leavers"
    programme.target_employment_rate = Decimal("0.45")
    programme.save()
    trainer = AgreementFactory(programme=programme, company__name="Træner", training_capacity=None)
    hired, *trainees = (ParticipantFactory(programme=programme) for _ in range(3))
    for participant in (hired, *trainees):
        start_training(participant, company=trainer.company)
    hire(hired)
    stopped = ParticipantFactory(programme=programme)
    services.participant_exit(
        participant=stopped,
        exit_on=stopped.enrolled_on + datetime.timedelta(days=10),
        outcome="dropout",
        actor=None,
    )
    client.force_login(manager)

    response = client.get(_url(programme))

    assert response.status_code == 200
    page = _text(response.content.decode())
    assert "Beskæftigelsesandel, af de ophørte mål nået 50,0 %" in page
    assert "Mål 45,0 % · af alle tilmeldte: 25,0 %" in page
    assert "Beskæftigelsesandel, af alle tilmeldte" not in page
    assert "for at nå målet" not in page
    body = _table(response)
    assert "Andel, af de ophørte</th>" in body
    row = body[body.index("Træner") : body.index("</tr>", body.index("Træner"))]
    assert "text-success" in row and "100,0 %" in row


def test_on_an_enrolled_programme_a_company_below_the_target_is_not_highlighted(
    client, manager, programme
):
    trainer = AgreementFactory(programme=programme, company__name="Træner", training_capacity=None)
    hired, *trainees = (ParticipantFactory(programme=programme) for _ in range(3))
    for participant in (hired, *trainees):
        start_training(participant, company=trainer.company)
    hire(hired)
    client.force_login(manager)

    response = client.get(_url(programme))

    assert response.status_code == 200
    assert "Beskæftigelsesandel, af alle tilmeldte" in _text(response.content.decode())
    body = _table(response)
    row = body[body.index("Træner") : body.index("</tr>", body.index("Træner"))]
    assert "33,3 %" in row and "text-success" not in row  # 1 of 3 trained, target 40 %
    # 40 % of 3 enrolled is 2 jobs; 1 hired.
    assert "1 job mere for at nå målet" in _text(response.content.decode())


def test_a_bad_date_or_filter_is_a_message_and_the_rest_is_shown(client, manager, programme):
    client.force_login(manager)
    response = client.get(
        _url(programme),
        {"as_of": "31-02-2023", "broker": "x", "sector": "mining", "cohort": "2021-K9"},
    )
    assert response.status_code == 200
    assert response.context["as_of"] == timezone.localdate()
    assert response.context["kpis"].as_of == timezone.localdate()
    assert not response.context["board"].filters.any
    errors = response.context["form"].errors
    assert set(errors) == {"as_of", "broker", "sector", "cohort"}
    assert "Angiv en dato (ÅÅÅÅ-MM-DD)." in _text(response.content.decode())


def test_an_ended_programme_opens_on_its_end_date(client, manager, programme):
    programme.ends_on = datetime.date(2023, 3, 31)
    programme.save()
    client.force_login(manager)
    response = client.get(_url(programme))
    assert response.context["as_of"] == datetime.date(2023, 3, 31)


def test_case_workers_do_not_see_the_dashboard(client, case_worker, programme):
    client.force_login(case_worker)
    assert client.get(_url(programme)).status_code == 403
    assert client.get(reverse("reporting:outcomes")).status_code == 403
    assert client.get(reverse("reporting:comparison")).status_code == 403


def test_a_manager_outside_the_programme_gets_404(client, manager, other_programme):
    client.force_login(manager)
    assert client.get(_url(other_programme)).status_code == 404
    assert client.get(reverse("reporting:dashboard", args=[other_programme.pk])).status_code == 404
    assert client.get(reverse("reporting:dashboard", args=["no-such"])).status_code == 404


def test_an_administrator_sees_any_programme_by_slug_or_id(client, administrator, other_programme):
    client.force_login(administrator)
    response = client.get(reverse("reporting:dashboard", args=[other_programme.pk]))
    assert response.status_code == 200
    assert response.context["programme"] == other_programme


def test_the_menu_opens_the_current_programmes_dashboard(client, manager, programme):
    client.force_login(manager)
    home = client.get(reverse("reporting:home")).content.decode()
    assert f'href="{_url(programme)}"' in home
    response = client.get(reverse("reporting:outcomes"))
    assert response.status_code == 302 and response["Location"] == _url(programme)


def test_opening_a_dashboard_makes_it_the_current_programme_and_switching_leaves_it(
    client, manager, programme, other_programme
):
    other_programme.members.add(manager)
    client.force_login(manager)
    for opened in (programme, other_programme, programme):
        body = client.get(_url(opened)).content.decode()
        assert client.get(reverse("reporting:outcomes"))["Location"] == _url(opened)
    # The switcher's form returns to the current programme's dashboard, not this one's.
    assert f'name="next" value="{reverse("reporting:outcomes")}"' in body
    client.post(reverse("switch-programme"), {"programme": other_programme.slug, "next": "/x"})
    assert client.get(reverse("reporting:outcomes"))["Location"] == _url(other_programme)


def _trained_and_hired(programme, index: int) -> None:
    trainer = AgreementFactory(programme=programme, company__name=f"Træner {index}").company
    participant = ParticipantFactory(programme=programme)
    start_training(participant, company=trainer)
    hire(participant)


def test_the_dashboard_runs_the_same_queries_for_1_or_21_training_companies(
    client, manager, programme, django_assert_num_queries
):
    programme.ends_on = timezone.localdate() + datetime.timedelta(days=365)
    programme.save()
    _trained_and_hired(programme, 0)
    client.force_login(manager)
    with django_assert_num_queries(QUERIES_ON_THE_DASHBOARD):
        response = client.get(_url(programme))
    assert response.status_code == 200
    assert len(response.context["kpis"].training_companies) == 1
    for index in range(1, 21):
        _trained_and_hired(programme, index)
    client.get(_url(programme))  # notes the activity in the session (15 s resolution)
    cache.clear()  # the factories write past the services, with no audit row to tell the cache
    with django_assert_num_queries(QUERIES_ON_THE_DASHBOARD):
        response = client.get(_url(programme))
    assert response.status_code == 200
    assert len(response.context["kpis"].training_companies) == 21
    assert response.context["board"].forecast is not None
    # The forecast says what it assumes, the pace of enrolment among it.
    assert "tilmeldes i samme tempo som de sidste tre måneder" in response.content.decode()
    assert "Prognose for slutdatoen" in response.content.decode()
    assert _table(response).count("Træner ") == 21


def _enrol_many(programme, count: int, broker, prefix: str) -> list:
    """`count` cases enrolled over the programme's months through the bulk service, every
    third of them trained at a company, every fifth hired and every seventh stopped."""
    start = programme.starts_on
    cases = participants_enrol_many(
        enrolments=[
            Enrolment(
                cpr=make_cpr(),
                first_name="Mange",
                last_name=f"Deltager {index}",
                programme=programme,
                reference=f"{prefix}-{index}",
                enrolled_on=start + datetime.timedelta(days=index % 700),
                job_broker=broker,
            )
            for index in range(count)
        ],
        actor=None,
    )
    trainer = AgreementFactory(programme=programme, training_capacity=None).company
    trainings_start_many(
        placements=[
            Placement(
                participant=case,
                company=trainer,
                kind=Placement.Kind.TRAINING,
                starts_on=case.enrolled_on + datetime.timedelta(days=7),
            )
            for case in cases[::3]
        ],
        actor=None,
    )
    participants_exit_many(
        exits=[
            Exit(
                participant=case,
                exit_on=case.enrolled_on + datetime.timedelta(days=30),
                outcome=outcome,
            )
            for index, case in enumerate(cases)
            for outcome in ["education" if index % 5 == 0 else "dropout" if index % 7 == 0 else ""]
            if outcome
        ],
        actor=None,
    )
    return cases


def test_the_dashboard_runs_the_same_queries_for_10_or_1000_participants(
    client, manager, broker, programme, django_assert_num_queries
):
    programme.starts_on = datetime.date(2021, 1, 1)
    programme.ends_on = timezone.localdate() + datetime.timedelta(days=365)
    programme.save()
    _trained_and_hired(programme, 0)
    _enrol_many(programme, 9, broker, "S")
    client.force_login(manager)
    client.get(_url(programme))
    with django_assert_num_queries(QUERIES_ON_THE_DASHBOARD):  # 2022-12-31 not yet cached
        small = client.get(_url(programme), {"as_of": "2022-12-31"})
    assert small.context["kpis"].participants.enrolled == 10
    cases = _enrol_many(programme, 990, broker, "L")  # the same mix, 110 times more
    assert len(cases) == 990
    client.get(_url(programme))
    with django_assert_num_queries(QUERIES_ON_THE_DASHBOARD):  # the enrolments changed the key
        large = client.get(_url(programme), {"as_of": "2022-12-31"})
    counts = large.context["kpis"].participants
    assert counts.enrolled == 1000 and counts.education > 100 and counts.in_training > 0
    assert large.context["board"].forecast is not None


def test_many_training_companies_show_those_that_trained_the_most_and_say_so(
    client, manager, programme, monkeypatch
):
    monkeypatch.setattr("reporting.dashboard.MOST_COMPANIES_SHOWN", 3)
    for index in range(5):
        _trained_and_hired(programme, index)
    busiest = AgreementFactory(programme=programme, company__name="Travl").company
    for _ in range(2):
        start_training(ParticipantFactory(programme=programme), company=busiest)
    client.force_login(manager)
    response = client.get(_url(programme), {"as_of": timezone.localdate().isoformat()})
    assert response.status_code == 200
    table = _table(response)
    # Travl trained two; of the five that trained one each, the first three by name.
    assert "Travl " in table and table.count("Træner ") == 2
    assert "Træner 0 " in table and "Træner 1 " in table and "Træner 2 " not in table
    note = "Vist: de 3 virksomheder, der har trænet flest, af 6"
    body = response.content.decode()
    assert 'id="training-companies"' in body.split(note)[-2], "said under the table"
    chart = response.context["board"].charts["companies"]
    assert note in chart.caption
    assert chart.categories == ["Træner 0", "Træner 1", "Travl"], "still by rate"


def test_many_job_brokers_show_those_with_the_largest_caseloads_and_say_so(
    client, manager, programme, monkeypatch
):
    from jobsporet.accounts.roles import Role
    from tests.factories import UserFactory

    monkeypatch.setattr("reporting.dashboard.MOST_BROKERS_SHOWN", 2)
    for name, cases in (("Alfa", 1), ("Bravo", 3), ("Charlie", 2)):
        broker = UserFactory(
            first_name="Formidler", last_name=name, role=Role.JOB_BROKER, programmes=[programme]
        )
        for _ in range(cases):
            ParticipantFactory(programme=programme, job_broker=broker)
    client.force_login(manager)
    response = client.get(_url(programme), {"as_of": timezone.localdate().isoformat()})
    chart = response.context["board"].charts["brokers"]
    # Bravo's three cases and Charlie's two, in the order of names; Alfa's one is left out.
    assert chart.categories == ["Formidler Bravo", "Formidler Charlie"]
    assert "Vist: de 2 jobformidlere med de største sagsstammer, af 3" in chart.caption
    assert [b.name for b in response.context["board"].brokers] == [
        "Formidler Alfa",
        "Formidler Bravo",
        "Formidler Charlie",
    ], "the figures themselves keep every job broker"


def test_a_second_look_is_read_from_the_cache_until_the_programme_changes(
    client, manager, broker, programme, django_assert_num_queries
):
    programme.starts_on = datetime.date(2021, 1, 1)
    programme.ends_on = timezone.localdate() + datetime.timedelta(days=365)
    programme.save()
    _trained_and_hired(programme, 0)
    _enrol_many(programme, 8, broker, "S")
    client.force_login(manager)
    first = client.get(_url(programme), {"as_of": "2022-12-31"})
    with django_assert_num_queries(QUERIES_ON_A_CACHED_DASHBOARD):
        again = client.get(_url(programme), {"as_of": "2022-12-31"})
    assert again.context["kpis"] == first.context["kpis"]
    assert _table(again) == _table(first)
    # A change through the services (which write the audit trail) is seen at once.
    _enrol_many(programme, 3, broker, "T")
    with django_assert_num_queries(QUERIES_ON_THE_DASHBOARD):
        after = client.get(_url(programme), {"as_of": "2022-12-31"})
    assert after.context["kpis"].participants.enrolled == 12
    assert first.context["kpis"].participants.enrolled == 9
    # New targets are a new key too.
    programme.target_employment_rate = Decimal("0.55")
    programme.save()
    assert client.get(_url(programme), {"as_of": "2022-12-31"}).context[
        "kpis"
    ].targets.employment_rate == pytest.approx(0.55)


def test_the_cache_keeps_dates_filters_and_languages_apart(
    client, manager, broker, colleague, programme
):
    programme.starts_on = datetime.date(2021, 1, 1)
    programme.save()
    _enrol_many(programme, 30, broker, "S")
    _enrol_many(programme, 5, colleague, "C")
    client.force_login(manager)
    early = client.get(_url(programme), {"as_of": "2021-01-15"}).context["kpis"]
    late = client.get(_url(programme), {"as_of": "2022-12-31"}).context["kpis"]
    assert early.participants.enrolled < late.participants.enrolled
    assert client.get(_url(programme), {"as_of": "2021-01-15"}).context["kpis"] == early
    assert late.participants.enrolled == 35
    theirs = client.get(_url(programme), {"as_of": "2022-12-31", "broker": colleague.pk})
    assert theirs.context["kpis"].participants.enrolled == 5
    # The charts' words are made in the language of the page that computed them.
    danish = client.get(_url(programme), {"as_of": "2022-12-31"}).context["board"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(_url(programme), {"as_of": "2022-12-31"}).context["board"]
    assert english.charts["enrolment"].caption.startswith("Participants enrolled by the end")
    assert not danish.charts["enrolment"].caption.startswith("Participants")

"""The start page: each role's work list for today, in the current programme."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from placements import services as placement_services
from tests.factories import (
    AgreementFactory,
    ParticipantFactory,
    ProgrammeFactory,
    hire,
    start_training,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(broker, colleague, consultant, manager, case_worker):
    """A running programme that the personas are members of."""
    programme = ProgrammeFactory(
        slug="drift", name="Jobsporet drift", starts_on=datetime.date(2023, 4, 1)
    )
    for user in (broker, colleague, consultant, manager, case_worker):
        programme.members.add(user)
    return programme


def _case(programme, broker, **kwargs):
    today = timezone.localdate()
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=today - datetime.timedelta(days=60),
        **kwargs,
    )


def _live_work(programme, broker):
    today = timezone.localdate()
    follow_up = _case(programme, broker)
    services.case_note_add(
        participant=follow_up,
        author=broker,
        kind="phone",
        text="Ring om mødetider",
        follow_up_on=today + datetime.timedelta(days=2),
    )
    ending = _case(programme, broker)
    start_training(
        ending,
        starts_on=today - datetime.timedelta(days=50),
        planned_end_on=today + datetime.timedelta(days=5),
    )
    review = _case(programme, broker)
    services.review_add(
        plan=review.development_plan,
        reviewer=broker,
        reviewed_on=today - datetime.timedelta(days=30),
        progress="Godt i gang",
        next_review_on=today + datetime.timedelta(days=1),
    )
    waiting = _case(programme, broker)
    hired = _case(programme, broker)
    employment = hire(hired, starts_on=today - datetime.timedelta(days=40), weekly_hours=Decimal(6))
    placement_services.hours_change_record(
        placement=employment,
        changed_on=today - datetime.timedelta(days=3),
        weekly_hours=Decimal(10),
        actor=broker,
    )
    return follow_up, ending, review, waiting, hired


def test_a_broker_sees_who_needs_them_today(client, broker, running):
    follow_up, ending, review, waiting, hired = _live_work(running, broker)
    client.force_login(broker)
    response = client.get(reverse("reporting:home"))
    assert response.status_code == 200
    worklist = response.context["worklist"]
    assert [note.participant for note in worklist.follow_ups] == [follow_up]
    assert [p.participant for p in worklist.trainings_ending] == [ending]
    assert [plan.participant for plan in worklist.reviews_due] == [review]
    assert waiting in worklist.waiting_for_training
    assert [p.participant for p in worklist.hours_to_follow] == [hired]
    assert worklist.hours_to_follow[0].latest_hours == Decimal(10)
    for participant in (follow_up, ending, review, waiting, hired):
        assert participant.person.full_name in response.content.decode()


def test_a_colleagues_caseload_is_not_on_my_list(client, broker, colleague, running):
    _live_work(running, broker)
    client.force_login(colleague)
    response = client.get(reverse("reporting:home"))
    assert response.context["worklist"].is_empty


def test_done_follow_ups_and_other_programmes_stay_off(client, broker, running, other_programme):
    today = timezone.localdate()
    case = _case(running, broker)
    note = services.case_note_add(
        participant=case, author=broker, kind="phone", text="x", follow_up_on=today
    )
    services.case_note_follow_up_done(note=note, actor=broker)
    other_programme.members.add(broker)
    elsewhere = ParticipantFactory(
        programme=other_programme, job_broker=broker, enrolled_on=datetime.date(2021, 1, 4)
    )
    services.case_note_add(
        participant=elsewhere, author=broker, kind="phone", text="y", follow_up_on=today
    )
    client.force_login(broker)
    response = client.get(reverse("reporting:home"))
    assert response.context["worklist"].follow_ups == []


def test_the_start_page_runs_a_bounded_number_of_queries(
    client, broker, running, django_assert_num_queries
):
    for _ in range(3):
        _live_work(running, broker)
    client.force_login(broker)
    # Six work lists (the six-month follow-ups due are the sixth).
    with django_assert_num_queries(10) as small:
        client.get(reverse("reporting:home"))
    for _ in range(8):
        _live_work(running, broker)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("reporting:home"))


def test_a_consultant_sees_their_companies_work(client, consultant, broker, running):
    today = timezone.localdate()
    agreement = AgreementFactory(
        programme=running,
        company__consultant=consultant,
        ends_on=today + datetime.timedelta(days=20),
        signed_on=datetime.date(2023, 4, 1),
        training_capacity=None,
    )
    case = _case(running, broker)
    start_training(
        case,
        company=agreement.company,
        starts_on=today - datetime.timedelta(days=10),
        planned_end_on=today + datetime.timedelta(days=3),
    )
    client.force_login(consultant)
    response = client.get(reverse("reporting:home"))
    work = response.context["company_worklist"]
    assert work.agreements_ending == [agreement]
    assert [p.participant for p in work.trainings_ending] == [case]
    assert "worklist" not in response.context
    # A consultant sees the trainee's name, never the CPR number.
    assert case.person.birth_date.strftime("%d%m%y") not in response.content.decode()


def test_someone_without_a_programme_is_told_so(client, db):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("reporting:home"))
    assert response.status_code == 200
    assert not response.context["current_programme"]
    assert "worklist" not in response.context
    assert "alert-warning" in response.content.decode()


def test_a_manager_starts_on_the_headline_figures(client, manager, running, broker):
    _live_work(running, broker)
    client.force_login(manager)
    response = client.get(reverse("reporting:home"))
    kpis = response.context["kpis"]
    assert (kpis.participants.enrolled, kpis.participants.employed) == (5, 1)
    assert "worklist" not in response.context
    assert reverse("reporting:dashboard", args=[running.slug]) in response.content.decode()


def test_the_managers_start_page_runs_a_bounded_number_of_queries(
    client, manager, broker, running, django_assert_num_queries
):
    _live_work(running, broker)
    client.force_login(manager)
    # The figures are counted once (the session, the user, their roles and permissions, the
    # programmes, the programme's latest change, the count) ...
    with django_assert_num_queries(6) as small:
        client.get(reverse("reporting:home"))
    for _ in range(6):
        _live_work(running, broker)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("reporting:home"))
    assert response.context["kpis"].participants.enrolled == 35
    # ... and read from the cache while nothing in the programme changes: no count at all.
    with django_assert_num_queries(len(small.captured_queries) - 1):
        again = client.get(reverse("reporting:home"))
    assert again.context["kpis"] == response.context["kpis"]


def test_the_managers_figures_follow_every_change_in_the_programme(
    client, manager, broker, running
):
    case = _case(running, broker)
    client.force_login(manager)
    before = client.get(reverse("reporting:home")).context["kpis"].participants
    assert (before.enrolled, before.employed) == (1, 0)
    _case(running, broker)
    hire(case)
    after = client.get(reverse("reporting:home")).context["kpis"].participants
    assert (after.enrolled, after.employed) == (2, 1)


def test_the_managers_figures_follow_the_programmes_target(client, manager, broker, running):
    _case(running, broker)
    client.force_login(manager)
    first = client.get(reverse("reporting:home")).context["kpis"].targets.employment_rate
    running.target_employment_rate = Decimal("0.125")
    running.save()  # the programme's row changed; its cases did not
    shown = client.get(reverse("reporting:home")).context["kpis"].targets.employment_rate
    assert (first, shown) != (0.125, 0.125)
    assert shown == 0.125

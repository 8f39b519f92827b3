"""Issue 11: a review updates the goals it reviews, their status and progress in the same form
and transaction, each change with its history and audit row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobsporet.core.errors import DomainError
from participants import services
from participants.models import Goal, Review
from tests.factories import GoalFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker, case_worker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        case_worker=case_worker,
        enrolled_on=timezone.localdate() - datetime.timedelta(days=60),
    )


@pytest.fixture
def goals(case):
    plan = case.development_plan
    return (
        GoalFactory(plan=plan, title="Kørekort", status="in_progress"),
        GoalFactory(plan=plan, title="Dansk", status="planned"),
    )


def review(client, case, goals, **fields):
    today = timezone.localdate()
    data = {
        "reviewed_on": today.isoformat(),
        "progress": "Godt forløb",
        "next_review_on": (today + datetime.timedelta(days=30)).isoformat(),
    }
    for goal in goals:
        data[f"goal_{goal.pk}_status"] = goal.status
        data[f"goal_{goal.pk}_progress"] = goal.progress
    data.update(fields)
    return client.post(reverse("participants:add-review", args=[case.pk]), data)


def test_the_review_form_offers_each_goals_status_and_progress(client, case_worker, case, goals):
    client.force_login(case_worker)
    response = client.get(reverse("participants:add-review", args=[case.pk]))
    form = response.context["form"]
    license, _danish = goals
    assert form[f"goal_{license.pk}_status"].value() == "in_progress"
    page = response.content.decode()
    assert "Kørekort: status" in page and "Dansk: udvikling" in page


def test_a_review_sets_the_goals_status_and_progress(client, case_worker, case, goals):
    license, danish = goals
    client.force_login(case_worker)
    response = review(
        client,
        case,
        goals,
        **{
            f"goal_{license.pk}_status": "achieved",
            f"goal_{license.pk}_progress": "Bestået teoriprøven og køreprøven",
        },
    )
    assert response.status_code == 302
    license.refresh_from_db()
    danish.refresh_from_db()
    assert (license.status, license.progress) == ("achieved", "Bestået teoriprøven og køreprøven")
    assert (danish.status, danish.progress) == ("planned", "")  # unchanged: no new version
    assert danish.history.count() == 1 and license.history.count() == 2
    assert license.history.first().history_user == case_worker
    assert Review.objects.filter(plan=case.development_plan).count() == 1
    page = client.get(reverse("participants:detail", args=[case.pk])).content.decode()
    assert "Bestået teoriprøven og køreprøven" in page


def test_a_bad_status_is_refused_and_nothing_is_written(client, case_worker, case, goals):
    license, _danish = goals
    client.force_login(case_worker)
    response = review(client, case, goals, **{f"goal_{license.pk}_status": "forgotten"})
    assert response.status_code == 400
    assert f"goal_{license.pk}_status" in response.context["form"].errors
    assert response.context["form"]["progress"].value() == "Godt forløb"
    assert not Review.objects.exists()
    license.refresh_from_db()
    assert license.status == "in_progress"


def test_a_refused_review_changes_no_goal(client, case_worker, case, goals):
    license, _danish = goals
    client.force_login(case_worker)
    response = review(client, case, goals, progress="", **{f"goal_{license.pk}_status": "dropped"})
    assert response.status_code == 400
    license.refresh_from_db()
    assert license.status == "in_progress"


def test_the_service_refuses_a_goal_of_another_plan(case, case_worker, programme):
    stranger = GoalFactory(plan=ParticipantFactory(programme=programme).development_plan)
    with pytest.raises(DomainError):
        services.review_add(
            plan=case.development_plan,
            reviewer=case_worker,
            reviewed_on=timezone.localdate(),
            progress="x",
            next_review_on=None,
            goal_updates=[(stranger, "achieved", "")],
        )
    assert Goal.objects.get(pk=stranger.pk).status == "planned"
    assert not Review.objects.exists()


def test_a_manager_may_not_review(client, manager, case, goals):
    client.force_login(manager)
    assert review(client, case, goals).status_code == 403
    assert not Review.objects.exists()

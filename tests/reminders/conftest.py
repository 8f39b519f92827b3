"""What falls due in a broker's caseload, made through the services: a case note's follow-up,
a plan's review, a training ending and a six-month follow-up, on citizens with a CPR number,
a health barrier and a note whose text a reminder must never carry."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from participants import services
from participants.models import Participant
from tests.factories import ParticipantFactory, PersonFactory, leave, make_cpr, start_training

HEALTH_TEXT = "Diskusprolaps, tåler ikke tunge løft"
NOTE_TEXT = "Talte om medicin og søvnproblemer"


@dataclass
class Work:
    follow_up: Participant
    review: Participant
    ending: Participant
    six_month: Participant

    @property
    def cases(self) -> list[Participant]:
        return [self.follow_up, self.review, self.ending, self.six_month]


def make_case(programme, broker, case_worker=None, enrolled_days_ago=60) -> Participant:
    today = timezone.localdate()
    return ParticipantFactory(
        programme=programme,
        person=PersonFactory(cpr=make_cpr()),
        job_broker=broker,
        case_worker=case_worker,
        enrolled_on=today - datetime.timedelta(days=enrolled_days_ago),
        barriers=["physical"],
        barrier_notes=HEALTH_TEXT,
    )


def make_work(programme, broker, case_worker=None) -> Work:
    """One item of each kind for `broker`; the case worker shares the first three cases."""
    today = timezone.localdate()
    follow_up = make_case(programme, broker, case_worker)
    services.case_note_add(
        participant=follow_up,
        author=broker,
        kind="phone",
        text=NOTE_TEXT,
        follow_up_on=today + datetime.timedelta(days=2),
    )
    review = make_case(programme, broker, case_worker)
    services.review_add(
        plan=review.development_plan,
        reviewer=broker,
        reviewed_on=today - datetime.timedelta(days=30),
        progress="Godt i gang",
        next_review_on=today + datetime.timedelta(days=3),
    )
    ending = make_case(programme, broker, case_worker)
    start_training(
        ending,
        starts_on=today - datetime.timedelta(days=50),
        planned_end_on=today + datetime.timedelta(days=5),
    )
    six_month = make_case(programme, broker, enrolled_days_ago=400)
    leave(six_month, today - datetime.timedelta(days=200))
    return Work(follow_up=follow_up, review=review, ending=ending, six_month=six_month)


@pytest.fixture
def work(programme, broker, case_worker) -> Work:
    return make_work(programme, broker, case_worker)


def private_values(case: Participant) -> list[str]:
    """What must never leave the app about a case: the CPR number in every written form, and
    the health data."""
    cpr = case.person.cpr
    return [cpr, cpr.replace("-", ""), case.person.masked_cpr, HEALTH_TEXT, NOTE_TEXT]

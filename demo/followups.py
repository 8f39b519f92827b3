"""The demo's six-month follow-ups: the exits scheduled them (through the services); here the
brokers record most of those that have fallen due, with what realistically became of people.

Hires mostly still work at the company that hired them, often with more hours; those who went
to education are mostly still studying; of those who stopped, some found work on their own,
many are unemployed and some could not be reached. Follow-ups that fell due in the last two
weeks are left for the brokers' start pages. A generator of its own keeps the rest of the demo
(and its published figures) exactly as it was.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from jobsporet.programmes.models import Programme
from participants.models import Participant
from placements.followups.bulk import followups_record_many
from placements.models import FollowUp, Placement

# Outcome weights by how the participant left.
AFTER = {
    Participant.ExitOutcome.EMPLOYMENT: {
        FollowUp.Outcome.PART_TIME: 30,
        FollowUp.Outcome.ORDINARY_JOB: 22,
        FollowUp.Outcome.SMALL_JOB: 14,
        FollowUp.Outcome.FLEX_JOB: 8,
        FollowUp.Outcome.SELF_EMPLOYED: 1,
        FollowUp.Outcome.EDUCATION: 3,
        FollowUp.Outcome.UNEMPLOYED: 12,
        FollowUp.Outcome.NOT_REACHED: 10,
    },
    Participant.ExitOutcome.EDUCATION: {
        FollowUp.Outcome.EDUCATION: 60,
        FollowUp.Outcome.PART_TIME: 10,
        FollowUp.Outcome.UNEMPLOYED: 15,
        FollowUp.Outcome.NOT_REACHED: 15,
    },
    Participant.ExitOutcome.DROPOUT: {
        FollowUp.Outcome.PART_TIME: 8,
        FollowUp.Outcome.SMALL_JOB: 7,
        FollowUp.Outcome.FLEX_JOB: 5,
        FollowUp.Outcome.EDUCATION: 8,
        FollowUp.Outcome.UNEMPLOYED: 50,
        FollowUp.Outcome.NOT_REACHED: 22,
    },
}
OTHER_EMPLOYERS = ["Netto Ikast", "Rema 1000 Brande", "Danish Crown Herning", "Bilka Herning"]
RECORDED_SHARE = 0.9
LEFT_FOR_THE_BROKERS = datetime.timedelta(days=14)
CHUNK = 2000


def record_follow_ups(programme: Programme, *, today: datetime.date, seed: int) -> int:
    """Record the programme's due follow-ups (see the module docstring); how many."""
    rng = random.Random(seed)
    due = list(
        FollowUp.objects.due_by(today - LEFT_FOR_THE_BROKERS)
        .filter(participant__programme=programme)
        # The broker comes with the case: by_broker below read it one query per follow-up.
        .select_related("participant__job_broker")
        .order_by("pk")
    )
    jobs = {
        placement.participant_id: placement
        for placement in Placement.objects.employment()
        .filter(participant__programme=programme)
        .select_related("company")
        .order_by("-starts_on", "-pk")
    }
    by_broker: dict = {}
    for follow_up in due:
        if rng.random() > RECORDED_SHARE:
            continue
        values = _values(follow_up, jobs.get(follow_up.participant_id), rng, today)
        by_broker.setdefault(follow_up.participant.job_broker, []).append((follow_up, values))
    # One call per CHUNK records, each under its broker's name, in the order the calls per
    # broker used to write them (one call per broker made 1,300 calls at 100,000 participants).
    records = [record for group in by_broker.values() for record in group]
    brokers = [broker for broker, group in by_broker.items() for _record in group]
    for start in range(0, len(records), CHUNK):
        followups_record_many(
            records=records[start : start + CHUNK], actors=brokers[start : start + CHUNK]
        )
    return len(records)


def _values(follow_up: FollowUp, job: Placement | None, rng: random.Random, today) -> dict:
    weights = AFTER[follow_up.participant.exit_outcome]
    outcome = rng.choices(list(weights), weights=list(weights.values()))[0]
    contacted_on = min(follow_up.due_on + datetime.timedelta(days=rng.randrange(0, 21)), today)
    values: dict = {
        "contacted_on": contacted_on,
        "outcome": outcome,
        "method": rng.choice(["phone", "letter"])
        if outcome == FollowUp.Outcome.NOT_REACHED
        else rng.choice(["register", "register", "phone", "phone", "letter"]),
    }
    if outcome in FollowUp.EMPLOYEE:
        if job is not None and rng.random() < 0.8:
            values["employer"] = job.company
            start = job.weekly_hours or Decimal(10)
            values["weekly_hours"] = min(start + rng.choice([0, 0, 2, 5, 8]), Decimal(37))
        else:
            values["employer_name"] = rng.choice(OTHER_EMPLOYERS)
            values["weekly_hours"] = Decimal(rng.choice([8, 12, 15, 20, 25, 30, 37]))
    return values

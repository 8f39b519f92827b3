"""Placements take part in the participant lifecycle: an exit ends open training placements and
schedules the six-month follow-up; a reopening cancels that follow-up."""

import datetime

from django.dispatch import receiver

from participants.models import Participant
from participants.signals import (
    participant_exiting,
    participant_reopening,
    participants_exiting_many,
)

from . import bulk, services
from .followups import services as followups


@receiver(participant_exiting, sender=Participant)
def on_exit(
    sender: type, participant: Participant, exit_on: datetime.date, actor, **kwargs
) -> None:
    services.trainings_end_on_exit(participant=participant, exit_on=exit_on, actor=actor)
    followups.followup_schedule(participant=participant, exit_on=exit_on, actor=actor)


@receiver(participants_exiting_many, sender=Participant)
def on_exit_many(sender: type, exits, actor, actors=None, **kwargs) -> None:
    # actors: one per exit when the bulk exit was made with each row's own actor.
    bulk.trainings_end_on_exit_many(exits=exits, actor=actor, actors=actors)
    followups.followups_schedule_many(
        exits=[(row.participant, row.exit_on) for row in exits], actor=actor, actors=actors
    )


@receiver(participant_reopening, sender=Participant)
def cancel_follow_up(sender: type, participant: Participant, actor, **kwargs) -> None:
    followups.followup_cancel(participant=participant, actor=actor)

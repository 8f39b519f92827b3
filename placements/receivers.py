"""Placements take part in the participant lifecycle: an exit ends open training placements."""

import datetime

from django.dispatch import receiver

from participants.models import Participant
from participants.signals import participant_exiting, participants_exiting_many

from . import bulk, services


@receiver(participant_exiting, sender=Participant)
def end_open_training(
    sender: type, participant: Participant, exit_on: datetime.date, actor, **kwargs
) -> None:
    services.trainings_end_on_exit(participant=participant, exit_on=exit_on, actor=actor)


@receiver(participants_exiting_many, sender=Participant)
def end_open_trainings(sender: type, exits, actor, **kwargs) -> None:
    bulk.trainings_end_on_exit_many(exits=exits, actor=actor)

"""Placements take part in the participant lifecycle: an exit ends open training placements."""

import datetime

from django.dispatch import receiver

from participants.models import Participant
from participants.signals import participant_exiting

from . import services


@receiver(participant_exiting, sender=Participant)
def end_open_training(
    sender: type, participant: Participant, exit_on: datetime.date, actor, **kwargs
) -> None:
    services.trainings_end_on_exit(participant=participant, exit_on=exit_on, actor=actor)

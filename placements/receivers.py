"""Placements take part in the participant lifecycle: an exit ends open training placements."""

import datetime

from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jobsporet.core.errors import DomainError
from participants.models import Participant
from participants.signals import participant_exiting


@receiver(participant_exiting, sender=Participant)
def end_open_training(
    sender: type, participant: Participant, exit_on: datetime.date, actor, **kwargs
) -> None:
    for placement in participant.placements.training().open().select_related("company"):
        if placement.starts_on > exit_on:
            raise DomainError(
                _("The training at %(company)s starts on %(day)s, after the exit date.")
                % {
                    "company": placement.company,
                    "day": date_format(placement.starts_on, "SHORT_DATE_FORMAT"),
                },
                field="exit_on",
            )
        placement.ended_on = exit_on
        placement._history_user = actor
        placement.save(update_fields=["ended_on", "updated_at"])

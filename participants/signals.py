"""Lifecycle signals, so apps above participants (placements) can take part in its transitions
without participants importing them.

participant_exiting is sent inside the exit transaction, before the exit is saved; a receiver
may raise DomainError to refuse the exit (and roll everything back). participant_reopening is
sent inside the reopening's transaction, once the case may be reopened.
"""

from django.dispatch import Signal

# Arguments: participant, exit_on, actor.
participant_exiting = Signal()

# The bulk exit's: exits (a list of participants.bulk.Exit, each with its participant locked),
# actor. A receiver may raise BulkRefused, naming the refused rows by their index in exits.
participants_exiting_many = Signal()

# Arguments: participant (locked, still with its exit), actor.
participant_reopening = Signal()

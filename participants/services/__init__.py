"""Every write that changes a participant's status or spans several models, one module an idea:

- case: the row lock and the audit row every write to a case shares (placements use them too)
- persons: the citizen, found or created by CPR number, and their contact details
- enrolment: enrolling a citizen (one at a time, or found by CPR and enrolled in one step) and
  the case's details
- bulk: enrolling many at once (the importer)
- status: in training, leaving the programme, reopening
- contact: case notes and follow-ups
- plans: development plan goals and reviews, parallel efforts

Views, the importer, the admin, the demo seeder and the tests all come through here, so there
is one way to enrol, exit or reopen a case. Each function validates, runs in one transaction,
leaves an audit row and raises DomainError with a message a user can read. Callers import the
names below from `participants.services`.
"""

from .bulk import BulkRefused, Enrolment, participants_enrol_many
from .case import case_audit, lock_case
from .contact import case_note_add, case_note_follow_up_done
from .enrolment import (
    PARTICIPANT_DETAIL_FIELDS,
    NameMismatch,
    participant_enrol,
    participant_update,
    person_enrol,
)
from .persons import PERSON_FIELDS, person_get_or_create, person_update
from .plans import goal_save, parallel_effort_save, review_add
from .status import participant_exit, participant_reopen, participant_set_in_training

__all__ = [
    "PARTICIPANT_DETAIL_FIELDS",
    "PERSON_FIELDS",
    "BulkRefused",
    "Enrolment",
    "NameMismatch",
    "case_audit",
    "case_note_add",
    "case_note_follow_up_done",
    "goal_save",
    "lock_case",
    "parallel_effort_save",
    "participant_enrol",
    "participant_exit",
    "participant_reopen",
    "participant_set_in_training",
    "participant_update",
    "participants_enrol_many",
    "person_enrol",
    "person_get_or_create",
    "person_update",
    "review_add",
]

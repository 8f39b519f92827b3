"""A participant's status badge: the outcome once they have left, else the status; the same
from the filter (the list's rows) and from the include (the case page)."""

import pytest
from django.template import Context, Template

from jobsporet.core.templatetags.jobsporet import status_badge
from participants.models import Participant

Status, Outcome = Participant.Status, Participant.ExitOutcome


@pytest.mark.parametrize(
    ("status", "outcome", "css", "label"),
    [
        (Status.ENROLLED, "", "text-bg-warning", "Tilmeldt"),
        (Status.IN_TRAINING, "", "text-bg-primary", "I træning"),
        (Status.EXITED, Outcome.EMPLOYMENT, "text-bg-success", "Beskæftigelse"),
        (Status.EXITED, Outcome.EDUCATION, "text-bg-info", "Uddannelse"),
        (Status.EXITED, Outcome.DROPOUT, "text-bg-secondary", "Stoppet"),
    ],
)
def test_the_badge_says_the_status_or_the_outcome(status, outcome, css, label):
    participant = Participant(status=status, exit_outcome=outcome)
    expected = f'<span class="badge {css}">{label}</span>'
    assert status_badge(participant) == expected
    include = Template('{% include "includes/status_badge.html" %}')
    assert include.render(Context({"participant": participant})).strip() == expected

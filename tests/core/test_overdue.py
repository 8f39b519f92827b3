"""'Overdue' (a date before today, shown in red) is decided by one template filter."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobsporet.core.templatetags.jobsporet import overdue, overdue_class
from tests.factories import CaseNoteFactory, ParticipantFactory


def test_a_date_before_today_is_overdue_and_today_is_not():
    today = timezone.localdate()
    assert overdue(today - datetime.timedelta(days=1)) is True
    assert overdue(today) is False
    assert overdue(today + datetime.timedelta(days=1)) is False
    assert overdue(None) is False
    assert overdue_class(today - datetime.timedelta(days=1)) == "text-danger fw-semibold"
    assert overdue_class(today) == ""


@pytest.mark.django_db
def test_the_case_page_shows_an_overdue_follow_up_in_red_and_a_coming_one_not(
    client, broker, programme
):
    today = timezone.localdate()
    participant = ParticipantFactory(
        programme=programme, enrolled_on=today - datetime.timedelta(30)
    )
    last_week = timezone.now() - datetime.timedelta(days=7)
    late = CaseNoteFactory(
        participant=participant,
        author=broker,
        occurred_at=last_week,
        follow_up_on=today - datetime.timedelta(days=1),
    )
    coming = CaseNoteFactory(
        participant=participant, author=broker, follow_up_on=today + datetime.timedelta(days=3)
    )
    client.force_login(broker)

    response = client.get(reverse("participants:detail", args=[participant.pk]))

    assert response.status_code == 200
    body = response.content.decode()

    def follow_up_class(note) -> str:
        item = body[body.index(f'id="note-{note.pk}"') :]
        return re.search(r'<span class="([^"]*)">Følg op', item).group(1)

    assert follow_up_class(late) == "text-danger fw-semibold"
    assert follow_up_class(coming) == "text-warning-emphasis"

"""The case page's change history in the reader's language: each change is kept as a message
(English text and parameters) beside the text written in the writer's language, so a reader in
English mode reads English lines, dates in their format and choice labels translated; rows
written before the messages were kept are shown as they were written."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from jobsporet.core.formatting import short_date
from jobsporet.core.models import AuditEvent
from participants import services
from participants.models import Participant
from tests.factories import (
    CompanyFactory,
    ParticipantFactory,
    PersonFactory,
    hire,
    record_follow_up,
    start_training,
)

pytestmark = pytest.mark.django_db

ENROLLED = datetime.date(2021, 3, 1)
TRAINING = datetime.date(2021, 3, 15)
HIRED = datetime.date(2021, 6, 1)


@pytest.fixture
def case(programme, broker):
    case = ParticipantFactory(
        programme=programme,
        job_broker=broker,
        enrolled_on=ENROLLED,
        person=PersonFactory(first_name="Anne", last_name="Jensen"),
    )
    services.case_note_add(
        participant=case,
        author=broker,
        kind="phone",
        text="Ring",
        follow_up_on=timezone.localdate(),  # ended by the hire
    )
    company = CompanyFactory(name="Brugsen")
    start_training(case, company=company, starts_on=TRAINING)
    hire(case, company=company, starts_on=HIRED, weekly_hours=Decimal("7.5"))
    return case


def history_lines(client, user, case, language: str) -> list[str]:
    client.force_login(user)
    client.post(reverse("set_language"), {"language": language})
    response = client.get(reverse("participants:detail", args=[case.pk]))
    assert response.status_code == 200
    return [event.shown for event in response.context["history"]]


def in_english(day: datetime.date) -> str:
    with translation.override("en"):
        return short_date(day)


def test_the_broker_reads_the_history_in_danish(client, broker, case):
    lines = history_lines(client, broker, case, "da")
    assert "Ansat hos Brugsen fra 01.06.2021, 7,5 timer om ugen" in lines
    assert "Træning hos Brugsen fra 15.03.2021" in lines
    assert "Journalnotat: Telefonsamtale" in lines
    assert "Ophørt den 01.06.2021: beskæftigelse" in lines
    assert "Tilmeldt Jobsporet" in lines
    assert "1 åben aftalt opfølgning bortfaldt med sagen" in lines


def test_the_broker_reads_the_history_in_english(client, broker, case):
    lines = history_lines(client, broker, case, "en")
    assert f"Employed at Brugsen from {in_english(HIRED)}, 7.5 hours a week" in lines
    assert f"Training at Brugsen from {in_english(TRAINING)}" in lines
    assert "Case note: Phone call" in lines
    assert f"Left on {in_english(HIRED)}: employment" in lines
    assert "Enrolled in Jobsporet" in lines
    assert "1 open follow-up ended with the case" in lines
    assert not [line for line in lines if "Træning" in line or "Ophørt" in line]


def test_what_was_stored_is_the_writers_language(case):
    # The admin, the account log and the exports read the summary as it was written.
    summaries = set(
        AuditEvent.objects.filter(person_id=case.person_id).values_list("summary", flat=True)
    )
    assert "Træning hos Brugsen fra 15.03.2021" in summaries


def test_a_manager_reads_the_neutral_lines_in_english_too(client, manager, case):
    lines = history_lines(client, manager, case, "en")
    assert "Contact log updated" in lines
    assert f"Training at Brugsen from {in_english(TRAINING)}" in lines
    assert "Case note: Phone call" not in lines


def test_an_old_row_without_a_message_is_shown_as_written(client, broker, case):
    AuditEvent.objects.create(
        action=AuditEvent.Action.CHANGED,
        target_type=ContentType.objects.get_for_model(Participant),
        target_id=case.pk,
        person_id=case.person_id,
        programme_id=case.programme_id,
        summary="Sagsoplysninger ændret (gammel række)",
    )
    assert "Sagsoplysninger ændret (gammel række)" in history_lines(client, broker, case, "en")
    assert "Sagsoplysninger ændret (gammel række)" in history_lines(client, broker, case, "da")


def test_a_six_month_follow_up_with_its_employer_reads_in_both_languages(client, broker, case):
    record_follow_up(case, outcome="ordinary_job", employer_name="Brugsen")
    danish = history_lines(client, broker, case, "da")[0]
    english = history_lines(client, broker, case, "en")[0]
    assert danish == "Opfølgning efter 6 mdr. registreret: ordinært job hos Brugsen"
    assert english == "Six-month follow-up recorded: ordinary job at Brugsen"

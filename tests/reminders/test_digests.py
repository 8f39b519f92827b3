"""The daily e-mail digest: who gets one, what it says, and what it never says."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobsporet.accounts.roles import Role
from reminders.digests import NAMES_PER_KIND, digests_send
from reminders.models import ReminderSettings
from reminders.tasks import send_digests
from tests.factories import UserFactory

from .conftest import make_case, make_work, private_values

pytestmark = pytest.mark.django_db


def _send(today: datetime.date | None = None) -> int:
    return digests_send(today=today or timezone.localdate())


def _mail_to(user) -> mail.EmailMessage:
    found = [message for message in mail.outbox if message.to == [user.email]]
    assert len(found) == 1, f"{len(found)} mails to {user.email}"
    return found[0]


def _html(message) -> str:
    (html, content_type), *_ = message.alternatives
    assert content_type == "text/html"
    return html


def test_each_broker_and_case_worker_gets_what_falls_due_for_them(broker, case_worker, work):
    assert _send() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [broker.email, case_worker.email]
    )
    to_broker = _mail_to(broker)
    assert to_broker.subject == "Jobsporet: 4 opgaver forfalder"
    body = to_broker.body
    for heading in (
        "Aftalte opfølgninger denne uge (1)",
        "Udviklingsplaner til opfølgning (1)",
        "Træningsforløb der slutter inden for to uger (1)",
        "Forfaldne opfølgninger efter 6 mdr. (1)",
    ):
        assert heading in body
    for case in work.cases:
        link = f"http://127.0.0.1:8000{reverse('participants:detail', args=[case.pk])}"
        assert f"{case.person.full_name} ({case.reference}): {link}" in body
        assert link in _html(to_broker)
    assert "http://127.0.0.1:8000/paamindelser/" in body
    # The case worker shares three of the cases; the six-month follow-up is the broker's call.
    to_case_worker = _mail_to(case_worker)
    assert to_case_worker.subject == "Jobsporet: 3 opgaver forfalder"
    assert work.six_month.person.full_name not in to_case_worker.body
    assert "efter 6 mdr." not in to_case_worker.body


def test_a_digest_never_carries_a_cpr_number_or_health_data(broker, case_worker, work):
    _send()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        text = "\n".join([message.subject, message.body, _html(message)])
        for case in work.cases:
            for value in private_values(case):
                assert value not in text
        # Not even the birth-date half of a CPR number.
        for case in work.cases:
            assert case.person.birth_date.strftime("%d%m%y") not in text


def test_the_links_use_the_site_url(broker, work, settings):
    settings.SITE_URL = "https://jobsporet.ikast-brande.dk"
    _send()
    assert (
        f"https://jobsporet.ikast-brande.dk{reverse('participants:detail', args=[work.ending.pk])}"
        in _mail_to(broker).body
    )


def test_nobody_is_mailed_when_nothing_falls_due(broker, case_worker, colleague, programme):
    make_case(programme, broker, case_worker)  # a case with nothing due
    assert _send() == 0
    assert mail.outbox == []


def test_a_user_who_turned_the_digest_off_gets_none(client, broker, case_worker, work):
    client.force_login(broker)
    response = client.post(reverse("reminders:settings"), {"language": "da"})
    assert response.status_code == 302
    _send()
    assert [message.to for message in mail.outbox] == [[case_worker.email]]


def test_users_without_an_address_and_closed_accounts_are_skipped(broker, case_worker, work):
    broker.email = ""
    broker.save()
    case_worker.is_active = False
    case_worker.save()
    assert _send() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COMPANY_CONSULTANT, Role.ADMINISTRATOR])
def test_other_roles_get_no_digest_even_named_on_a_case(programme, role):
    """Only job brokers and case workers have caseloads; a case that names someone else (an
    import from another system) does not mail them its citizens' names."""
    other = UserFactory(role=role, programmes=[programme])
    make_work(programme, other, other)
    assert _send() == 0
    assert mail.outbox == []


def test_only_cases_in_the_users_programmes_are_in_it(broker, programme, other_programme):
    """A case that still names the broker in a programme they have left stays out."""
    other_programme.members.add(broker)
    make_work(other_programme, broker)
    other_programme.members.remove(broker)
    mine = make_work(programme, broker)
    _send()
    body = _mail_to(broker).body
    assert _mail_to(broker).subject == "Jobsporet: 4 opgaver forfalder"
    assert all(case.person.full_name in body for case in mine.cases)


def test_a_colleagues_cases_are_not_in_my_digest(broker, colleague, work):
    _send()
    assert [message.to for message in mail.outbox if message.to == [colleague.email]] == []


def test_one_digest_a_day_however_often_it_runs(broker, programme):
    make_work(programme, broker)
    today = timezone.localdate()
    assert digests_send(today=today) == 1
    assert digests_send(today=today) == 0
    assert len(mail.outbox) == 1
    assert digests_send(today=today + datetime.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_a_mail_that_fails_is_tried_again_on_the_next_run(broker, case_worker, work, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refuse_the_broker(self, messages):
        if messages[0].to == [broker.email]:
            raise ConnectionError("mail server said no")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_the_broker)
    today = timezone.localdate()  # one day, even for a test that runs across midnight
    assert _send(today) == 1
    assert [message.to for message in mail.outbox] == [[case_worker.email]]
    monkeypatch.setattr(EmailBackend, "send_messages", real)
    assert _send(today) == 1
    assert mail.outbox[-1].to == [broker.email]


def test_many_names_are_counted_and_the_first_ones_listed(broker, programme):
    today = timezone.localdate()
    from participants import services

    for days in range(NAMES_PER_KIND + 2):
        case = make_case(programme, broker)
        services.case_note_add(
            participant=case,
            author=broker,
            kind="phone",
            text="x",
            occurred_at=timezone.now() - datetime.timedelta(days=30),
            follow_up_on=today - datetime.timedelta(days=days),
        )
    _send()
    body = _mail_to(broker).body
    assert f"Aftalte opfølgninger denne uge ({NAMES_PER_KIND + 2})" in body
    assert body.count("/deltagere/") == NAMES_PER_KIND
    assert "og 2 flere" in body


def test_the_digest_is_written_in_the_users_language(broker, work):
    ReminderSettings.objects.create(user=broker, language="en")
    _send()
    message = _mail_to(broker)
    assert message.subject == "Jobsporet: 4 items fall due"
    assert "Six-month follow-ups due (1)" in message.body


def test_the_query_count_does_not_grow_with_the_number_of_users(
    programme, django_assert_num_queries
):
    def brokers(count):
        made = []
        for _ in range(count):
            user = UserFactory(role=Role.JOB_BROKER, programmes=[programme])
            make_work(programme, user)
            made.append(user)
        return made

    today = timezone.localdate()  # one day, even for a test that runs across midnight
    brokers(2)
    # The recipients, their settings made where missing, claimed (a savepoint, the rows, the
    # mark, the release), their memberships and one query per kind of item.
    with django_assert_num_queries(11):
        assert _send(today) == 2
    brokers(6)
    with django_assert_num_queries(11):
        assert _send(today) == 6  # the first two had today's already


def test_beat_runs_it_every_morning_and_so_does_the_command(broker, programme, settings):
    make_work(programme, broker)
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminder-digests"]
    assert entry["task"] == "reminders.tasks.send_digests"
    assert send_digests.name == entry["task"]
    assert send_digests.apply().get() == 1
    assert len(mail.outbox) == 1
    ReminderSettings.objects.update(digest_sent_on=None)
    call_command("send_digests")
    assert len(mail.outbox) == 2


def test_a_case_where_the_user_is_broker_and_case_worker_counts_once(broker, programme):
    make_work(programme, broker, broker)
    _send()
    assert _mail_to(broker).subject == "Jobsporet: 4 opgaver forfalder"

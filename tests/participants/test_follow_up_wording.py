"""Two kinds of follow-up, two names: a follow-up agreed in a case note ("Aftalt opfølgning") and
the follow-up six months after leaving ("Opfølgning efter 6 mdr."), on the case page, the start
page and in the menu, so a broker never mistakes one for the other."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from tests.factories import ParticipantFactory, leave

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    ]


@pytest.fixture
def left_with_a_note(programme, broker):
    """A case that left seven months ago (its six-month follow-up due), with a note whose agreed
    follow-up is today."""
    today = timezone.localdate()
    case = ParticipantFactory(
        programme=programme, job_broker=broker, enrolled_on=today - datetime.timedelta(days=400)
    )
    services.case_note_add(
        participant=case, author=broker, kind="phone", text="Ring igen", follow_up_on=today
    )
    return leave(case, today - datetime.timedelta(days=213))


def test_the_case_page_names_the_two_follow_ups_differently(client, broker, left_with_a_note):
    client.force_login(broker)
    page = client.get(reverse("participants:detail", args=[left_with_a_note.pk])).text
    assert "Opfølgning efter 6 mdr." in headings(page)
    assert re.search(r'<label\s+for="id_follow_up"[^>]*>\s*Aftalt opfølgning\s*<', page)
    # The note's agreed follow-up, ended when the case was closed.
    assert "Aftalt opfølgning" in page.split('id="notes-list"')[1].split("</ul>")[0]
    assert "Opfølgning efter seks måneder" not in page


def test_the_start_page_and_the_menu_name_them_differently(client, broker, programme):
    today = timezone.localdate()
    open_case = ParticipantFactory(programme=programme, job_broker=broker)
    services.case_note_add(
        participant=open_case, author=broker, kind="phone", text="Ring", follow_up_on=today
    )
    leave(
        ParticipantFactory(
            programme=programme, job_broker=broker, enrolled_on=today - datetime.timedelta(400)
        ),
        today - datetime.timedelta(days=213),
    )
    client.force_login(broker)
    page = client.get(reverse("reporting:home")).text
    shown = headings(page)
    assert "Aftalte opfølgninger denne uge" in shown
    assert "Forfaldne opfølgninger efter 6 mdr." in shown
    assert re.search(r'href="/forloeb/opfoelgning/">Opfølgninger efter 6 mdr\.<', page)


def test_english_names_them_differently_too(client, broker, left_with_a_note):
    client.force_login(broker)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("participants:detail", args=[left_with_a_note.pk])).text
    assert "Six-month follow-up" in headings(page)
    assert re.search(r'<label\s+for="id_follow_up"[^>]*>\s*Follow up\s*<', page)
    assert re.search(r'href="/forloeb/opfoelgning/">Six-month follow-ups<', page)

"""Looking a citizen up by CPR number must not be an oracle: only roles that see full CPR
numbers search by one, a user has a few look-ups an hour, and enrolling a CPR number known
elsewhere under a made-up name tells nothing about the citizen it belongs to."""

import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from jobsporet.core import throttle
from jobsporet.core.models import AuditEvent
from participants import cpr
from participants.models import Participant, Person
from tests.factories import ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anne(programme, broker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        person=PersonFactory(
            cpr="150387-4321",
            first_name="Anne",
            last_name="Jensen",
            phone="12345678",
            email="anne@example.dk",
            address="Bredgade 1",
            city="Brande",
        ),
    )


def search(client, cpr: str):
    """Post a search as the list's search box does and follow it to the list."""
    return client.post(reverse("participants:list"), {"q": cpr, "caseload": "all"}, follow=True)


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def refusals(**filters):
    return AuditEvent.objects.filter(summary__startswith="CPR-opslag afvist", **filters)


# --- who may search by CPR number -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "administrator"])
def test_a_role_without_full_cpr_numbers_cannot_search_by_one(
    client, request, persona, anne, programme
):
    user = request.getfixturevalue(persona)
    user.programmes.add(programme)
    client.force_login(user)
    response = search(client, "150387-4321")
    assert response.status_code == 200
    assert "cpr=" not in response.redirect_chain[0][0]
    assert "Søg på navn eller sagsnummer" in messages_of(response)
    assert not AuditEvent.objects.filter(person_id=anne.person_id, actor=user).exists()
    refusal = refusals(actor=user).get()
    assert refusal.summary == "CPR-opslag afvist: rollen viser ikke fulde CPR-numre"
    assert "fulde CPR" not in response.content.decode().split('id="id_q"')[1].split(">")[0]


def test_a_role_with_full_cpr_numbers_searches_by_one(client, case_worker, anne):
    client.force_login(case_worker)
    response = search(client, "150387-4321")
    assert list(response.context["page_obj"]) == [anne]
    assert not refusals().exists()


# --- the hourly limit -------------------------------------------------------------------------


def test_cpr_look_ups_are_limited_per_user_and_hour(client, broker, colleague, anne, settings):
    settings.CPR_SEARCHES_PER_HOUR = 3
    client.force_login(broker)
    for _ in range(2):
        assert list(search(client, "150387-4321").context["page_obj"]) == [anne]
    assert list(search(client, "150387-4322").context["page_obj"]) == []  # a miss counts too
    response = search(client, "150387-4321")
    assert "cpr=" not in response.redirect_chain[0][0]
    assert "Du har slået 3 CPR-numre op i denne time, hvilket er grænsen" in messages_of(response)
    refusal = refusals(actor=broker).get()
    assert refusal.summary == "CPR-opslag afvist: for mange opslag i denne time"
    assert refusal.person_id is None
    lookups = AuditEvent.objects.filter(actor=broker, summary__startswith="Slået op")
    assert lookups.count() == 2, "the refused search looked nobody up"
    # The limit is each user's: a colleague still searches.
    client.force_login(colleague)
    assert list(search(client, "150387-4321").context["page_obj"]) == [anne]


def test_the_limit_starts_again_the_next_hour(client, broker, anne, settings, monkeypatch):
    settings.CPR_SEARCHES_PER_HOUR = 1
    client.force_login(broker)
    assert list(search(client, "150387-4321").context["page_obj"]) == [anne]
    assert "cpr=" not in search(client, "150387-4321").redirect_chain[0][0]
    later = time.time() + throttle.WINDOW
    # Only the throttle's clock moves: the session (30 minutes idle) keeps its own.
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: later))
    assert list(search(client, "150387-4321").context["page_obj"]) == [anne]


def test_a_limit_whose_count_cannot_be_kept_refuses(client, broker, anne, settings):
    # A Redis nobody listens on: the count cannot be kept, so the look-up is refused.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    client.force_login(broker)
    response = search(client, "150387-4321")
    assert "cpr=" not in response.redirect_chain[0][0]
    assert "grænsen" in messages_of(response)
    assert refusals(actor=broker).exists()
    assert not AuditEvent.objects.filter(person_id=anne.person_id, actor=broker).exists()


# --- enrolment --------------------------------------------------------------------------------


def enrol(client, **changes):
    data = {
        "cpr": "150387-4321",
        "first_name": "Mads",
        "last_name": "Madsen",
        "phone": "87654321",
        "reference": "FSM-1",
        "enrolled_on": "2021-03-01",
        "consent": "not_given",
    }
    data.update(changes)
    return client.post(reverse("participants:enrol"), data)


def test_enrolling_a_known_cpr_number_under_another_name_reveals_nothing(
    client, outsider, other_programme, anne
):
    before = Person.objects.values().get(pk=anne.person_id)
    client.force_login(outsider)
    response = enrol(client)
    assert response.status_code == 400
    # The page below the menu: the menu names the logged-in user, whose random name may be a
    # Jensen too.
    page = response.content.decode().split('<main id="main"', 1)[1]
    for stored in ("Anne", "Jensen", "12345678", "anne@example.dk", "Bredgade", "Brande"):
        assert stored not in page, stored
    assert "allerede registreret under et andet navn" in " ".join(
        response.context["form"].errors["cpr"]
    )
    assert response.context["form"]["first_name"].value() == "Mads"
    assert not Participant.objects.filter(programme=other_programme).exists()
    assert Person.objects.values().get(pk=anne.person_id) == before, "nothing filled in"
    event = AuditEvent.objects.get(actor=outsider, person_id=anne.person_id)
    assert event.summary == "Tilmelding afvist: navnet passer ikke til CPR-nummeret"


def test_a_known_citizen_under_their_own_name_is_enrolled(client, outsider, other_programme, anne):
    client.force_login(outsider)
    response = enrol(client, first_name="anne", last_name=" JENSEN ")
    assert response.status_code == 302
    assert Participant.objects.get(programme=other_programme).person_id == anne.person_id
    assert Person.objects.count() == 1


def test_enrolments_refused_for_the_name_count_as_cpr_look_ups(
    client, outsider, other_programme, anne, settings
):
    settings.CPR_SEARCHES_PER_HOUR = 2
    client.force_login(outsider)
    for serial in ("4321", "4321"):
        assert enrol(client, cpr=f"150387-{serial}").status_code == 400
    # Used up: not even a new citizen's CPR number is checked until the next hour.
    response = enrol(client, cpr="010190-1234")
    assert response.status_code == 400
    assert "i denne time" in " ".join(response.context["form"].errors["cpr"])
    assert not Person.objects.exclude(pk=anne.person_id).exists()
    assert refusals(actor=outsider).count() == 1
    # With the keyed hash of the number tried, for that citizen's access report.
    assert refusals(actor=outsider).get().subject_digest == cpr.digest("0101901234")

"""Personas of the data-protection pages: the data-protection officer is in no programme."""

import pytest

from jobsporet.accounts.roles import Role
from tests.factories import ParticipantFactory, PersonFactory, UserFactory


@pytest.fixture
def dpo(db):
    return UserFactory(username="dpo", role=Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def citizen(db):
    return PersonFactory(cpr="150387-4321", first_name="Anne", last_name="Jensen")


@pytest.fixture
def case(programme, broker, citizen):
    return ParticipantFactory(person=citizen, programme=programme, job_broker=broker)


# Who may see access reports, and who is refused (403) whatever the URL or query string.
ALLOWED = ["dpo", "administrator"]
REFUSED = ["broker", "case_worker", "consultant", "manager"]

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command

from participants import cpr
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_rotation_re_encrypts_under_the_new_key_and_keeps_lookup(settings):
    old_key = settings.CPR_ENCRYPTION_KEYS[0]
    person = PersonFactory(cpr="150387-4321")
    new_key = Fernet.generate_key().decode()
    settings.CPR_ENCRYPTION_KEYS = [new_key, old_key]
    out = StringIO()
    call_command("rotate_cpr_keys", stdout=out)
    assert out.getvalue().startswith("1 ")
    settings.CPR_ENCRYPTION_KEYS = [new_key]
    person.refresh_from_db()
    assert person.cpr == "150387-4321"
    assert type(person).objects.with_cpr("1503874321").get() == person
    settings.CPR_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(InvalidToken):
        cpr.decrypt(person.cpr_encrypted)

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from participants import cpr
from participants.models import Person
from tests.factories import PersonFactory


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("010190-1234", "0101901234"),
        ("0101901234", "0101901234"),
        (" 010190 1234 ", "0101901234"),
        ("290200-4111", "2902004111"),  # 2000-02-29: a leap day, seventh digit 4 means 2000
        ("311299-0001", "3112990001"),
        ("010190-1235", "0101901235"),  # fails modulus 11, valid since 2007
    ],
)
def test_it_accepts_real_dates_with_or_without_dash(raw, digits):
    assert cpr.normalise(raw) == digits


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("320190-1234", "date"),
        ("011390-1234", "date"),
        ("290200-1234", "date"),  # seventh digit 1 means 1900, and 1900 was no leap year
        ("310490-1234", "date"),
        ("01019-1234", "format"),
        ("010190-12345", "format"),
        ("0101901a34", "format"),
        ("", "format"),
        ("01-01-90-1234", "format"),
    ],
)
def test_it_refuses_malformed_numbers_and_unreal_dates(raw, code):
    with pytest.raises(ValidationError) as error:
        cpr.normalise(raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("digits", "born"),
    [
        ("0101903234", datetime.date(1990, 1, 1)),
        ("0101104000", datetime.date(2010, 1, 1)),
        ("0101504000", datetime.date(1950, 1, 1)),
        ("0101205000", datetime.date(2020, 1, 1)),
        ("0101605000", datetime.date(1860, 1, 1)),
        ("0101309000", datetime.date(2030, 1, 1)),
        ("0101409000", datetime.date(1940, 1, 1)),
    ],
)
def test_the_seventh_digit_gives_the_century(digits, born):
    assert cpr.birth_date(digits) == born


def test_it_masks_as_date_and_four_xs():
    assert cpr.mask("0101901234") == "010190-xxxx"


@pytest.mark.django_db(transaction=True)
def test_the_raw_cpr_is_not_stored_in_the_database():
    person = PersonFactory(cpr="150387-4321")
    assert person.cpr == "150387-4321"
    assert person.masked_cpr == "150387-xxxx"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM participants_person")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
        cursor.execute("SELECT * FROM participants_historicalperson")
        stored += " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert "1503874321" not in stored
    assert "4321" not in stored.replace(person.cpr_encrypted, "").replace(person.cpr_digest, "")


def _database_file_bytes(tmp_path) -> bytes:
    """The bytes the database keeps on disk for the person table (SQLite: a copy of the whole
    file; PostgreSQL: the table's heap file after a checkpoint, read as the superuser)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            target = tmp_path / "copy.sqlite3"
            cursor.execute("VACUUM INTO %s", [str(target)])
            return target.read_bytes()
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT pg_read_binary_file(pg_relation_filepath('participants_person'))")
        return bytes(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_the_raw_cpr_is_not_in_the_database_file(tmp_path):
    person = PersonFactory(cpr="150387-9876", first_name="Filtjekket")
    raw = _database_file_bytes(tmp_path)
    assert b"Filtjekket" in raw  # the bytes really hold the row
    assert person.cpr_encrypted.encode() in raw  # and its CPR, encrypted
    assert b"1503879876" not in raw
    assert b"150387-9876" not in raw


@pytest.mark.django_db
def test_a_person_is_found_by_cpr_through_the_keyed_hash():
    person = PersonFactory(cpr="150387-4321")
    assert Person.objects.with_cpr("1503874321").get() == person
    assert not Person.objects.with_cpr("150387-4322").exists()


@pytest.mark.django_db
def test_the_same_cpr_is_one_person():
    first = PersonFactory(cpr="150387-4321", first_name="Anne")
    again = PersonFactory(cpr="1503874321", first_name="Anne")
    assert first == again
    assert Person.objects.count() == 1


def test_a_rotated_key_still_decrypts_old_tokens(settings):
    from cryptography.fernet import Fernet

    old_key = settings.CPR_ENCRYPTION_KEYS[0]
    token = cpr.encrypt("0101901234")
    settings.CPR_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    assert cpr.decrypt(token) == "0101901234"
    rotated = cpr.rotate(token)
    settings.CPR_ENCRYPTION_KEYS = [settings.CPR_ENCRYPTION_KEYS[0]]
    assert cpr.decrypt(rotated) == "0101901234"

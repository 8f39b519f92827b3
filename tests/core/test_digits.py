"""Digits of other scripts: one citizen, one CPR number; one company, one CVR number.

Python reads Arabic-Indic and full-width digits as digits (`\\d`, `int`, `Decimal`), so a number
typed in them passed the patterns and was stored and hashed as another string."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from companies.cvr import normalise as cvr_normalise
from companies.models import Company
from jobsporet.core.digits import ascii_digits, parse_id
from jobsporet.core.imports.errors import ValueProblem
from jobsporet.core.imports.values import parse_date, parse_decimal, parse_percent, parse_whole
from participants import cpr
from participants import services as participant_services
from participants.models import Person
from participants.search import is_cpr
from tests.factories import CompanyFactory, ParticipantFactory

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


@pytest.mark.parametrize("script", [ARABIC, FULL_WIDTH, DEVANAGARI])
def test_a_cpr_number_in_another_script_is_the_same_number(script):
    assert cpr.normalise("150387-4321".translate(script)) == "1503874321"
    assert is_cpr("150387-4321".translate(script))


def test_what_is_not_a_digit_stays_refused():
    for raw in ("15038７-432a", "150387-432½", "150387-4321١"):
        with pytest.raises(Exception):  # noqa: B017 (ValidationError, whatever its code)
            cpr.normalise(raw)
    assert not is_cpr("150387-43²")


def test_enrolling_a_known_citizen_in_arabic_indic_digits_adds_no_second_person(
    client, outsider, other_programme, programme
):
    anne = ParticipantFactory(programme=programme, person__cpr="150387-4321")
    person = anne.person
    client.force_login(outsider)
    response = client.post(
        reverse("participants:enrol"),
        {
            "cpr": "١٥٠٣٨٧-٤٣٢١",
            "first_name": person.first_name,
            "last_name": person.last_name,
            "reference": "FSM-1",
            "enrolled_on": "2021-03-01",
            "consent": "not_given",
        },
    )
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert other_programme.participants.get().person_id == person.pk


def test_the_service_finds_the_citizen_by_a_full_width_number(programme, broker):
    anne = ParticipantFactory(programme=programme, person__cpr="150387-4321")
    found, created = participant_services.person_get_or_create(
        cpr="１５０３８７－４３２１",
        first_name=anne.person.first_name,
        last_name=anne.person.last_name,
        actor=broker,
    )
    assert (found.pk, created) == (anne.person_id, False)


def test_a_cpr_search_in_arabic_indic_digits_finds_the_citizen(client, broker, programme):
    anne = ParticipantFactory(programme=programme, person__cpr="150387-4321")
    client.force_login(broker)
    response = client.post(
        reverse("participants:list"), {"q": "١٥٠٣٨٧٤٣٢١", "caseload": "all"}, follow=True
    )
    assert [row.pk for row in response.context["page_obj"]] == [anne.pk]


@pytest.mark.parametrize("script", [ARABIC, FULL_WIDTH])
def test_a_cvr_number_in_another_script_is_the_same_number(script):
    assert cvr_normalise("29189412".translate(script)) == "29189412"
    assert cvr_normalise("ＤＫ２９１８９４１２") == "29189412"


def test_a_known_company_in_full_width_digits_is_refused_as_already_registered(client, consultant):
    CompanyFactory(cvr="29189412", name="Brugsen")
    client.force_login(consultant)
    response = client.post(
        reverse("companies:create"),
        {"cvr": "２９１８９４１２", "name": "Brugsen igen", "sector": "retail"},
    )
    assert response.status_code == 400
    assert "allerede registreret" in str(response.context["form"].errors["cvr"])
    assert Company.objects.count() == 1


def test_spreadsheet_values_in_another_script_read_as_ascii():
    assert parse_date("٢٠٢١-٠٣-٠١") == datetime.date(2021, 3, 1)
    assert parse_date("０１.０３.２０２１") == datetime.date(2021, 3, 1)
    assert parse_decimal("١.٢٣٤,٥") == Decimal("1234.5")
    assert parse_whole("３７") == 37
    assert parse_percent("٤٠％") == Decimal("0.400")
    assert str(parse_decimal("١٢")) == "12"


@pytest.mark.parametrize("value", ["12²", "1½", "Ⅻ", "١٢x", "١٬٢٣٤"])
def test_spreadsheet_values_that_are_not_numbers_stay_refused(value):
    with pytest.raises(ValueProblem):
        parse_decimal(value)


def test_ascii_digits_changes_only_digits_and_compatibility_forms():
    assert ascii_digits("Bredgade ٣, ８７３６ Brande") == "Bredgade 3, 8736 Brande"
    assert ascii_digits("x² ½ ¹") == "x² ½ ¹"
    assert ascii_digits("Åse Ørsted") == "Åse Ørsted"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (12, 12),
        ("abc", None),
        ("1.5", None),
        ("-3", None),
        ("0", None),
        ("", None),
        (None, None),
        ("١٢", None),  # an id is typed by no one: only what the app's own pages send
        ("9" * 19, None),
        (True, None),
    ],
)
def test_an_id_from_a_request_is_a_positive_ascii_number_or_none(raw, expected):
    assert parse_id(raw) == expected

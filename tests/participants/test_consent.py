"""Issue 11: consent is not pre-filled on enrolment. It is an explicit choice, with a date
when given, and the form says what the consent covers."""

import re

import pytest
from django.urls import reverse

from participants.models import Participant
from tests.participants.test_views import enrol_data

pytestmark = pytest.mark.django_db
ENROL = reverse("participants:enrol")


def test_the_enrol_form_records_no_consent_by_itself_and_says_what_it_covers(broker_client):
    response = broker_client.get(ENROL)
    form = response.context["form"]
    assert form["consent"].value() is None and form["consent_on"].value() is None
    page = response.content.decode()
    assert not re.search(r'name="consent_on"[^>]*value="\d', page)
    assert not re.search(r'name="consent"[^>]*checked', page)
    assert "Samtykket dækker" in page and "mentorer" in page


def test_enrolling_without_saying_anything_about_consent_is_refused(broker_client):
    data = enrol_data()
    del data["consent"], data["consent_on"]
    response = broker_client.post(ENROL, data)
    assert response.status_code == 400
    assert response.context["form"].errors["consent"] == ["Angiv, om borgeren har givet samtykke."]
    assert response.context["form"]["first_name"].value() == "Bo"  # the form keeps the input
    assert not Participant.objects.exists()


def test_consent_given_needs_its_date(broker_client):
    response = broker_client.post(ENROL, enrol_data(consent="given", consent_on=""))
    assert response.status_code == 400
    assert response.context["form"].errors["consent_on"] == [
        "Angiv datoen, hvor samtykket blev givet."
    ]
    assert not Participant.objects.exists()


def test_a_date_without_consent_is_refused(broker_client):
    response = broker_client.post(ENROL, enrol_data(consent="not_given"))
    assert response.status_code == 400
    assert "consent_on" in response.context["form"].errors


def test_an_unknown_choice_is_refused(broker_client):
    response = broker_client.post(ENROL, enrol_data(consent="maybe"))
    assert response.status_code == 400
    assert "consent" in response.context["form"].errors


def test_consent_given_is_recorded_with_its_date_and_not_yet_without(broker_client):
    assert broker_client.post(ENROL, enrol_data()).status_code == 302
    assert str(Participant.objects.get(reference="JS-77").consent_on) == "2021-03-01"
    data = enrol_data(cpr="020290-1234", reference="JS-78", consent="not_given", consent_on="")
    assert broker_client.post(ENROL, data).status_code == 302
    assert Participant.objects.get(reference="JS-78").consent_on is None


def test_a_case_worker_may_not_enrol(client, case_worker):
    client.force_login(case_worker)
    assert client.get(ENROL).status_code == 403
    assert client.post(ENROL, enrol_data()).status_code == 403
    assert not Participant.objects.exists()

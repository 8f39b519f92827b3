"""The EU Social Fund fields of an enrolment: gender from the CPR number (correctable, with
history), the form's refusals in Danish, the results on leaving, the disadvantaged groups only
in forms for readers of sensitive data, and the participants file's optional columns."""

import datetime

import pytest
from django.urls import reverse

from jobsporet.core.errors import DomainError
from jobsporet.core.imports.errors import ImportRefused
from jobsporet.core.imports.registry import importer_for
from participants import services
from participants.forms import CaseDetailsForm, EnrolForm
from participants.models import Participant
from tests.core.test_import import PROGRAMS, import_all
from tests.factories import ParticipantFactory, PersonFactory, audit_events, make_cpr

pytestmark = pytest.mark.django_db
d = datetime.date


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(("serial", "gender"), [(1235, "man"), (1234, "woman"), (9, "man")])
def test_the_gender_comes_from_the_cpr_numbers_last_digit(programme, serial, gender):
    person = PersonFactory(cpr=make_cpr(d(1980, 5, 5), serial=serial))
    assert ParticipantFactory(programme=programme, person=person).gender == gender


def test_a_corrected_gender_is_kept_with_its_history(programme):
    case = ParticipantFactory(programme=programme, person=PersonFactory(cpr="010180-1235"))
    services.participant_update(participant=case, actor=None, gender="woman")
    case.refresh_from_db()
    assert case.gender == "woman"
    assert audit_events(case).last().changes["gender"] == ["man", "woman"]
    assert case.history.first().gender == "woman"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"unemployed_since": d(2020, 1, 1)}, "unemployed_since", "Kun en ledig"),
        (
            {"labour_market_status": "unemployed", "unemployed_since": d(2021, 1, 5)},
            "unemployed_since",
            "04.01.2021",
        ),
        ({"education_level": "phd"}, "education_level", "Vælg en af"),
    ],
)
def test_the_characteristics_are_refused_when_they_do_not_add_up(programme, values, field, message):
    with pytest.raises(DomainError) as refused:
        ParticipantFactory(programme=programme, enrolled_on=d(2021, 1, 4), **values)
    assert refused.value.field == field
    assert message in refused.value.message
    assert not Participant.objects.exists()


def test_the_results_on_leaving_wait_for_the_exit_and_a_reopening_clears_them(programme):
    case = ParticipantFactory(programme=programme)
    with pytest.raises(DomainError, match="ophører"):
        services.participant_update(participant=case, actor=None, qualification_at_exit=True)
    left = services.participant_exit(
        participant=case,
        exit_on=d(2021, 6, 1),
        outcome="education",
        actor=None,
        qualification=True,
        job_searching=False,
    )
    assert (left.qualification_at_exit, left.job_searching_at_exit) == (True, False)
    reopened = services.participant_reopen(participant=left, actor=None, reason="Tilbage")
    assert reopened.qualification_at_exit is None


def test_the_broker_enrols_with_the_characteristics(client, broker, programme):
    response = login(client, broker).post(
        reverse("participants:enrol"),
        {
            "cpr": "010190-1234",
            "first_name": "Bo",
            "last_name": "Ek",
            "reference": "JS-77",
            "enrolled_on": "2021-03-01",
            "consent": "not_given",
            "labour_market_status": "unemployed",
            "unemployed_since": "2019-11-01",
            "education_level": "isced_3_4",
            "disadvantaged_migrant": "yes",
            "disadvantaged_rural": "no",
        },
    )
    assert response.status_code == 302
    case = Participant.objects.get(reference="JS-77")
    assert (case.gender, case.labour_market_status, case.unemployed_since) == (
        "woman",
        "unemployed",
        d(2019, 11, 1),
    )
    assert (case.disadvantaged_migrant, case.disadvantaged_rural) == (True, False)
    assert case.disadvantaged_disability is None


def test_a_refusal_on_the_enrol_page_is_danish_and_keeps_the_input(client, broker, programme):
    response = login(client, broker).post(
        reverse("participants:enrol"),
        {
            "cpr": "010190-1234",
            "first_name": "Bo",
            "last_name": "Ek",
            "reference": "JS-78",
            "enrolled_on": "2021-03-01",
            "consent": "not_given",
            "labour_market_status": "employed",
            "unemployed_since": "2019-11-01",
        },
    )
    assert response.status_code == 400
    assert "Kun en ledig deltager har en dato" in response.text, response.context["form"].errors
    assert 'value="2019-11-01"' in response.text
    assert not Participant.objects.exists()


def test_forms_for_a_reader_without_sensitive_data_have_no_disadvantaged_groups(programme):
    case = ParticipantFactory(programme=programme)
    for form in (
        EnrolForm(programme=programme),
        CaseDetailsForm(participant=case),
        CaseDetailsForm(participant=case, sensitive=False),
    ):
        assert "labour_market_status" in form.fields
        assert not any(name.startswith("disadvantaged_") for name in form.fields)
    assert "disadvantaged_homeless" in CaseDetailsForm(participant=case, sensitive=True).fields
    assert "qualification_at_exit" not in CaseDetailsForm(participant=case, sensitive=True).fields


def test_the_exit_form_records_the_results_on_leaving(client, broker, programme):
    case = ParticipantFactory(programme=programme, job_broker=broker, enrolled_on=d(2021, 1, 4))
    response = login(client, broker).post(
        reverse("placements:exit", args=[case.pk]),
        {
            "outcome": "dropout",
            "exit_on": "2021-06-01",
            "reason": "Flyttet",
            "job_searching": "yes",
            "qualification": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.job_searching_at_exit, case.qualification_at_exit) == (True, None)


PARTICIPANTS_ESF = "\n".join(
    [
        "program;ref;cpr;first_name;last_name;enrolled_on;exit_on;exit_outcome;gender;"
        "labour_market_status;unemployed_since;education;migrant;disability;qualification_at_exit",
        "jobsporet;JS-1;150387-4321;Anne;Jensen;20-09-2021;17-01-2022;uddannelse;;ledig;"
        "01-02-2020;grundskole;ja;nej;ja",
        "jobsporet;JS-2;0101901235;Peter;Hansen;21-09-2021;;;kvinde;inaktiv ikke i uddannelse;;"
        "videregående;;;",
        "",
    ]
)


def test_the_participants_file_carries_them_in_danish(tmp_path):
    import_all(tmp_path, [("programs", PROGRAMS)])
    result = importer_for("participants").run(PARTICIPANTS_ESF.encode())
    assert result.created == 2
    anne, peter = Participant.objects.order_by("reference")
    assert (anne.gender, anne.labour_market_status, anne.unemployed_since) == (
        "man",  # 150387-4321 ends in an odd digit
        "unemployed",
        d(2020, 2, 1),
    )
    assert (anne.education_level, anne.disadvantaged_migrant, anne.disadvantaged_disability) == (
        "isced_0_2",
        True,
        False,
    )
    assert anne.qualification_at_exit is True
    assert (peter.gender, peter.labour_market_status) == ("woman", "inactive_not_in_education")
    again = importer_for("participants").run(PARTICIPANTS_ESF.encode())
    assert (again.created, again.updated) == (0, 0)
    changed = PARTICIPANTS_ESF.replace("videregående", "gymnasial")
    assert importer_for("participants").run(changed.encode()).updated == 1


def test_a_result_on_leaving_without_an_exit_is_refused(tmp_path):
    import_all(tmp_path, [("programs", PROGRAMS)])
    text = PARTICIPANTS_ESF.replace(
        ";;;kvinde;inaktiv ikke i uddannelse;;videregående;;;", ";;;kvinde;;;;;;ja"
    )
    with pytest.raises(ImportRefused) as refused:
        importer_for("participants").run(text.encode())
    assert [(e.line, e.column) for e in refused.value.errors] == [(3, "qualification_at_exit")]

"""import_csv followups: every participant file's exits schedule follow-ups, and the file of
follow-ups records them by the form's rules, all or nothing, in English or Danish."""

import datetime
from decimal import Decimal

import pytest

from jobsporet.core.imports.errors import ImportRefused
from jobsporet.core.imports.registry import importer_for
from placements.models import FollowUp
from tests.core.test_import import COMPANIES, PARTICIPANTS, PROGRAMS, import_all

pytestmark = pytest.mark.django_db

FOLLOWUPS = """program,participant,contacted_on,status,employer,weekly_hours
jobsporet,JS-1,2022-07-20,part_time,29189412,18
jobsporet,JS-3,2022-09-01,ordinary_job,Netto Brande,37
flere-skal-med,F-1,2018-07-02,education,,
"""
FOLLOWUPS_DA = """program;participant;contacted_on;status;method;employer;weekly_hours
jobsporet;JS-1;20-07-2022;deltid;telefon;DK 29 18 94 12;18,0
jobsporet;JS-3;01-09-2022;ordinært job;registerdata;Netto Brande;37
flere-skal-med;F-1;02-07-2018;uddannelse;brev;;
"""


@pytest.fixture
def history(tmp_path):
    import_all(tmp_path, [("programs", PROGRAMS), ("companies", COMPANIES)])
    import_all(tmp_path, [("participants", PARTICIPANTS)])


def run(text: str):
    return importer_for("followups").run(text.encode())


def test_the_participants_files_exits_schedule_the_follow_ups(history):
    due = dict(FollowUp.objects.values_list("participant__reference", "due_on"))
    assert due == {
        "JS-1": datetime.date(2022, 7, 17),
        "JS-3": datetime.date(2022, 9, 1),
        "F-1": datetime.date(2018, 7, 1),
    }


@pytest.mark.parametrize("text", [FOLLOWUPS, FOLLOWUPS_DA])
def test_a_file_records_them_and_again_changes_nothing(history, text):
    result = run(text)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    rows = {f.participant.reference: f for f in FollowUp.objects.select_related("employer")}
    assert rows["JS-1"].outcome == "part_time"
    assert rows["JS-1"].employer.name == "SuperBrugsen Nørre Snede"
    assert rows["JS-1"].weekly_hours == Decimal(18)
    assert (rows["JS-3"].employer, rows["JS-3"].employer_name) == (None, "Netto Brande")
    assert rows["F-1"].outcome == "education"
    again = run(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_the_method_defaults_to_register_data(history):
    run(FOLLOWUPS)
    assert set(FollowUp.objects.values_list("method", flat=True)) == {"register"}


def test_every_problem_is_reported_and_nothing_is_written(history):
    bad = """program,participant,contacted_on,status,employer,weekly_hours
jobsporet,JS-1,2022-07-01,part_time,Netto,18
jobsporet,JS-2,2022-09-01,unemployed,,
jobsporet,JS-3,2022-09-01,ordinary_job,,
jobsporet,JS-9,2022-09-01,ledig,,
flere-skal-med,F-1,2018-07-02,pensionist,,
jobsporet,JS-1,2022-08-01,ledig,,
"""
    with pytest.raises(ImportRefused) as refused:
        run(bad)
    found = {(error.line, error.column) for error in refused.value.errors}
    assert found == {
        (2, "contacted_on"),  # before the due date, 17.07.2022
        (3, "participant"),  # JS-2 has not left
        (4, "employer"),  # a job without an employer
        (5, "participant"),  # no such case
        (6, "status"),  # not a status
        (7, "participant"),  # JS-1 twice
    }
    messages = {error.line: error.message for error in refused.value.errors}
    assert "17.07.2022" in messages[2]
    assert "ikke ophørt" in messages[3]
    assert not FollowUp.objects.exclude(outcome="").exists()


HEADER = "program,participant,contacted_on,status,employer\n"


def test_an_employer_given_as_a_cvr_number_must_be_in_the_registry(history):
    run(HEADER + "jobsporet,JS-3,2022-09-01,ordinary_job,10150817\n")
    assert FollowUp.objects.get(participant__reference="JS-3").employer.cvr == "10150817"
    with pytest.raises(ImportRefused) as refused:
        run(HEADER + "jobsporet,JS-3,2022-09-01,ordinary_job,DK 12 34 56 74\n")
    assert [(e.column, "12345674" in e.message) for e in refused.value.errors] == [
        ("employer", True)
    ]

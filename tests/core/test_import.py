"""import_csv: both file formats of every kind, every refusal, idempotent re-import."""

import dataclasses
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from companies.models import Agreement, Company
from jobsporet.core.imports.registry import importer_for
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import FundingEntry, Programme
from participants import services
from participants.models import Participant, Person
from placements.models import HoursChange, Placement

pytestmark = pytest.mark.django_db

PROGRAMS = """slug,name,starts_on,ends_on,target_participants,target_employment_rate
jobsporet,Jobsporet,2020-09-01,2023-03-31,100,0.40
flere-skal-med,Flere skal med,2017-01-01,2019-08-31,74,15%
"""
COMPANIES = """cvr,name,sector,program,roles,training_capacity,agreement_on
29189412,SuperBrugsen Nørre Snede,retail,jobsporet,training+network,1,2021-06-01
10150817,Brande Maskinstation,agriculture,jobsporet,training,2,2021-06-15
10150817,Brande Maskinstation,agriculture,flere-skal-med,network,,2017-02-01
35657584,Plejecenter Solgården,care,,,,
"""
PARTICIPANTS = """program,ref,cpr,first_name,last_name,enrolled_on,exit_on,exit_outcome
jobsporet,JS-1,150387-4321,Anne,Jensen,2021-09-20,2022-01-17,employment
jobsporet,JS-2,0101901234,Peter,Hansen,2021-09-21,,
jobsporet,JS-3,0202921234,Sara,Ali,2021-09-22,2022-03-01,dropout
flere-skal-med,F-1,150387-4321,Anne,Jensen,2017-03-01,2018-01-01,education
"""
PLACEMENTS = """program,participant,company,kind,start_on,end_on,weekly_hours
jobsporet,JS-1,29189412,training,2021-10-04,2022-01-14,30
jobsporet,JS-1,35657584,employment,2022-01-17,,12
jobsporet,JS-2,10150817,training,2021-10-01,,25
"""
HOURS = """program,participant,company,changed_on,weekly_hours
jobsporet,JS-1,35657584,2022-04-01,15
jobsporet,JS-1,35657584,2022-08-01,20.5
"""
FUNDING = """program,ref,kind,source,category,on,amount,description
jobsporet,ESF-1,grant,EU's Socialfond,,2020-09-01,2335867,Tilsagn
jobsporet,DEF-1,grant,Decentrale erhvervsfremmemidler,,2020-09-01,1200000,Tilsagn
jobsporet,BUD-1,budget,,,2020-09-01,6651787,
jobsporet,UDG-1,expense,,Løn,2021-01-31,12345.50,Løn januar
"""

# The same data as Danish Excel saves it: semicolons, DD-MM-YYYY, decimal commas, Danish words.
PROGRAMS_DA = """slug;name;starts_on;ends_on;target_participants;target_employment_rate
jobsporet;Jobsporet;01-09-2020;31-03-2023;100;40%
flere-skal-med;Flere skal med;01-01-2017;31-08-2019;74;0,15
"""
COMPANIES_DA = """cvr;name;sector;program;roles;training_capacity;agreement_on
DK 29 18 94 12;SuperBrugsen Nørre Snede;detail;jobsporet;træning+netværk;1;01-06-2021
10150817;Brande Maskinstation;landbrug;jobsporet;træning;2;15-06-2021
10150817;Brande Maskinstation;Landbrug;flere-skal-med;netværk;;01-02-2017
35657584;Plejecenter Solgården;social og sundhed;;;;
"""
PARTICIPANTS_DA = """program;ref;cpr;first_name;last_name;enrolled_on;exit_on;exit_outcome
jobsporet;JS-1;1503874321;Anne;Jensen;20-09-2021;17-01-2022;beskæftigelse
jobsporet;JS-2;010190-1234;Peter;Hansen;21-09-2021;;
jobsporet;JS-3;020292-1234;Sara;Ali;22-09-2021;01-03-2022;stoppet
flere-skal-med;F-1;150387-4321;Anne;Jensen;01-03-2017;01-01-2018;uddannelse
"""
PLACEMENTS_DA = """program;participant;company;kind;start_on;end_on;weekly_hours
jobsporet;JS-1;29189412;træning;04-10-2021;14-01-2022;30
jobsporet;JS-1;35657584;ansættelse;17-01-2022;;12
jobsporet;JS-2;10150817;træning;01-10-2021;;25
"""
HOURS_DA = """program;participant;company;changed_on;weekly_hours
jobsporet;JS-1;35657584;01-04-2022;15
jobsporet;JS-1;35657584;01-08-2022;20,5
"""
FUNDING_DA = """program;ref;kind;source;category;on;amount;description
jobsporet;ESF-1;bevilling;EU's Socialfond;;01-09-2020;2.335.867,00;Tilsagn
jobsporet;DEF-1;bevilling;Decentrale erhvervsfremmemidler;;01-09-2020;1.200.000,00;Tilsagn
jobsporet;BUD-1;budget;;;01-09-2020;6651787;
jobsporet;UDG-1;udgift;;Løn;31-01-2021;12.345,50;Løn januar
"""
ENGLISH = [
    ("programs", PROGRAMS),
    ("companies", COMPANIES),
    ("participants", PARTICIPANTS),
    ("placements", PLACEMENTS),
    ("hours", HOURS),
    ("funding", FUNDING),
]
DANISH = [
    ("programs", PROGRAMS_DA),
    ("companies", COMPANIES_DA),
    ("participants", PARTICIPANTS_DA),
    ("placements", PLACEMENTS_DA),
    ("hours", HOURS_DA),
    ("funding", FUNDING_DA),
]


class Imported:
    def __init__(self, out: str, err: str, ok: bool) -> None:
        self.out, self.err, self.ok = out, err, ok


def run(
    tmp_path, kind: str, text: str | bytes, *, encoding: str = "utf-8", dry_run: bool = False
) -> Imported:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    out, err = StringIO(), StringIO()
    arguments = ["import_csv", kind, str(path)] + (["--dry-run"] if dry_run else [])
    try:
        call_command(*arguments, stdout=out, stderr=err)
    except CommandError as error:
        return Imported(out.getvalue(), err.getvalue() + str(error), ok=False)
    return Imported(out.getvalue(), err.getvalue(), ok=True)


def import_all(tmp_path, files, encoding="utf-8"):
    for kind, text in files:
        result = run(tmp_path, kind, text, encoding=encoding)
        assert result.ok, (kind, result.err)


def snapshot() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Programme,
            Company,
            Agreement,
            Person,
            Participant,
            Placement,
            HoursChange,
            FundingEntry,
            AuditEvent,
        )
    }


def database() -> dict:
    """Every row of every model an import writes, history and audit included: equal before
    and after means nothing at all was written."""
    models = [Programme, Company, Agreement, Person, Participant, Placement, HoursChange]
    models += [FundingEntry, AuditEvent]
    models += [model.history.model for model in (Company, Agreement, Person, Participant)]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def assert_the_data_is_in():
    programme = Programme.objects.get(slug="jobsporet")
    assert programme.target_employment_rate == Decimal("0.400")
    assert Programme.objects.get(slug="flere-skal-med").target_employment_rate == Decimal("0.150")
    superbrugsen = Company.objects.get(cvr="29189412")
    assert superbrugsen.sector == "retail"
    agreement = superbrugsen.agreements.get()
    assert (agreement.is_training, agreement.is_network, agreement.training_capacity) == (
        True,
        True,
        1,
    )
    assert agreement.signed_on == datetime.date(2021, 6, 1)
    assert Company.objects.get(cvr="10150817").agreements.count() == 2
    assert not Company.objects.get(cvr="35657584").agreements.exists()
    anne = Person.objects.with_cpr("150387-4321").get()
    assert anne.enrolments.count() == 2, "one citizen in two programmes is one person"
    js1 = Participant.objects.get(programme=programme, reference="JS-1")
    assert (js1.status, js1.exit_outcome, js1.exit_on) == (
        "exited",
        "employment",
        datetime.date(2022, 1, 17),
    )
    assert Participant.objects.get(reference="JS-2").status == "in_training"
    assert Participant.objects.get(reference="F-1").exit_outcome == "education"
    employment = Placement.objects.get(kind="employment")
    assert employment.weekly_hours == Decimal(12)
    assert employment.employment_type == "part_time"
    assert list(employment.hours_changes.values_list("weekly_hours", flat=True)) == [
        Decimal(15),
        Decimal("20.5"),
    ]
    assert FundingEntry.objects.get(reference="ESF-1").amount == Decimal("2335867")
    assert FundingEntry.objects.get(reference="UDG-1").amount == Decimal("12345.50")


def test_every_kind_imports_from_comma_separated_utf8(tmp_path):
    import_all(tmp_path, ENGLISH)
    assert_the_data_is_in()


def test_every_kind_imports_from_danish_excel_in_windows_1252(tmp_path):
    import_all(tmp_path, DANISH, encoding="cp1252")
    assert_the_data_is_in()


def test_a_utf8_file_with_a_byte_order_mark(tmp_path):
    import_all(tmp_path, DANISH, encoding="utf-8-sig")
    assert_the_data_is_in()


def test_re_importing_the_same_files_changes_nothing(tmp_path):
    import_all(tmp_path, ENGLISH)
    before = snapshot()
    updated_at = list(Participant.objects.order_by("pk").values_list("updated_at", flat=True))
    for kind, text in ENGLISH:
        result = run(tmp_path, kind, text)
        assert result.ok
        assert " 0 created, 0 updated" in result.out or "0 oprettet, 0 opdateret" in result.out, (
            result.out
        )
    assert snapshot() == before
    assert (
        list(Participant.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_at
    )


def test_a_changed_row_is_updated_and_the_summary_says_so(tmp_path):
    import_all(tmp_path, ENGLISH)
    changed = PARTICIPANTS.replace(
        "JS-2,0101901234,Peter,Hansen,2021-09-21,,",
        "JS-2,0101901234,Peter,Hansen-Berg,2021-09-21,2022-02-01,education",
    )
    result = run(tmp_path, "participants", changed)
    assert result.ok, result.err
    assert "1 " in result.out and ("updated" in result.out or "opdateret" in result.out)
    js2 = Participant.objects.get(reference="JS-2")
    assert js2.person.last_name == "Hansen-Berg"
    assert (js2.exit_outcome, js2.exit_on) == ("education", datetime.date(2022, 2, 1))
    assert js2.placements.get().ended_on == datetime.date(2022, 2, 1), "the exit ended the training"


def test_an_exit_for_employment_on_an_existing_case_is_imported(tmp_path):
    # The import is history: the employment itself comes in the placements file.
    import_all(tmp_path, ENGLISH[:3])
    changed = PARTICIPANTS.replace("2021-09-21,,", "2021-09-21,2022-02-01,employment")
    result = run(tmp_path, "participants", changed)
    assert result.ok, result.err
    js2 = Participant.objects.get(reference="JS-2")
    assert (js2.status, js2.exit_outcome, js2.exit_on) == (
        "exited",
        "employment",
        datetime.date(2022, 2, 1),
    )


@pytest.mark.parametrize(
    ("names", "expected"),
    [("Q,R", "line 5, first_name: linje 2 "), ("Anne,Jensen-Berg", "line 5, last_name: linje 2 ")],
)
def test_one_cpr_number_with_other_names_in_the_same_file_is_refused(tmp_path, names, expected):
    # Imported, one of the two would win, and the next import would flip it back.
    run(tmp_path, "programs", PROGRAMS)
    before = database()
    text = PARTICIPANTS.replace("F-1,150387-4321,Anne,Jensen", f"F-1,150387-4321,{names}")
    result = run(tmp_path, "participants", text)
    assert not result.ok
    assert expected in result.err, result.err
    assert "(Anne Jensen)" in result.err
    assert database() == before


def test_a_registered_citizen_enrolled_again_under_other_names_is_unchanged_on_re_import(
    tmp_path,
):
    import_all(tmp_path, ENGLISH[:3])
    text = (
        "program,ref,cpr,first_name,last_name,enrolled_on\n"
        "flere-skal-med,F-2,0101901234,Peter,Hansen-Berg,2018-01-01\n"
    )
    first = run(tmp_path, "participants", text)
    assert first.ok, first.err
    assert "1 oprettet, 0 opdateret, 0 uændret" in first.out, first.out
    peter = Person.objects.with_cpr("0101901234").get()
    assert (peter.last_name, peter.enrolments.count()) == ("Hansen-Berg", 2)
    after_first = database()
    second = run(tmp_path, "participants", text)
    assert second.ok, second.err
    assert "0 oprettet, 0 opdateret, 1 uændret" in second.out, second.out
    assert database() == after_first


def test_a_different_exit_for_a_case_that_left_is_refused(tmp_path):
    import_all(tmp_path, ENGLISH)
    changed = PARTICIPANTS.replace("2022-01-17,employment", "2022-01-18,dropout")
    result = run(tmp_path, "participants", changed)
    assert not result.ok
    assert "line 2, exit_on:" in result.err


def test_companies_and_agreements_are_written_through_the_services_with_audit_rows(
    tmp_path, administrator
):
    run(tmp_path, "programs", PROGRAMS)
    importer_for("companies", actor=administrator).run(COMPANIES.encode())
    summaries = list(
        AuditEvent.objects.filter(actor=administrator).values_list("summary", flat=True)
    )
    assert sum("SuperBrugsen Nørre Snede" in summary for summary in summaries) == 2, summaries
    assert len(summaries) == 3 + 3  # three companies, three agreements
    assert Company.history.filter(history_user=administrator).count() == 3


def test_dry_run_reports_and_writes_nothing(tmp_path):
    run(tmp_path, "programs", PROGRAMS)
    before = snapshot()
    result = run(tmp_path, "companies", COMPANIES, dry_run=True)
    assert result.ok
    assert "4" in result.out
    assert snapshot() == before


REFUSALS = [
    ("programs", "slug,name\njobsporet,Jobsporet\n", "line 1, starts_on:"),
    (
        "programs",
        "slug,name,starts_on,colour\njobsporet,Jobsporet,2020-09-01,blue\n",
        "line 1, colour:",
    ),
    ("programs", "slug,name,starts_on,ends_on\nx,X,2021-01-01,2020-01-01\n", "line 2, ends_on:"),
    (
        "programs",
        "slug,name,starts_on,target_employment_rate\nx,X,2021-01-01,40\n",
        "line 2, target_employment_rate:",
    ),
    ("companies", "cvr,name,sector\n29189413,Fejl ApS,retail\n", "line 2, cvr:"),
    ("companies", "cvr,name,sector\n29189412,Fejl ApS,bageri\n", "line 2, sector:"),
    (
        "companies",
        "cvr,name,sector,program,roles,agreement_on\n29189412,A,retail,nope,training,2021-01-01\n",
        "line 2, program:",
    ),
    (
        "companies",
        "cvr,name,sector,program,roles,agreement_on\n29189412,A,retail,jobsporet,,2021-01-01\n",
        "line 2, roles:",
    ),
    ("companies", "cvr,name,sector\n29189412,A,retail\nDK29189412,A,retail\n", "line 3, program:"),
    (  # the company services' rule, as on the agreement form
        "companies",
        "cvr,name,sector,program,roles,training_capacity,agreement_on\n"
        "29189412,A,retail,jobsporet,network,2,2021-01-01\n",
        "line 2, training_capacity: Kun en træningsvirksomhed",
    ),
    (
        "participants",
        PARTICIPANTS.replace(
            "150387-4321,Anne,Jensen,2021-09-20", "310287-4321,Anne,Jensen,2021-09-20"
        ),
        "line 2, cpr:",
    ),
    (
        "participants",
        PARTICIPANTS.replace("2021-09-20,2022-01-17", "2021-09-20,2021-09-01"),
        "line 2, exit_on:",
    ),
    (
        "participants",
        PARTICIPANTS.replace("2021-09-21,,", "2021-09-21,,dropout"),
        "line 3, exit_on:",
    ),
    (
        "participants",
        PARTICIPANTS.replace("2021-09-21,,", "2021-09-21,2022-01-01,"),
        "line 3, exit_outcome:",
    ),
    (
        "participants",
        PARTICIPANTS.replace("flere-skal-med,F-1", "flere-skal-mere,F-1"),
        "line 5, program:",
    ),
    ("participants", PARTICIPANTS.replace("JS-3", "JS-2"), "line 4, ref:"),
    ("participants", PARTICIPANTS.replace("2021-09-21,,", "2019-09-21,,"), "line 3, enrolled_on:"),
    (
        "participants",
        PARTICIPANTS.replace("JS-3,0202921234,Sara,Ali", "JS-3,0101901234,Peter,Hansen").replace(
            "2022-03-01,dropout", ","
        ),
        "line 4, cpr:",
    ),
    # The values a model field refuses, as a form on it would (not stored whole on SQLite, not
    # a failure of the whole import on PostgreSQL).
    ("programs", "slug,name,starts_on\nx," + "N" * 250 + ",2021-01-01\n", "line 2, name:"),
    ("companies", "cvr,name,sector\n29189412," + "A" * 250 + ",retail\n", "line 2, name:"),
    ("participants", PARTICIPANTS.replace("JS-2,", "JS-" + "2" * 37 + ","), "line 3, ref:"),
    ("participants", PARTICIPANTS.replace(",Peter,", "," + "P" * 250 + ","), "line 3, first_name:"),
    ("participants", PARTICIPANTS.replace(",Hansen,", "," + "H" * 101 + ","), "line 3, last_name:"),
    (
        "placements",
        PLACEMENTS.replace("2021-10-01,,25", "2021-10-01,,25.25"),
        "line 4, weekly_hours:",
    ),
    ("hours", HOURS.replace("2022-08-01,20.5", "2022-08-01,20.25"), "line 3, weekly_hours:"),
    (
        "funding",
        "program,ref,kind,source,on,amount\njobsporet,A,grant," + "S" * 201 + ",2021-01-01,1\n",
        "line 2, source:",
    ),
    # Placements and hours
    (
        "placements",
        PLACEMENTS.replace(
            "JS-2,10150817,training,2021-10-01", "JS-2,10150817,training,2021-09-01"
        ),
        "line 4, start_on:",
    ),
    (
        "placements",
        PLACEMENTS.replace("2021-10-04,2022-01-14", "2021-10-04,2021-10-01"),
        "line 2, end_on:",
    ),
    ("placements", PLACEMENTS.replace("JS-2,10150817", "JS-9,10150817"), "line 4, participant:"),
    (  # a check digit that is wrong (the unknown company with a valid one is below)
        "placements",
        PLACEMENTS.replace("JS-2,10150817", "JS-2,12345678"),
        "line 4, company:",
    ),
    (
        "placements",
        PLACEMENTS.replace("JS-2,10150817", "JS-2,29189412").replace(
            "2021-10-01,,25", "2021-10-01,,25\njobsporet,JS-2,29189412,training,2021-10-01,,30"
        ),
        "line 5, start_on:",
    ),
    (
        "placements",
        PLACEMENTS.replace("training,2021-10-01", "praktik,2021-10-01"),
        "line 4, kind:",
    ),
    (
        "placements",
        PLACEMENTS.replace("2021-10-01,,25", "2021-10-01,,1.200"),
        "line 4, weekly_hours:",
    ),
    (
        "placements",
        PLACEMENTS.replace(
            "JS-2,10150817,training,2021-10-01", "JS-3,10150817,training,2022-04-01"
        ),
        "line 4, start_on:",
    ),
    (
        "hours",
        HOURS.replace("35657584,2022-04-01", "29189412,2022-04-01"),
        "line 2, company:",
    ),
    # What a row refers to that does not exist, and a key twice in a file
    (
        "placements",
        PLACEMENTS.replace("JS-2,10150817", "JS-2,12345674"),  # valid check digit, not imported
        "line 4, company: ingen virksomhed med CVR 12345674",
    ),
    ("placements", PLACEMENTS.replace("\njobsporet,JS-2", "\nnope,JS-2"), "line 4, program:"),
    (
        "hours",
        HOURS.replace("\njobsporet,JS-1,35657584,2022-04", "\nnope,JS-1,35657584,2022-04"),
        "line 2, program: intet program 'nope'",
    ),
    (
        "hours",
        HOURS.replace("JS-1,35657584,2022-04-01", "JS-9,35657584,2022-04-01"),
        "line 2, participant:",
    ),
    (
        "hours",
        HOURS.replace("2022-04-01,15", "2022-04-01,15\njobsporet,JS-1,35657584,2022-04-01,16"),
        "line 3, changed_on: samme program + participant + company + changed_on som linje 2",
    ),
    (
        "hours",
        HOURS.replace("JS-1,35657584,2022-04-01", "JS-1,12345674,2022-04-01"),
        "line 2, company: ingen virksomhed med CVR 12345674",
    ),
    ("funding", FUNDING.replace("\njobsporet,ESF-1", "\nnope,ESF-1"), "line 2, program:"),
    ("funding", FUNDING.replace("DEF-1", "ESF-1"), "line 3, ref: samme program + ref som linje 2"),
    ("funding", FUNDING.replace(",2335867,", ",-2335867,"), "line 2, amount: et beløb kan ikke"),
    ("funding", FUNDING.replace("ESF-1,grant", "ESF-1,tilskud"), "line 2, kind: 'tilskud'"),
    # A file that cannot be read exactly
    (
        "programs",
        'slug,name,starts_on\nx,"X,2021-01-01\ny,Y,2021-01-01\n',
        "line 2: et anførselstegn er ikke lukket",
    ),
    (
        "programs",
        "slug,name,starts_on\nx,X,2021-01-01\ny,Y,2021-01-01,Z\n",
        "line 3: 4 værdier, overskriften har 3",
    ),
    (
        "participants",
        PARTICIPANTS.replace("2021-09-21,,", "2021-09-21,"),
        "line 3: 7 værdier, overskriften har 8",
    ),
    ("programs", "\nslug,name,starts_on,ends_on\nx,X,2021-01-01,2020-01-01\n", "line 3, ends_on:"),
]
# A required column missing and an unknown one, in every kind of file.
MISSING = {
    "programs": "starts_on",
    "companies": "sector",
    "participants": "enrolled_on",
    "placements": "start_on",
    "hours": "weekly_hours",
    "funding": "amount",
}


def without_column(text: str, column: str) -> str:
    rows = [line.split(",") for line in text.splitlines()]
    index = rows[0].index(column)
    return "".join(",".join(row[:index] + row[index + 1 :]) + "\n" for row in rows)


def with_column(text: str, column: str, value: str) -> str:
    header, *rows = text.splitlines()
    return f"{header},{column}\n" + "".join(f"{row},{value}\n" for row in rows)


REFUSALS += [
    (
        kind,
        without_column(text, MISSING[kind]),
        f"line 1, {MISSING[kind]}: påkrævet kolonne mangler",
    )
    for kind, text in ENGLISH
]
REFUSALS += [
    (kind, with_column(text, "colour", "blue"), "line 1, colour: ukendt kolonne")
    for kind, text in ENGLISH
]
# How many of the ENGLISH files a kind's rows refer to, imported before the refused file.
PREREQUISITES = {"programs": 0, "companies": 1, "participants": 2, "placements": 3, "hours": 4}


@pytest.mark.parametrize(("kind", "text", "expected"), REFUSALS)
def test_an_invalid_file_is_refused_whole_naming_line_and_column(tmp_path, kind, text, expected):
    import_all(tmp_path, ENGLISH[: PREREQUISITES.get(kind, 1)])
    before = database()
    result = run(tmp_path, kind, text)
    assert not result.ok
    assert expected in result.err, result.err
    assert "Traceback" not in result.err
    assert database() == before, "nothing may be written when a file is refused"


def test_numbers_the_danish_way_and_the_ambiguous_one(tmp_path):
    run(tmp_path, "programs", PROGRAMS)
    result = run(
        tmp_path, "funding", "program;ref;kind;on;amount\njobsporet;A;budget;2021-01-01;1.200\n"
    )
    assert not result.ok
    assert "line 2, amount:" in result.err
    result = run(
        tmp_path,
        "funding",
        "program;ref;kind;on;amount\njobsporet;A;budget;2021-01-01;1.200,00\njobsporet;B;budget;2021-01-01;12.5\njobsporet;C;budget;2021-01-01;1200\n",
    )
    assert result.ok, result.err
    assert list(FundingEntry.objects.order_by("reference").values_list("amount", flat=True)) == [
        Decimal(1200),
        Decimal("12.5"),
        Decimal(1200),
    ]


def test_a_leading_zero_makes_a_dot_and_three_digits_a_decimal_not_ambiguous(tmp_path):
    # No number with thousands separators begins with 0, so '0.400' can only be 0.4.
    text = "slug,name,starts_on,target_employment_rate\nx,X,2021-01-01,0.400\n"
    result = run(tmp_path, "programs", text)
    assert result.ok, result.err
    assert Programme.objects.get().target_employment_rate == Decimal("0.400")
    funding = (
        "program;ref;kind;on;amount\nx;A;budget;2021-01-01;0.500\nx;B;budget;2021-01-01;1.200\n"
    )
    result = run(tmp_path, "funding", funding)
    assert not result.ok
    assert "line 3, amount:" in result.err and "line 2" not in result.err, result.err
    result = run(tmp_path, "funding", funding.replace(";1.200\n", ";1.200,00\n"))
    assert result.ok, result.err
    assert FundingEntry.objects.get(reference="A").amount == Decimal("0.5")


def test_every_error_is_printed_not_just_the_first(tmp_path):
    run(tmp_path, "programs", PROGRAMS)
    bad = "program,ref,cpr,first_name,last_name,enrolled_on\n" + "".join(
        f"jobsporet,B-{i},320190-12{i:02d},A,B,2021-01-01\n" for i in range(5)
    )
    result = run(tmp_path, "participants", bad)
    assert not result.ok
    assert [line for line in result.err.splitlines() if line.startswith("line ")] == [
        f"line {n}, cpr: " + result.err.splitlines()[0].split(": ", 1)[1] for n in range(2, 7)
    ]


def test_an_empty_file_and_a_header_only_file(tmp_path):
    assert "line 1" in run(tmp_path, "programs", "").err
    assert "line 1" in run(tmp_path, "programs", "slug,name,starts_on\n").err


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_csv", "programs", str(tmp_path / "nope.csv"))
    assert "nope.csv" in str(error.value)


# A file must be read exactly or refused: nothing may be guessed at and imported.

FUNDING_HEADER = "program;ref;kind;source;on;amount;description\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (  # never closed: today's csv module would read the rows after it into this value
            'jobsporet;UDG-1;udgift;Jobsporet;31-01-2021;100;"Løn januar\n'
            "jobsporet;UDG-2;udgift;Jobsporet;28-02-2021;200;Løn februar\n"
            "jobsporet;UDG-3;udgift;Jobsporet;31-03-2021;300;Løn marts\n",
            "line 2: et anførselstegn er ikke lukket",
        ),
        (  # closed by a stray quotation mark a row later: the same number of values
            'jobsporet;UDG-1;udgift;Jobsporet;31-01-2021;100;"Løn januar\n'
            'jobsporet;UDG-2;udgift;Jobsporet;28-02-2021;200;Løn februar"\n',
            "line 2, description: værdien fortsætter til linje 3",
        ),
    ],
)
def test_a_quotation_mark_not_closed_is_refused_not_swallowing_the_rows_after_it(
    tmp_path, rows, expected
):
    run(tmp_path, "programs", PROGRAMS)
    before = database()
    result = run(tmp_path, "funding", FUNDING_HEADER + rows)
    assert not result.ok
    assert expected in result.err, result.err
    assert database() == before


def test_a_quoted_value_with_the_separator_inside_is_read_whole(tmp_path):
    run(tmp_path, "programs", PROGRAMS)
    text = (
        FUNDING_HEADER + 'jobsporet;UDG-1;bevilling;"Kommunens eget budget";31-01-2021;100;'
        '"Løn; drift ""jan"""\n'
    )
    assert run(tmp_path, "funding", text).ok
    entry = FundingEntry.objects.get()
    assert (entry.source, entry.description) == ("municipality", 'Løn; drift "jan"')


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("jobsporet;UDG-1;udgift;Jobsporet;31-01-2021;100;Løn;ekstra", "line 3: 8 "),
        ("jobsporet;UDG-1;udgift;Jobsporet;31-01-2021;100", "line 3: 6 "),
        ("jobsporet;UDG-1;udgift;Jobsporet;31-01-2021;100;Løn;", "line 3: 8 "),
    ],
)
def test_a_row_with_another_number_of_values_than_the_header_is_refused(tmp_path, row, expected):
    run(tmp_path, "programs", PROGRAMS)
    before = database()
    text = FUNDING_HEADER + "jobsporet;OK-1;udgift;Jobsporet;31-01-2021;1;Løn\n" + row + "\n"
    result = run(tmp_path, "funding", text)
    assert not result.ok
    assert expected + "værdier, overskriften har 7" in result.err, result.err
    assert database() == before


def test_blank_lines_are_skipped_and_lines_keep_their_numbers_in_the_file(tmp_path):
    text = "\n\r\n" + PROGRAMS.replace("\n", "\n\n", 1) + "\n  \n"
    assert run(tmp_path, "programs", text).ok
    assert Programme.objects.count() == 2
    bad = "\n\n" + "slug,name,starts_on,ends_on\n\nx,X,2021-01-01,2020-01-01\n\n"
    assert "line 5, ends_on:" in run(tmp_path, "programs", bad).err
    assert "line 3, colour:" in run(tmp_path, "programs", "\n\nslug,name,starts_on,colour\n").err


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_a_byte_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path, byte):
    text = b"slug,name,starts_on\nx,N\xf8rre " + byte + b"Snede,2021-01-01\n"
    result = run(tmp_path, "programs", text)
    assert not result.ok
    assert "line 2: " in result.err, result.err
    assert "UTF-8" in result.err and "Windows-1252" in result.err
    assert not Programme.objects.exists()


def test_bulk_enrolment_checks_the_lengths_the_forms_check(programme):
    row = services.Enrolment(
        cpr="150387-4321",
        first_name="Anne",
        last_name="Jensen",
        programme=programme,
        reference="JS-1",
        enrolled_on=programme.starts_on,
    )
    rows = [
        dataclasses.replace(row, first_name="A" * 101),
        dataclasses.replace(row, cpr="0101901234", last_name="J" * 101),
        dataclasses.replace(row, cpr="0202921234", reference="R" * 31),
        dataclasses.replace(row, cpr="0303931234", reference="JS-4"),
    ]
    with pytest.raises(services.BulkRefused) as refused:
        services.participants_enrol_many(enrolments=rows, actor=None)
    fields = {index: error.field for index, error in refused.value.errors.items()}
    assert fields == {0: "first_name", 1: "last_name", 2: "reference"}
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("jobsporet,G-1,grant,,,2021-01-01,1000,", "line 2, source: en bevilling skal have"),
        ("jobsporet,U-1,expense,,,2021-01-31,1000,Løn", "line 2, category: en udgift skal have"),
    ],
)
def test_the_import_refuses_a_grant_without_source_and_an_expense_without_category(
    tmp_path, row, expected
):
    """The ledger form's rules hold for a file too: no spending or grant without its source."""
    run(tmp_path, "programs", PROGRAMS)
    before = database()
    result = run(
        tmp_path, "funding", "program,ref,kind,source,category,on,amount,description\n" + row + "\n"
    )
    assert not result.ok
    assert expected in result.err, result.err
    assert database() == before

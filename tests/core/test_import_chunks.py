"""Issue 8: an import goes through its file a chunk at a time, in bulk, still all or nothing.

Each chunk loads only the cases and companies its rows name, so the statements an import runs
grow with its chunks, not its rows, and a programme's other cases are never read.
"""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from jobsporet.core.imports import base
from jobsporet.core.imports.errors import ImportRefused
from jobsporet.core.imports.registry import importer_for
from participants.models import Participant
from placements.models import HoursChange, Placement
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

COMPANIES = (
    "cvr,name,sector,program,roles,training_capacity,agreement_on\n"
    "29189412,SuperBrugsen Nørre Snede,retail,jobsporet,training+network,1,2020-09-01\n"
    "35657584,Plejecenter Solgården,care,,,,\n"
)
PARTICIPANTS_HEADER = "program,ref,cpr,first_name,last_name,enrolled_on,exit_on,exit_outcome\n"


def _participants(count: int, *, start: int = 0) -> str:
    rows = [
        f"jobsporet,C-{n},{(n % 28) + 1:02d}0190{1000 + n:04d},Anne,Nr{n},2021-01-04,,"
        for n in range(start, start + count)
    ]
    return PARTICIPANTS_HEADER + "\n".join(rows) + "\n"


def _run(kind: str, text: str, actor, **kwargs):
    return importer_for(kind, actor=actor).run(text.encode(), **kwargs)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(base, "CHUNK_ROWS", 2)


def test_chunks_are_written_and_a_refusal_in_a_later_one_undoes_them(
    programme, administrator, small_chunks
):
    text = _participants(4) + "jobsporet,C-late,0101901234,Per,Sen,2019-01-01,,\n"
    with pytest.raises(ImportRefused) as refused:
        _run("participants", text, administrator)
    assert [(error.line, error.column) for error in refused.value.errors] == [(6, "enrolled_on")]
    assert not Participant.objects.exists(), "the first two chunks were rolled back"


def test_every_chunks_errors_are_reported_together(programme, administrator, small_chunks):
    text = (
        PARTICIPANTS_HEADER
        + "jobsporet,A,0101901234,Anne,A,2021-01-04,,\n"
        + "jobsporet,B,not-a-cpr,Bo,B,2021-01-04,,\n"
        + "jobsporet,C,0201901234,Carl,C,2021-01-04,,\n"
        + "jobsporet,A,0301901234,Dora,D,2021-01-04,,\n"
        + "jobsporet,E,0401901234,Eva,E,2021-13-04,,\n"
    )
    with pytest.raises(ImportRefused) as refused:
        _run("participants", text, administrator)
    assert [(error.line, error.column) for error in refused.value.errors] == [
        (3, "cpr"),
        (5, "ref"),  # the same key as line 2, two chunks earlier
        (6, "enrolled_on"),
    ]
    assert "line 2" in refused.value.errors[1].message or "linje 2" in (
        refused.value.errors[1].message
    )


def test_progress_is_reported_after_each_chunk(programme, administrator, small_chunks):
    seen = []
    _run("participants", _participants(5), administrator, progress=lambda *p: seen.append(p))
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert Participant.objects.count() == 5


def _statements(kind: str, text: str, actor) -> int:
    with CaptureQueriesContext(connection) as queries:
        _run(kind, text, actor)
    return len(queries)


# SQLite takes at most 999 values in one statement, so a bulk insert of 60 rows goes in a few
# statements there; on PostgreSQL in one. Either way: a handful more, not several per row.
SLACK = 8


def test_the_statements_grow_with_chunks_not_rows(programme, administrator):
    _run("companies", COMPANIES, administrator)
    few = _statements("participants", _participants(3), administrator)
    many = _statements("participants", _participants(60, start=3), administrator)
    assert many <= few + SLACK, (few, many)

    def placements(refs: range) -> str:
        return "program,participant,company,kind,start_on,end_on,weekly_hours\n" + "".join(
            f"jobsporet,C-{n},29189412,training,2021-02-01,2021-03-01,30\n"
            f"jobsporet,C-{n},35657584,employment,2021-04-01,,12\n"
            for n in refs
        )

    few = _statements("placements", placements(range(3)), administrator)
    many = _statements("placements", placements(range(3, 63)), administrator)
    assert many <= few + SLACK, (few, many)
    assert Placement.objects.count() == 126

    def hours(refs: range) -> str:
        return "program,participant,company,changed_on,weekly_hours\n" + "".join(
            f"jobsporet,C-{n},35657584,2021-06-01,15\njobsporet,C-{n},35657584,2021-09-01,20\n"
            for n in refs
        )

    few = _statements("hours", hours(range(3)), administrator)
    many = _statements("hours", hours(range(3, 63)), administrator)
    assert many <= few + SLACK, (few, many)
    assert HoursChange.objects.count() == 126
    # A re-import changes nothing and writes nothing.
    before = HoursChange.history.count() if hasattr(HoursChange, "history") else None
    result = _run("hours", hours(range(63)), administrator)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 126)
    if before is not None:
        assert HoursChange.history.count() == before


def test_only_the_cases_a_file_names_are_read(programme, administrator):
    _run("companies", COMPANIES, administrator)
    _run("participants", _participants(2), administrator)
    for n in range(30):
        ParticipantFactory(programme=programme, reference=f"OTHER-{n}")
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance.reference)

    post_init.connect(count, sender=Participant)
    try:
        _run(
            "placements",
            "program,participant,company,kind,start_on,end_on,weekly_hours\n"
            "jobsporet,C-0,29189412,training,2021-02-01,2021-03-01,30\n"
            "jobsporet,C-1,35657584,employment,2021-04-01,,12\n",
            administrator,
        )
    finally:
        post_init.disconnect(count, sender=Participant)
    assert loaded and set(loaded) <= {"C-0", "C-1"}, sorted(set(loaded))


def test_a_training_refused_in_bulk_is_reported_at_its_line(programme, administrator):
    _run("companies", COMPANIES, administrator)
    _run("participants", _participants(1), administrator)
    text = (
        "program,participant,company,kind,start_on,end_on,weekly_hours\n"
        "jobsporet,C-0,29189412,training,2021-02-01,,30\n"
        "jobsporet,C-0,29189412,training,2021-03-01,2021-04-01,30\n"
        "jobsporet,C-0,35657584,training,2021-05-01,,30\n"
    )
    with pytest.raises(ImportRefused) as refused:
        _run("placements", text, administrator)
    assert [(error.line, error.column) for error in refused.value.errors] == [
        (3, "start_on"),  # overlaps the open training of line 2
        (4, "company"),  # no training agreement
    ]
    assert not Placement.objects.exists()
    assert datetime.date(2021, 2, 1)  # the dates above are within the programme

"""seed_demo: the published Jobsporet figures, live work in the continuation, idempotence."""

import datetime
import json
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from demo.generator import Generator
from demo.models import Seeding
from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role, sync_roles
from jobsporet.core.models import AuditEvent
from jobsporet.programmes.models import Programme
from participants.models import CaseNote, DevelopmentPlan, Participant, Person
from placements.models import FollowUp, HoursChange, Placement
from reporting.esf import esf_report

pytestmark = pytest.mark.django_db


def _kpis(slug: str, as_of: str) -> dict:
    out = StringIO()
    call_command("kpis", "--program", slug, "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Programme, Person, Participant, Placement, HoursChange, CaseNote, User)
    }


def test_the_demo_reproduces_the_published_outcome_and_is_idempotent(settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "broker" in out.getvalue()

    kpis = _kpis("jobsporet", "2023-03-31")
    assert kpis["participants"] == {
        "enrolled": 121,
        "active": 51,
        "in_training": 51,
        "employed": 39,
        "education": 0,
        "dropout": 31,
    }
    assert kpis["employment_rate"] == 0.3223
    assert kpis["employment_rate_of_leavers"] == 0.5571
    assert kpis["target_met"] is False
    assert kpis["targets"] == {"participants": 100, "employment_rate": 0.4}
    assert kpis["companies"]["with_agreement"] == 49
    assert {"training", "network"} <= set(kpis["companies"])
    assert kpis["funding"]["granted"] == 3_535_867
    assert kpis["funding"]["budget"] == 6_651_787
    assert kpis["funding"]["spent"] == 6_651_787
    assert round(kpis["funding"]["cost_per_participant"]) == 54_973
    assert round(kpis["funding"]["cost_per_employed"]) == 170_559
    # A note's kind is shown before its text: no demo note repeats it ("Telefonsamtale:
    # Virksomhedsbesøg: ...", issue 11).
    from participants.models import CaseNote

    for word in {str(label) for label in CaseNote.Kind.labels} | {"Visitationssamtale"}:
        assert not CaseNote.objects.filter(text__startswith=f"{word}:").exists(), word
    superbrugsen = next(
        c for c in kpis["training_companies"] if c["name"] == "SuperBrugsen Nørre Snede"
    )
    assert (superbrugsen["trained"], superbrugsen["employed"], superbrugsen["employment_rate"]) == (
        4,
        2,
        0.5,
    )
    sectors = set(
        Programme.objects.get(slug="jobsporet").agreements.values_list("company__sector", flat=True)
    )
    assert sectors == {"agriculture", "hospitality", "warehouse", "retail"}

    # The continuation has live work dated relative to today.
    today = timezone.localdate()
    drift = Programme.objects.get(slug="jobsporet-drift")
    week = today + datetime.timedelta(days=7)
    assert CaseNote.objects.follow_ups_due(week).filter(participant__programme=drift).exists()
    assert (
        Placement.objects.training()
        .open()
        .filter(
            participant__programme=drift,
            planned_end_on__range=(today, today + datetime.timedelta(days=14)),
        )
        .exists()
    )
    for username in ("broker", "john"):
        assert (
            Placement.objects.training()
            .open()
            .filter(
                participant__programme=drift,
                participant__job_broker__username=username,
                planned_end_on__range=(today, today + datetime.timedelta(days=14)),
            )
            .count()
            >= 2
        ), f"{username}'s start page lists trainings ending within two weeks"
    over = drift.agreements.with_places().filter(over_capacity=True)
    assert not over.exists(), [agreement.company.name for agreement in over]
    assert DevelopmentPlan.objects.filter(
        participant__programme=drift, participant__exit_on__isnull=True, next_review_on__lte=week
    ).exists()
    assert HoursChange.objects.filter(
        placement__participant__programme=drift, changed_on__gte=today - datetime.timedelta(days=14)
    ).exists()
    assert drift.participants.filter(status=Participant.Status.ENROLLED).exists()
    assert (
        Person.objects.filter(enrolments__programme=drift)
        .filter(enrolments__programme__slug="jobsporet")
        .exists()
    ), "someone from Jobsporet came back in the continuation: one person, two programmes"

    # Six-month follow-ups: one for every leaver, most of those due recorded with what became
    # of people (never before they fell due), in both programmes; the newest left to the brokers.
    for programme in Programme.objects.all():
        follow_ups = FollowUp.objects.filter(participant__programme=programme)
        assert follow_ups.count() == programme.participants.filter(exit_on__isnull=False).count()
        recorded = follow_ups.exclude(outcome="")
        assert recorded.filter(outcome__in=FollowUp.EMPLOYED).exists()
        assert recorded.filter(outcome=FollowUp.Outcome.NOT_REACHED).exists()
        assert not recorded.filter(contacted_on__lt=F("due_on")).exists()
        assert 0.8 < recorded.count() / follow_ups.filter(due_on__lte=today).count() < 1
    followup = _kpis("jobsporet", "2023-03-31")["followup"]
    assert followup["recorded"] + followup["not_recorded"] == followup["due"] > 50

    # The EU Social Fund report over Jobsporet's whole run adds up: every enrolled entered,
    # every leaver left, and each figure's women and men are its total (all genders stated).
    jobsporet = Programme.objects.get(slug="jobsporet")
    report = esf_report(
        jobsporet, start=jobsporet.starts_on, end=datetime.date(2023, 3, 31), today=today
    )
    assert (report.entered.total, report.left.total) == (121, 70)
    for figure in [
        report.entered,
        report.left,
        *report.output,
        *report.immediate,
        *report.longer,
        *report.follow_ups,
    ]:
        assert figure.women + figure.men == figure.total, figure.definition.key
    assert report.output[0].total > 0 and report.longer[0].total > 0

    # Demo users log in with the password demo and belong to both programmes.
    for username in ("broker", "caseworker", "consultant", "manager", "admin"):
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert set(user.programmes.values_list("slug", flat=True)) == {
            "jobsporet",
            "jobsporet-drift",
        }
    # Through the login form, as a person logs in (lockout counting and all).
    login = client.post("/login/", {"username": "broker", "password": "demo"})
    assert login.status_code == 302 and login.url == "/"
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser, "the administrator works through a role"
    assert not User.objects.filter(is_superuser=True).exists()

    before = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == before
    assert _kpis("jobsporet", "2023-03-31")["participants"]["enrolled"] == 121


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as error:
        call_command("seed_demo", stdout=StringIO())
    assert "DEBUG" in str(error.value)
    assert not Programme.objects.exists()


def test_participants_scales_the_same_generator(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--participants", "242", stdout=StringIO())
    kpis = _kpis("jobsporet", "2023-03-31")["participants"]
    assert (kpis["enrolled"], kpis["employed"], kpis["dropout"], kpis["in_training"]) == (
        242,
        78,
        62,
        102,
    )


def test_at_scale_more_job_brokers_share_the_cases(settings):
    """At --participants N the cases are shared by enough brokers for caseloads of a few
    hundred (CASES_PER_BROKER over both programmes); at the demo's size there are none extra."""
    today = timezone.localdate()
    assert Generator(today=today).users().extra_brokers == []
    staff = Generator(today=today, participants=10_000).users()
    extra = staff.extra_brokers
    assert len(extra) == 64 - 3  # 10,000 x 1.6 / 250 brokers in all
    assert len({user.username for user in extra}) == len(extra)
    assert all(user.groups.filter(name=Role.JOB_BROKER).exists() for user in extra)
    assert not any(user.has_usable_password() for user in extra), "nobody logs in as them"
    created = AuditEvent.objects.filter(action="created", summary__contains="maegler")
    assert created.count() == len(extra)
    # A second run finds them instead of creating more.
    again = Generator(today=today, participants=10_000).users().extra_brokers
    assert [u.pk for u in again] == [u.pk for u in extra]
    assert User.objects.filter(username__startswith="maegler").count() == len(extra)


def _what_was_written() -> dict:
    """Every case's reference, status, dates and broker, the placements, hours, notes and
    follow-ups per case, and the audit rows by action and actor: what a chunk boundary could
    change (ids and clocks aside)."""

    def rows(queryset, *fields: str) -> list[tuple]:
        return list(queryset.order_by(*fields).values_list(*fields))

    return {
        "cases": rows(
            Participant.objects,
            "reference",
            "status",
            "enrolled_on",
            "exit_on",
            "job_broker__username",
        ),
        "placements": rows(
            Placement.objects,
            "participant__reference",
            "kind",
            "company__name",
            "starts_on",
            "ended_on",
        ),
        "hours": rows(HoursChange.objects, "placement__participant__reference", "weekly_hours"),
        "notes": rows(CaseNote.objects, "participant__reference", "kind", "author__username"),
        # Which follow-ups are due; their recorded outcomes are drawn in the order they were
        # stored (demo/followups.py), which the chunks change, and so are those rows' audit.
        "follow_ups": rows(FollowUp.objects, "participant__reference", "due_on"),
        "audit": list(
            AuditEvent.objects.exclude(target_type=ContentType.objects.get_for_model(FollowUp))
            .values("action", "actor__username")
            .annotate(rows=Count("id"))
            .order_by("action", "actor__username")
            .values_list("action", "actor__username", "rows")
        ),
    }


class _Undo(Exception):
    pass


def test_the_size_of_a_chunk_changes_nothing_that_is_written(settings, monkeypatch):
    """The writer flushes a chunk of stories at a time (demo/writer.py CHUNK): written in
    chunks of 7 cases, the data set is the one written in one chunk, case for case (at the
    demo's size there is one chunk, so its figures are the published ones whatever CHUNK is)."""
    settings.DEBUG = True
    # Both runs anchor the live programme on one day, even if the test runs across midnight.
    from demo.management.commands import seed_demo

    day, real_seed = timezone.localdate(), seed_demo.seed
    monkeypatch.setattr(seed_demo, "seed", lambda *, today, **rest: real_seed(today=day, **rest))
    monkeypatch.setattr("demo.writer.CHUNK", 7)
    with pytest.raises(_Undo), transaction.atomic():
        call_command("seed_demo", "--participants", "40", stdout=StringIO())
        in_small_chunks = _what_was_written()
        raise _Undo
    assert not Participant.objects.exists()
    monkeypatch.setattr("demo.writer.CHUNK", 10_000)
    call_command("seed_demo", "--participants", "40", stdout=StringIO())
    assert _what_was_written() == in_small_chunks
    assert len(in_small_chunks["cases"]) > 7 * 5


def test_each_chunk_is_committed_and_a_run_that_stopped_is_refused_by_the_next(
    settings, monkeypatch
):
    """seed_demo commits a chunk of cases at a time and says so (in a test, the test's
    transaction holds the commits); a run that stops part way leaves the chunks it wrote, and
    the next run refuses to add to them and says how far the first got."""
    settings.DEBUG = True
    monkeypatch.setattr("demo.writer.CHUNK", 7)
    from demo.writer import Writer

    real_write, chunks = Writer._write_chunk, []

    def write_two_chunks(writer, chunk) -> None:
        chunks.append(len(chunk.cases))
        if len(chunks) == 3:
            raise RuntimeError("the process was stopped")
        real_write(writer, chunk)

    monkeypatch.setattr(Writer, "_write_chunk", write_two_chunks)
    out = StringIO()
    with pytest.raises(RuntimeError):
        call_command("seed_demo", "--participants", "40", stdout=out)
    reported = [line for line in out.getvalue().splitlines() if "cases written" in line]
    assert [line.split(" cases")[0] for line in reported] == ["7", "14"]
    written = Participant.objects.count()
    assert written == chunks[0] + chunks[1] == 14
    seeding = Seeding.objects.get()
    assert (seeding.participants, seeding.cases_written, seeding.finished_at) == (40, 14, None)

    monkeypatch.setattr(Writer, "_write_chunk", real_write)
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", "--participants", "40", stdout=StringIO())
    assert "stopped after 14 cases" in str(refused.value)
    assert Participant.objects.count() == written
    assert Seeding.objects.count() == 1


def test_a_finished_run_is_recorded(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    seeding = Seeding.objects.get()
    assert seeding.finished_at is not None
    assert seeding.cases_written == Participant.objects.count() == 121 + 72
    assert "193 cases written" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_chunks_written_by_a_thread_of_their_own_are_the_same(settings, monkeypatch):
    """Run on its own (committing as the command does), seed_demo writes each chunk on
    PostgreSQL in a thread while the next chunk's stories are told: the data set is the one
    written on one connection, case for case."""
    settings.DEBUG = True
    # A test with real commits runs after others that emptied every table (the browser tests):
    # the role groups the migrations made are gone, and the generator gives its staff roles.
    sync_roles(django_apps, None)
    from demo.management.commands import seed_demo
    from demo.writer import Writer

    day, real_seed = timezone.localdate(), seed_demo.seed
    monkeypatch.setattr(seed_demo, "seed", lambda *, today, **rest: real_seed(today=day, **rest))
    monkeypatch.setattr("demo.writer.CHUNK", 7)
    threads = []
    real_init = Writer.__init__

    def init(writer, **options) -> None:
        real_init(writer, **options)
        threads.append(writer._background is not None)

    monkeypatch.setattr(Writer, "__init__", init)
    with pytest.raises(_Undo), transaction.atomic():
        call_command("seed_demo", "--participants", "40", stdout=StringIO())
        on_one_connection = _what_was_written()
        raise _Undo
    call_command("seed_demo", "--participants", "40", stdout=StringIO())
    assert _what_was_written() == on_one_connection
    assert Seeding.objects.get().finished_at is not None
    assert threads == [False, connection.vendor == "postgresql"]

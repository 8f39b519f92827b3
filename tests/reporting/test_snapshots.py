"""KPI snapshots: the nightly task (in-process), the kpi_snapshot command, and the comparison
page reading a snapshot only while it can be trusted (reporting/snapshots.py)."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from jobsporet.core import periodic
from jobsporet.core.models import AuditEvent
from participants import services
from participants.models import Participant
from reporting import snapshots
from reporting.kpis import programme_kpis
from reporting.models import KpiSnapshot
from reporting.tasks import store_kpi_snapshots
from tests.factories import ProgrammeFactory
from tests.snapshots import nothing_written

pytestmark = pytest.mark.django_db

END_OF_2021 = datetime.date(2021, 12, 31)


@pytest.fixture
def later(monkeypatch):
    """Runs a call as if it were two hours from now (a snapshot made well after the story's
    writes, as the nightly one is)."""

    def run(call, *args, **kwargs):
        real_now = timezone.now
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(hours=2))
            return call(*args, **kwargs)

    return run


def _stored(programme, day) -> dict:
    return KpiSnapshot.objects.get(programme=programme, as_of=day).figures


def test_a_snapshot_reads_back_as_the_engines_figures(story):
    kpis = programme_kpis(story, END_OF_2021)
    assert kpis.training_companies and kpis.hours.employed_with_hours and kpis.funding.spent
    snapshot = snapshots.kpi_snapshot_store(programme=story, as_of=END_OF_2021)
    assert snapshots.decode(snapshot.figures) == kpis


def test_the_command_stores_a_date_for_one_programme_and_replaces_it(story):
    out = StringIO()
    call_command("kpi_snapshot", "--program", "p", "--as-of", "2021-06-30", stdout=out)
    assert "Stored 1 snapshot(s) for 2021-06-30." in out.getvalue()
    expected = programme_kpis(story, datetime.date(2021, 6, 30))
    assert snapshots.decode(_stored(story, datetime.date(2021, 6, 30))) == expected
    call_command("kpi_snapshot", "--program", "p", "--as-of", "2021-06-30", stdout=out)
    assert KpiSnapshot.objects.count() == 1


def test_the_command_without_a_programme_stores_every_programme_running_that_day(story):
    ended = ProgrammeFactory(
        slug="ended", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 12, 31)
    )
    call_command("kpi_snapshot", "--as-of", "2021-12-31", stdout=StringIO())
    assert list(KpiSnapshot.objects.values_list("programme__slug", "as_of")) == [("p", END_OF_2021)]
    assert not KpiSnapshot.objects.filter(programme=ended).exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--program", "nope"], "No programme 'nope'. Known programmes: p."),
        (["--as-of", "2021-13-01"], "--as-of must be a date written YYYY-MM-DD"),
        (["--as-of", "2999-01-01"], "is in the future"),
    ],
)
def test_the_command_refuses_an_unknown_programme_a_bad_or_future_date(story, arguments, message):
    with nothing_written(KpiSnapshot), pytest.raises(CommandError, match=message):
        call_command("kpi_snapshot", *arguments, stdout=StringIO())


def test_the_nightly_task_stores_today_for_running_and_the_end_date_for_ended_programmes(story):
    ended = ProgrammeFactory(
        slug="ended", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 12, 31)
    )
    future = ProgrammeFactory(slug="future", starts_on=timezone.localdate() + datetime.timedelta(1))
    assert store_kpi_snapshots.delay().get() == 2
    today = timezone.localdate()
    assert set(KpiSnapshot.objects.values_list("programme__slug", "as_of")) == {
        ("p", today),
        ("ended", datetime.date(2020, 12, 31)),
    }
    assert snapshots.decode(_stored(story, today)) == programme_kpis(story, today)
    assert not KpiSnapshot.objects.filter(programme=future).exists()
    assert ended.pk


def test_the_task_stores_a_given_date_on_demand(story):
    assert store_kpi_snapshots.delay(as_of="2021-03-31", slug="p").get() == 1
    expected = programme_kpis(story, datetime.date(2021, 3, 31))
    assert snapshots.decode(_stored(story, datetime.date(2021, 3, 31))) == expected


def test_beat_runs_the_snapshot_task_in_process_without_a_broker(story, settings):
    settings.PERIODIC_TASKS_IN_PROCESS = True
    entry = django_settings.CELERY_BEAT_SCHEDULE["store-kpi-snapshots"]
    assert entry["task"] == "reporting.tasks.store_kpi_snapshots"
    settings.CELERY_BEAT_SCHEDULE = {"store-kpi-snapshots": entry}
    assert periodic.run_due_tasks() == ["store-kpi-snapshots"]
    assert KpiSnapshot.objects.filter(programme=story, as_of=timezone.localdate()).exists()
    assert periodic.run_due_tasks() == []  # once a night


def _comparison(client) -> str:
    """The comparison's table (the rest of the page holds a fresh CSRF token each time)."""
    response = client.get(reverse("reporting:comparison"), {"as_of": "2021-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<table class="table table-sm align-middle small" id="comparison">') :]


def test_the_comparison_reads_a_trusted_snapshot_and_shows_the_same_page(
    client, manager, programme, story, later, monkeypatch
):
    story.members.add(manager)
    client.force_login(manager)
    computed = _comparison(client)
    for shown in (programme, story):
        later(snapshots.kpi_snapshot_store, programme=shown, as_of=END_OF_2021)

    def must_not_compute(*args, **kwargs):
        raise AssertionError("computed although a trusted snapshot exists")

    with monkeypatch.context() as patch:
        patch.setattr(snapshots, "programme_kpis", must_not_compute)
        assert _comparison(client) == computed


def test_a_change_to_the_past_after_the_snapshot_is_shown_at_once(client, manager, story, later):
    story.members.add(manager)
    client.force_login(manager)
    later(snapshots.kpi_snapshot_store, programme=story, as_of=END_OF_2021)
    stored = snapshots.decode(_stored(story, END_OF_2021))
    # An exit dated in November, registered after the snapshot was made: the snapshot of 31
    # December no longer holds.
    later(
        services.participant_exit,
        participant=Participant.objects.get(programme=story, reference="D"),
        exit_on=datetime.date(2021, 11, 1),
        outcome="dropout",
        actor=None,
    )
    assert stored.participants.active == 3
    assert snapshots.trusted_kpis([(story, END_OF_2021)]) == {}
    response = client.get(reverse("reporting:comparison"), {"as_of": "2021-12-31"})
    shown = {programme.slug: kpis for programme, kpis in response.context["rows"]}["p"]
    assert shown == programme_kpis(story, END_OF_2021)
    assert shown.participants.active == 2 and shown.participants.dropout == 2


def test_a_changed_target_is_not_read_from_an_older_snapshot(story, later):
    later(snapshots.kpi_snapshot_store, programme=story, as_of=END_OF_2021)
    assert snapshots.trusted_kpis([(story, END_OF_2021)])
    story.target_employment_rate = Decimal("0.300")
    story.save()
    assert snapshots.trusted_kpis([(story, END_OF_2021)]) == {}
    assert snapshots.kpis_for([(story, END_OF_2021)]) == [programme_kpis(story, END_OF_2021)]


def test_a_snapshot_of_another_date_is_not_read(story, later):
    later(snapshots.kpi_snapshot_store, programme=story, as_of=datetime.date(2021, 11, 30))
    assert snapshots.trusted_kpis([(story, END_OF_2021)]) == {}


def test_a_funding_import_after_the_snapshot_makes_it_stale(story, later, tmp_path):
    later(snapshots.kpi_snapshot_store, programme=story, as_of=END_OF_2021)
    assert snapshots.trusted_kpis([(story, END_OF_2021)])
    path = tmp_path / "funding.csv"
    path.write_text(
        "program;ref;kind;source;on;amount;category\np;UDG-X;udgift;;30-11-2021;1000;Løn\n",
        encoding="utf-8",
    )
    later(call_command, "import_csv", "funding", str(path), stdout=StringIO())
    event = AuditEvent.objects.get(action="created", summary__contains="UDG-X")
    assert event.programme_id == story.pk
    assert snapshots.trusted_kpis([(story, END_OF_2021)]) == {}
    assert snapshots.kpis_for([(story, END_OF_2021)])[0].funding.spent == Decimal("351000")

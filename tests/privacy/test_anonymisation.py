"""Anonymising participants who left long ago: approved on a list without personal data,
carried out by a job, audited, and the programmes' figures are the same before and after."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobsporet.core.models import AuditEvent
from participants import services as participant_services
from participants.models import CaseNote, Goal, Participant, Person
from privacy import anonymisation, services
from privacy.models import AnonymisationRun
from tests.factories import (
    CaseNoteFactory,
    GoalFactory,
    ParticipantFactory,
    PersonFactory,
    ReviewFactory,
)

from .conftest import ALLOWED, REFUSED

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2019, 6, 1)


@pytest.fixture
def old_case(programme, broker):
    """Anne left in 2019 (more than five years ago), with notes, a plan and a history."""
    programme.starts_on = datetime.date(2018, 1, 1)
    programme.save()
    person = PersonFactory(cpr="150387-4321", first_name="Anne", last_name="Jensen")
    case = ParticipantFactory(
        person=person, programme=programme, reference="OLD-1", enrolled_on=datetime.date(2018, 3, 1)
    )
    participant_services.person_update(person=person, actor=broker, phone="20304050")
    participant_services.participant_update(
        participant=case, actor=broker, barrier_notes="Ondt i ryggen"
    )
    CaseNoteFactory(participant=case, author=broker, text="Fortroligt")
    GoalFactory(participant=case, title="Rygtræning")
    ReviewFactory(participant=case, progress="Går bedre", reviewed_on=datetime.date(2018, 5, 1))
    return participant_services.participant_exit(
        participant=case, exit_on=LONG_AGO, outcome="dropout", reason="Helbred", actor=broker
    )


@pytest.fixture
def recent_case(programme):
    person = PersonFactory(first_name="Bo", last_name="Recent")
    case = ParticipantFactory(person=person, programme=programme, reference="NEW-1")
    return participant_services.participant_exit(
        participant=case, exit_on=datetime.date(2024, 1, 1), outcome="dropout", actor=None
    )


@pytest.mark.parametrize("persona", ALLOWED)
def test_the_plan_lists_cases_and_counts_never_names(
    client, request, persona, old_case, recent_case, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    with django_assert_max_num_queries(17):
        response = client.get(reverse("privacy:anonymise"))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.person_ids == [old_case.person_id]
    assert plan.counts["persons"] == 1 and plan.counts["notes"] == 1
    page = response.content.decode()
    assert "OLD-1" in page and "NEW-1" not in page
    for personal in ("Anne", "Jensen", "150387", "20304050", "Fortroligt"):
        assert personal not in page, personal


@pytest.mark.parametrize("persona", REFUSED)
def test_no_other_role_sees_or_approves_the_plan(client, request, persona, old_case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("privacy:anonymise")).status_code == 403
    fingerprint = anonymisation.plan(anonymisation.default_cutoff()).fingerprint
    response = client.post(reverse("privacy:anonymise"), {"fingerprint": fingerprint})
    assert response.status_code == 403
    assert not AnonymisationRun.objects.exists()
    assert Person.objects.get(pk=old_case.person_id).first_name == "Anne"


def test_approving_anonymises_exactly_the_list_shown(
    client, administrator, old_case, recent_case, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    fingerprint = client.get(reverse("privacy:anonymise")).context["plan"].fingerprint
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("privacy:anonymise"), {"fingerprint": fingerprint})
    assert len(callbacks) == 1, "the job is queued after the approval commits"
    assert response.status_code == 302
    run = AnonymisationRun.objects.get()
    assert run.status == "done" and run.anonymised == 1 and run.skipped == 0
    assert run.approved_by == administrator
    person = Person.objects.get(pk=old_case.person_id)
    assert (person.first_name, person.last_name, person.phone) == ("Anonymiseret", "", "")
    assert person.is_anonymised and person.cpr == ""
    assert person.birth_date == datetime.date(1987, 1, 1)
    assert not Person.objects.with_cpr("150387-4321").exists()
    case = Participant.objects.get(pk=old_case.pk)
    assert (case.barrier_notes, case.exit_reason) == ("", "")
    assert (case.exit_on, case.exit_outcome, case.enrolled_on) == (
        LONG_AGO,
        "dropout",
        datetime.date(2018, 3, 1),
    )
    assert CaseNote.objects.get(participant=case).text == ""
    assert Goal.objects.get(plan__participant=case).title == ""
    stored = " ".join(
        str(row)
        for model in (Person, Participant, CaseNote, Goal)
        for row in model.history.filter(id__in=[person.pk, case.pk]).values()
    )
    stored += " ".join(
        f"{e.summary} {e.changes}" for e in AuditEvent.objects.filter(person_id=person.pk)
    )
    for personal in ("Anne", "Jensen", "20304050", "Ondt i ryggen", "Fortroligt", "Helbred"):
        assert personal not in stored, personal
    assert Person.objects.get(pk=recent_case.person_id).first_name == "Bo"
    assert AuditEvent.objects.filter(
        person_id=person.pk, summary__startswith="Anonymiseret"
    ).exists()
    assert AuditEvent.objects.filter(actor=administrator, target_id=run.pk).exists()
    again = client.get(reverse("privacy:anonymise"))
    assert again.context["plan"].person_ids == []


def test_an_approval_of_an_older_list_is_refused(client, dpo, old_case, programme):
    client.force_login(dpo)
    fingerprint = client.get(reverse("privacy:anonymise")).context["plan"].fingerprint
    other = PersonFactory()
    case = ParticipantFactory(
        person=other, programme=programme, enrolled_on=datetime.date(2018, 2, 1)
    )
    participant_services.participant_exit(
        participant=case, exit_on=LONG_AGO, outcome="dropout", actor=None
    )
    response = client.post(reverse("privacy:anonymise"), {"fingerprint": fingerprint}, follow=True)
    assert "Listen er ændret" in response.content.decode()
    assert not AnonymisationRun.objects.exists()
    assert Person.objects.get(pk=old_case.person_id).first_name == "Anne"


def test_someone_who_came_back_after_the_approval_is_skipped(
    old_case, programme, dpo, django_capture_on_commit_callbacks
):
    plan = anonymisation.plan(anonymisation.default_cutoff())
    ParticipantFactory(person=old_case.person, programme=programme, reference="BACK-1")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.anonymisation_approve(actor=dpo, plan=plan)
    run.refresh_from_db()
    assert (run.anonymised, run.skipped) == (0, 1)
    assert Person.objects.get(pk=old_case.person_id).first_name == "Anne"


def kpis(slug: str, day: datetime.date) -> dict:
    out = StringIO()
    call_command("kpis", "--program", slug, "--as-of", day.isoformat(), stdout=out)
    return json.loads(out.getvalue())


def test_the_programmes_figures_are_identical_before_and_after_on_the_demo_data(dpo, settings):
    settings.DEBUG = True  # seed_demo runs only in development
    call_command("seed_demo", stdout=StringIO())
    dates = [
        datetime.date(2021, 6, 30),
        datetime.date(2022, 6, 30),
        datetime.date(2023, 3, 31),
        datetime.date.today(),
    ]
    slugs = ["jobsporet", "jobsporet-drift"]
    before = {(slug, day): kpis(slug, day) for slug in slugs for day in dates}
    # Everyone who left Jobsporet by its end, as if five years had passed.
    plan = anonymisation.plan(datetime.date(2023, 4, 1))
    assert len(plan.person_ids) > 50
    done = anonymisation.anonymise(person_ids=plan.person_ids, cutoff=plan.cutoff, actor=dpo)
    assert done == len(plan.person_ids)
    assert Person.objects.filter(first_name="Anonymiseret").count() == done
    after = {(slug, day): kpis(slug, day) for slug in slugs for day in dates}
    assert after == before


def test_the_plan_page_does_not_grow_with_the_list(
    client, dpo, old_case, programme, django_assert_max_num_queries
):
    for number in range(6):
        case = ParticipantFactory(
            programme=programme,
            reference=f"OLD-{number + 2}",
            enrolled_on=datetime.date(2018, 2, 1),
        )
        CaseNoteFactory(participant=case)
        participant_services.participant_exit(
            participant=case, exit_on=LONG_AGO, outcome="dropout", actor=None
        )
    client.force_login(dpo)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("privacy:anonymise"))
    assert response.context["plan"].counts["persons"] == 7

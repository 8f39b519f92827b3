"""The participant pages as each persona sees them."""

import datetime
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.debug import SafeExceptionReporterFilter

from jobsporet.core.models import AuditEvent
from participants import cpr as cpr_module
from participants import search, services
from participants.models import CaseNote, Participant, Person
from tests.factories import (
    CaseNoteFactory,
    EmploymentFactory,
    GoalFactory,
    ParallelEffortFactory,
    ParticipantFactory,
    PersonFactory,
    ReviewFactory,
    audit_events,
    start_training,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(programme, broker, case_worker):
    return ParticipantFactory(
        programme=programme,
        job_broker=broker,
        case_worker=case_worker,
        person=PersonFactory(cpr="150387-4321", first_name="Anne", last_name="Jensen"),
    )


def login(client, user):
    client.force_login(user)
    return client


# --- the list ------------------------------------------------------------------------------


def test_a_broker_opens_the_list_on_their_own_caseload(client, broker, colleague, programme, case):
    theirs = ParticipantFactory(programme=programme, job_broker=colleague)
    response = login(client, broker).get(reverse("participants:list"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [case]
    response = client.get(reverse("participants:list"), {"caseload": "all"})
    assert set(response.context["page_obj"]) == {case, theirs}


def test_the_list_shows_masked_cpr_only(client, broker, case):
    page = login(client, broker).get(reverse("participants:list")).content.decode()
    assert "150387-xxxx" in page
    assert "4321" not in page


def test_the_list_finds_a_citizen_by_name_and_case_number_in_the_url(
    client, broker, case, programme
):
    ParticipantFactory(programme=programme, job_broker=broker)
    login(client, broker)
    for query in ("anne jens", case.reference):
        response = client.get(reverse("participants:list"), {"q": query})
        assert list(response.context["page_obj"]) == [case], query
    response = client.post(reverse("participants:list"), {"q": "Anne", "caseload": "all"})
    assert response.url == reverse("participants:list") + "?caseload=all&q=Anne"
    response = client.get(reverse("participants:list"), {"q": "Zebra"})
    assert list(response.context["page_obj"]) == []


CPR_FORMS = ("150387-4321", "1503874321")


def links(page: str) -> list[str]:
    """Every URL a page holds: links, form actions, htmx requests."""
    return re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', page)


def cpr_search(client, cpr: str, **filters):
    """Search the list by CPR number as the search box does; returns the redirect."""
    response = client.post(reverse("participants:list"), {"q": cpr, **filters})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("cpr", CPR_FORMS)
def test_a_cpr_search_finds_the_citizen_and_keeps_the_cpr_out_of_every_url(
    client, broker, case, programme, cpr
):
    ParticipantFactory(programme=programme, job_broker=broker)
    login(client, broker)
    redirect = cpr_search(client, cpr, status="", sort="name")
    for form in (*CPR_FORMS, "4321"):
        assert form not in redirect.url
    assert redirect.url.startswith(reverse("participants:list") + "?caseload=all&cpr=")
    response = client.get(redirect.url)
    assert list(response.context["page_obj"]) == [case]
    page = response.content.decode()
    assert "Viser resultatet af en søgning på CPR-nummer." in page
    urls = links(page)
    assert any("page=" not in url and "sort=" in url and "cpr=" in url for url in urls)
    for url in urls:
        assert "4321" not in url and "1503874321" not in url, url
    event = AuditEvent.objects.get(action="searched", actor=broker, person_id=case.person_id)
    assert event.summary == "Slået op på CPR-nummer"
    assert event.programme == programme
    assert event.subject_digest == case.person.cpr_digest


def test_the_pages_of_a_cpr_search_carry_the_token_not_the_cpr(client, broker, programme):
    person = PersonFactory(cpr="150387-4321")
    for number in range(27):
        ParticipantFactory(
            person=person, programme=programme, job_broker=broker, reference=f"A{number}"
        )
        services.participant_exit(
            participant=Participant.objects.get(reference=f"A{number}"),
            exit_on=datetime.date(2021, 2, 1),
            outcome="dropout",
            actor=None,
        )
    login(client, broker)
    response = client.get(cpr_search(client, "150387-4321", caseload="all").url)
    assert response.context["page_obj"].paginator.num_pages == 2
    page_links = [url for url in links(response.content.decode()) if "page=2" in url]
    assert page_links and all("cpr=" in url and "4321" not in url for url in page_links)
    response = client.get(reverse("participants:list") + page_links[0].replace("&amp;", "&"))
    assert len(response.context["page_obj"]) == 2


@pytest.mark.parametrize("cpr", ["150387-4322", "999999-9999"])
def test_a_cpr_search_without_a_match_is_audited_and_finds_nobody(client, broker, case, cpr):
    login(client, broker)
    redirect = cpr_search(client, cpr)
    assert cpr not in redirect.url and cpr.replace("-", "") not in redirect.url
    response = client.get(redirect.url)
    assert list(response.context["page_obj"]) == []
    event = AuditEvent.objects.get(actor=broker, summary="CPR-opslag uden resultat")
    assert event.action == "searched" and event.person_id is None
    # The keyed hash of what was searched (when it is a CPR number), so the access report of
    # that citizen can show the search; never the number.
    valid = cpr != "999999-9999"
    assert event.subject_digest == (cpr_module.digest(cpr_module.normalise(cpr)) if valid else "")
    assert cpr.replace("-", "") not in str(event.changes) + event.summary


def test_a_cpr_in_the_url_is_not_searched_but_sent_to_the_search_box(client, broker, case):
    login(client, broker)
    response = client.get(reverse("participants:list"), {"q": "150387-4321", "status": "enrolled"})
    assert response.status_code == 302
    assert response.url == reverse("participants:list") + "?status=enrolled"
    response = client.get(response.url)
    assert "søgefeltet" in " ".join(str(m) for m in response.context["messages"])
    assert not AuditEvent.objects.filter(action="viewed", person_id=case.person_id).exists()


def test_a_cpr_search_belongs_to_the_session_that_made_it(client, broker, colleague, case):
    url = cpr_search(login(client, broker), "150387-4321", caseload="all").url
    other = Client()
    other.force_login(colleague)
    response = other.get(url)
    assert response.status_code == 302 and "cpr=" not in response.url
    response = other.get(response.url)
    assert "udløbet" in " ".join(str(m) for m in response.context["messages"])


def test_a_cpr_search_expires(client, broker, case, monkeypatch):
    url = cpr_search(login(client, broker), "150387-4321").url
    later = time.time() + search.CPR_SEARCH_LIFETIME + 1
    monkeypatch.setattr(search.time, "time", lambda: later)
    response = client.get(url)
    assert response.status_code == 302 and "cpr=" not in response.url


def test_a_case_page_read_after_a_cpr_search_is_audited_too(client, broker, case):
    login(client, broker)
    client.get(cpr_search(client, "150387-4321").url)
    client.get(reverse("participants:detail", args=[case.pk]))
    summaries = AuditEvent.objects.filter(
        action__in=["viewed", "searched"], person_id=case.person_id
    ).values_list("summary", flat=True)
    assert sorted(summaries) == ["Sagen vist", "Slået op på CPR-nummer"]


def test_cpr_numbers_are_masked_in_error_reports(client, broker, programme):
    login(client, broker)
    reporter = SafeExceptionReporterFilter()
    response = cpr_search(client, "150387-4321")
    assert reporter.get_post_parameters(response.wsgi_request)["q"] != "150387-4321"
    response = client.post(reverse("participants:enrol"), enrol_data())
    assert reporter.get_post_parameters(response.wsgi_request)["cpr"] != "010190-1234"
    assert reporter.get_post_parameters(response.wsgi_request)["last_name"] == "Ek"


def test_the_list_filters_by_status_and_sorts(client, broker, programme):
    waiting = ParticipantFactory(programme=programme, job_broker=broker, reference="A-2")
    training = ParticipantFactory(programme=programme, job_broker=broker, reference="A-1")
    start_training(training)
    login(client, broker)
    response = client.get(reverse("participants:list"), {"status": "in_training"})
    assert list(response.context["page_obj"]) == [training]
    response = client.get(reverse("participants:list"), {"sort": "reference"})
    assert list(response.context["page_obj"]) == [training, waiting]
    response = client.get(reverse("participants:list"), {"sort": "-reference"})
    assert list(response.context["page_obj"]) == [waiting, training]


def test_the_list_runs_the_same_queries_for_3_or_40_cases(
    client, broker, programme, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            participant = ParticipantFactory(programme=programme, job_broker=broker)
            start_training(participant)
            services.case_note_add(
                participant=participant,
                author=broker,
                kind="phone",
                text="x",
                follow_up_on=timezone.localdate(),
            )

    add(3)
    login(client, broker)
    with django_assert_num_queries(8) as few:
        client.get(reverse("participants:list"))
    add(37)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("participants:list"))
    assert len(response.context["page_obj"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2


def test_only_readers_of_case_notes_see_the_next_follow_up(client, broker, manager, case):
    CaseNoteFactory(participant=case, author=broker, follow_up_on=datetime.date(2031, 5, 17))
    response = login(client, broker).get(reverse("participants:list"))
    page = response.content.decode()
    assert "Næste aftalte opfølgning" in page and "17.05.2031" in page
    response = login(client, manager).get(reverse("participants:list"))
    page = response.content.decode()
    assert list(response.context["page_obj"]) == [case]
    assert "Næste aftalte opfølgning" not in page and "17.05.2031" not in page
    assert not hasattr(response.context["page_obj"][0], "next_follow_up")


def test_an_empty_list_says_so(client, broker, programme):
    response = login(client, broker).get(reverse("participants:list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    page = response.content.decode()
    assert "Ingen deltagere i din sagsstamme endnu." in page
    # The empty state offers the enrolment (the header's link is not the one counted here).
    empty_state = page[page.index("Ingen deltagere i din sagsstamme endnu.") :]
    assert reverse("participants:enrol") in empty_state


def test_a_search_that_matches_no_one_says_so_and_offers_everyone(client, broker, programme):
    response = login(client, broker).get(reverse("participants:list"), {"q": "Zzyzx"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingen deltagere matcher filteret." in page
    assert reverse("participants:list") + "?caseload=all" in page


def test_roles_without_case_access_are_refused(client, consultant, case):
    login(client, consultant)
    assert client.get(reverse("participants:list")).status_code == 403
    assert client.get(reverse("participants:detail", args=[case.pk])).status_code == 404


def test_an_outsider_cannot_see_the_case(client, outsider, case):
    login(client, outsider)
    assert client.get(reverse("participants:detail", args=[case.pk])).status_code == 404
    response = client.get(reverse("participants:list"), {"caseload": "all"})
    assert case not in list(response.context["page_obj"])


# --- the case page --------------------------------------------------------------------------


def test_the_case_page_shows_everything_to_the_broker(client, broker, case):
    services.case_note_add(participant=case, author=broker, kind="meeting", text="Godt møde")
    response = login(client, broker).get(reverse("participants:detail", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anne Jensen" in page and "150387-xxxx" in page and "4321" not in page
    assert "Godt møde" in page
    assert response.context["sensitive"] is True


def test_a_colleague_covers_for_the_broker(client, colleague, case):
    assert (
        login(client, colleague).get(reverse("participants:detail", args=[case.pk])).status_code
        == 200
    )


# What a case with health data tells a reader allowed to see it, and what it must never tell
# anyone else, in the page or in the history of changes.
SENSITIVE_TEXTS = (
    "Fortroligt",  # a case note
    "Ryg",  # barrier notes, the goal's title, the reopening's reason
    "Helbred",  # the parallel effort's kind, the exit reason
    "Går bedre",  # a review
)


@pytest.fixture
def case_with_health_data(case, broker, case_worker):
    CaseNoteFactory(participant=case, author=broker, text="Fortroligt")
    services.participant_update(
        participant=case, actor=broker, barrier_physical=True, barrier_notes="Ondt i ryggen"
    )
    goal = GoalFactory(participant=case, area="personal", title="Rygtræning to gange om ugen")
    services.goal_save(plan=goal.plan, goal=goal, actor=case_worker, status="in_progress")
    ParallelEffortFactory(participant=case, kind="health", provider="Fysioterapeut")
    ReviewFactory(participant=case, reviewer=case_worker, progress="Går bedre med ryggen")
    for exit_on, reason in [
        (datetime.date(2021, 3, 1), "Ryggen holdt ikke"),
        (datetime.date(2021, 6, 1), "Helbredet holdt ikke til arbejdet."),
    ]:
        if not case.is_active:
            services.participant_reopen(participant=case, reason="Ryggen er bedre nu", actor=broker)
        case = services.participant_exit(
            participant=case, exit_on=exit_on, outcome="dropout", reason=reason, actor=broker
        )
    return case


def test_the_broker_reads_the_health_data_and_its_history(client, broker, case_with_health_data):
    response = login(client, broker).get(
        reverse("participants:detail", args=[case_with_health_data.pk])
    )
    page = response.content.decode()
    for text in SENSITIVE_TEXTS:
        assert text in page, text
    summaries = [event.shown for event in response.context["history"]]
    assert "Parallel indsats: Helbred" in summaries
    assert "Mål ændret: Rygtræning to gange om ugen" in summaries
    assert "Sagen genåbnet: Ryggen er bedre nu" in summaries
    assert "(Helbredet holdt ikke til arbejdet.)" in page


@pytest.mark.parametrize("persona", ["manager", "administrator"])
def test_a_manager_reads_the_case_without_notes_or_barriers(
    client, request, persona, programme, case_with_health_data
):
    case = case_with_health_data
    user = request.getfixturevalue(persona)
    assert not user.is_superuser
    response = login(client, user).get(reverse("participants:detail", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in SENSITIVE_TEXTS:
        assert text not in page, text
    assert "note_form" not in response.context
    summaries = [event.shown for event in response.context["history"]]
    assert "Parallelle indsatser opdateret" in summaries
    assert "Udviklingsplan opdateret" in summaries
    assert "Kontaktlog opdateret" in summaries
    assert "Sagen genåbnet" in summaries
    assert "Ophørt den 01.06.2021: stoppet" in summaries, "exits and their outcome stay"
    # What a manager reads is still accounted for, and the stored trail is unchanged.
    assert AuditEvent.objects.filter(action="viewed", actor=user, person_id=case.person_id).exists()
    assert AuditEvent.objects.filter(summary="Parallel indsats: Helbred").exists()
    post = client.post(
        reverse("participants:add-note", args=[case.pk]), {"kind": "phone", "text": "x"}
    )
    assert post.status_code == 403
    assert not CaseNote.objects.filter(text="x").exists()


@pytest.mark.parametrize(("persona", "shown"), [("broker", True), ("manager", False)])
def test_the_exit_reason_in_the_header_of_every_case_page(
    client, request, persona, shown, programme
):
    employment = EmploymentFactory(participant__programme=programme, company__name="Netto")
    employment.participant.refresh_from_db()
    reason = f"({employment.participant.exit_reason})"
    assert reason == "(Ansat hos Netto)"
    login(client, request.getfixturevalue(persona))
    for url in (
        reverse("participants:detail", args=[employment.participant_id]),
        reverse("placements:hours", args=[employment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert (reason in response.content.decode()) is shown, url


def test_a_case_page_view_is_audited_once_an_hour(client, broker, case):
    login(client, broker)
    for _ in range(3):
        client.get(reverse("participants:detail", args=[case.pk]))
    assert (
        AuditEvent.objects.filter(action="viewed", actor=broker, person_id=case.person_id).count()
        == 1
    )


def test_the_case_page_runs_a_bounded_number_of_queries(
    client, broker, case, django_assert_num_queries
):
    def add(count):
        for index in range(count):
            services.case_note_add(participant=case, author=broker, kind="phone", text=f"n{index}")
            services.goal_save(
                plan=case.development_plan, actor=broker, area="personal", title=f"g{index}"
            )

    add(2)
    start_training(case)
    login(client, broker)
    client.get(
        reverse("participants:detail", args=[case.pk])
    )  # the first view writes its audit row
    # the budget of tests/participants/test_case_page_budget.py
    with django_assert_num_queries(12) as few:
        client.get(reverse("participants:detail", args=[case.pk]))
    add(30)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("participants:detail", args=[case.pk]))


def test_showing_the_cpr_is_allowed_and_audited(client, broker, case):
    response = login(client, broker).post(reverse("participants:reveal-cpr", args=[case.pk]))
    assert response.status_code == 200
    assert "150387-4321" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="cpr_revealed", actor=broker, person_id=case.person_id
    ).exists()


@pytest.mark.parametrize("persona", ["manager", "administrator"])
def test_showing_the_cpr_is_refused_without_the_right(client, request, persona, case, programme):
    user = request.getfixturevalue(persona)
    programme.members.add(user)
    response = login(client, user).post(reverse("participants:reveal-cpr", args=[case.pk]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="cpr_revealed").exists()


def test_showing_the_cpr_needs_a_post(client, broker, case):
    assert (
        login(client, broker).get(reverse("participants:reveal-cpr", args=[case.pk])).status_code
        == 405
    )


# --- enrolment ------------------------------------------------------------------------------


def enrol_data(**changes):
    data = {
        "cpr": "010190-1234",
        "first_name": "Bo",
        "last_name": "Ek",
        "reference": "JS-77",
        "enrolled_on": "2021-03-01",
        "benefit_type": "cash_benefit",
        "barriers": ["social"],
        "target_sectors": ["retail"],
        "consent": "given",
        "consent_on": "2021-03-01",
    }
    data.update(changes)
    return data


def test_a_broker_enrols_a_new_citizen(client, broker, programme):
    response = login(client, broker).post(
        reverse("participants:enrol"), enrol_data(job_broker=broker.pk)
    )
    participant = Participant.objects.get(reference="JS-77")
    assert response.status_code == 302
    assert response.url == reverse("participants:detail", args=[participant.pk])
    assert participant.person.cpr == "010190-1234"
    assert participant.barrier_social and participant.target_sectors == ["retail"]
    assert participant.job_broker == broker


def test_a_known_citizen_keeps_their_details_and_gets_a_new_case(
    client, broker, programme, other_programme
):
    earlier = ParticipantFactory(
        programme=other_programme,
        person=PersonFactory(cpr="010190-1234", first_name="Bo", last_name="Ek", phone="1234"),
    )
    response = login(client, broker).post(
        reverse("participants:enrol"), enrol_data(phone="9999"), follow=True
    )
    assert response.status_code == 200
    assert Person.objects.count() == 1
    assert Participant.objects.get(reference="JS-77").person == earlier.person
    earlier.person.refresh_from_db()
    assert earlier.person.phone == "1234"
    assert any("allerede kendt" in str(message) for message in response.context["messages"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cpr": "320190-1234"}, "cpr"),
        ({"cpr": "12345"}, "cpr"),
        ({"enrolled_on": "2019-01-01"}, "enrolled_on"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_a_refused_enrolment_keeps_what_was_typed(client, broker, programme, changes, field):
    response = login(client, broker).post(reverse("participants:enrol"), enrol_data(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert form["last_name"].value() == "Ek"
    assert form["reference"].value() == "JS-77"
    assert not Participant.objects.exists()
    assert not Person.objects.exists(), "a refused enrolment leaves no person behind"


def test_a_used_case_number_and_a_second_active_case_are_refused(client, broker, programme, case):
    login(client, broker)
    response = client.post(reverse("participants:enrol"), enrol_data(reference=case.reference))
    assert response.status_code == 400 and "reference" in response.context["form"].errors
    response = client.post(reverse("participants:enrol"), enrol_data(cpr="150387-4321"))
    assert response.status_code == 400 and "cpr" in response.context["form"].errors
    assert Participant.objects.count() == 1


def test_the_enrol_form_suggests_the_next_case_number(client, broker, programme):
    ParticipantFactory(programme=programme, reference="JS-0041")
    response = login(client, broker).get(reverse("participants:enrol"))
    assert response.context["form"]["reference"].value() == "JS-0042"


@pytest.mark.parametrize("persona", ["case_worker", "manager", "consultant"])
def test_only_brokers_enrol(client, request, persona):
    login(client, request.getfixturevalue(persona))
    assert client.post(reverse("participants:enrol"), enrol_data()).status_code == 403
    assert not Participant.objects.exists()


# --- editing, notes, plan, efforts ---------------------------------------------------------


def test_case_details_and_contact_details_are_edited(client, broker, colleague, case):
    login(client, broker)
    response = client.post(
        reverse("participants:edit", args=[case.pk]),
        {
            "reference": case.reference,
            "job_broker": colleague.pk,
            "barriers": ["language"],
            "target_sectors": ["warehouse"],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.job_broker == colleague and case.barrier_language and not case.barrier_physical
    response = client.post(
        reverse("participants:edit-person", args=[case.pk]),
        {"first_name": "Anne", "last_name": "Jensen-Holm", "email": "not-an-email"},
    )
    assert response.status_code == 400
    assert response.context["form"]["last_name"].value() == "Jensen-Holm"
    case.person.refresh_from_db()
    assert case.person.last_name == "Jensen"


def test_a_note_with_a_quick_follow_up_in_place(client, broker, case):
    login(client, broker)
    response = client.post(
        reverse("participants:add-note", args=[case.pk]),
        {
            "kind": "phone",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "text": "Ringede",
            "follow_up": "7",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Ringede" in response.content.decode()
    note = CaseNote.objects.get(text="Ringede")
    assert note.follow_up_on == timezone.localdate() + datetime.timedelta(days=7)
    assert response.context["note_form"]["text"].value() in (None, "")


def test_an_empty_note_is_refused_and_the_form_keeps_the_rest(client, broker, case):
    login(client, broker)
    response = client.post(
        reverse("participants:add-note", args=[case.pk]),
        {"kind": "meeting", "occurred_at": "", "text": "", "follow_up": "date", "follow_up_on": ""},
        HTTP_HX_REQUEST="true",
    )
    form = response.context["note_form"]
    assert form.errors and form["kind"].value() == "meeting"
    assert not CaseNote.objects.exists()


def test_a_note_without_javascript_redirects(client, broker, case):
    login(client, broker)
    response = client.post(
        reverse("participants:add-note", args=[case.pk]),
        {
            "kind": "email",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "text": "Mail sendt",
        },
    )
    assert response.status_code == 302
    assert CaseNote.objects.get().follow_up_on is None


def test_a_follow_up_is_ticked_off(client, broker, case):
    note = services.case_note_add(
        participant=case, author=broker, kind="phone", text="x", follow_up_on=timezone.localdate()
    )
    response = login(client, broker).post(
        reverse("participants:follow-up-done", args=[note.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Fulgt op" in response.content.decode()
    note.refresh_from_db()
    assert note.follow_up_done_at is not None
    assert audit_events(note, action="changed", actor=broker).exists()


def test_goals_are_added_edited_and_keep_their_history(client, broker, case):
    login(client, broker)
    client.post(
        reverse("participants:add-goal", args=[case.pk]),
        {"area": "personal", "title": "Møde til tiden", "barrier": "social", "status": "planned"},
    )
    goal = case.development_plan.goals.get()
    client.post(
        reverse("participants:edit-goal", args=[goal.pk]),
        {"area": "personal", "title": "Møde til tiden", "barrier": "social", "status": "achieved"},
    )
    goal.refresh_from_db()
    assert goal.status == "achieved"
    response = client.get(reverse("participants:edit-goal", args=[goal.pk]))
    assert [version.status for version in response.context["goal_history"]] == [
        "achieved",
        "planned",
    ]
    assert response.context["goal_history"][0].history_user == broker


def test_a_review_schedules_the_next(client, broker, case):
    today = timezone.localdate()
    response = login(client, broker).post(
        reverse("participants:add-review", args=[case.pk]),
        {
            "reviewed_on": today.isoformat(),
            "progress": "Fint",
            "next_review_on": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    case.development_plan.refresh_from_db()
    assert case.development_plan.next_review_on == today + datetime.timedelta(days=30)
    response = client.post(
        reverse("participants:add-review", args=[case.pk]),
        {"reviewed_on": today.isoformat(), "progress": "Igen", "next_review_on": today.isoformat()},
    )
    assert response.status_code == 400 and "next_review_on" in response.context["form"].errors


def test_a_case_worker_keeps_parallel_efforts_and_a_broker_reads_them(
    client, case_worker, broker, case
):
    response = login(client, case_worker).post(
        reverse("participants:add-effort", args=[case.pk]),
        {"kind": "debt_counselling", "starts_on": "2021-02-01", "provider": "Kommunen"},
    )
    assert response.status_code == 302
    assert case.parallel_efforts.get().provider == "Kommunen"
    response = client.post(
        reverse("participants:add-effort", args=[case.pk]),
        {"kind": "health", "starts_on": "2021-02-01", "ends_on": "2021-01-01"},
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors
    assert case.parallel_efforts.count() == 1, "the refused effort was not saved"
    login(client, broker)
    assert client.get(reverse("participants:add-effort", args=[case.pk])).status_code == 403
    # The broker reads the effort on the case page, without being able to add one.
    page = client.get(reverse("participants:detail", args=[case.pk])).content.decode()
    efforts = page[page.index('id="efforts"') :]
    efforts = efforts[: efforts.index("</section>")]
    assert "Kommunen" in efforts
    assert reverse("participants:add-effort", args=[case.pk]) not in efforts

"""The admin answers only the questions its screens declare, and audits reads of citizens' data.

An attacker with an administrator's login types query strings into the admin's lists: a filter
on a field the screen never shows would tell, row by row, what that field holds.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from jobsporet.core.models import AuditEvent
from participants.services import participant_update
from tests.factories import ParticipantFactory, UserFactory, start_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def bad_back(programme):
    participant = ParticipantFactory(programme=programme)
    participant_update(
        participant=participant, actor=None, barrier_physical=True, barrier_notes="Dårlig ryg"
    )
    ParticipantFactory(programme=programme)  # one without, so a filter would tell them apart
    return participant


ATTACKS = [
    ("participants_participant", "barrier_notes__icontains=ryg"),
    ("participants_participant", "barrier_physical__exact=1"),
    ("participants_participant", "barrier_physical=1"),
    ("participants_participant", "exit_reason__icontains=syg"),
    ("participants_participant", "person__cpr_digest=abc"),
    ("participants_participant", "person__first_name__startswith=A"),
    ("participants_participant", "notes__text__icontains=ryg"),
    ("participants_participant", "programme__members__username=broker"),
    ("participants_person", "cpr_digest__startswith=a"),
    ("participants_person", "birth_date__year=1987"),
    ("participants_person", "enrolments__barrier_notes__icontains=ryg"),
    ("placements_placement", "participant__barrier_notes__icontains=ryg"),
    ("core_auditevent", "summary__icontains=Helbred"),
    ("core_auditevent", "changes__icontains=ryg"),
    ("core_auditevent", "person_id=1"),
    ("core_auditevent", "target_id=1"),
    ("core_auditevent", "programme__members__username=broker"),
    ("accounts_user", "password__startswith=pbkdf2"),
    ("accounts_user", "groups__permissions__codename=reveal_cpr"),
    ("participants_participant", "_to_field=barrier_notes&_popup=1"),
]


@pytest.mark.parametrize(("changelist", "query"), ATTACKS)
def test_a_filter_the_screen_does_not_declare_is_refused(
    client, administrator, bad_back, changelist, query
):
    client.force_login(administrator)
    url = reverse(f"admin:{changelist}_changelist") + "?" + query
    events = AuditEvent.objects.count()

    response = client.get(url)

    assert response.status_code == 400
    assert "ryg" not in response.content.decode()
    assert AuditEvent.objects.count() == events, "nothing was listed, so nothing was read"


def test_the_declared_filters_still_work(client, administrator, bad_back, other_programme):
    ParticipantFactory(programme=other_programme)
    client.force_login(administrator)
    url = reverse("admin:participants_participant_changelist")
    listed = client.get(url, {"programme__id__exact": bad_back.programme_id})
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2
    assert client.get(url, {"status__exact": "enrolled"}).context["cl"].result_count == 3
    assert client.get(url, {"exit_on__isnull": "True"}).status_code == 400, "not declared"


def test_every_admin_refuses_every_undeclared_field_and_follows_its_own_filters(
    client, superuser, bad_back
):
    """For each admin registered, third-party ones included: a filter on any field it does not
    declare is a 400; every choice its own filters offer answers 200."""
    from jobsporet.core.admin_site import declared_filters

    client.force_login(superuser)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        declared = declared_filters(model_admin, None)
        for field in model._meta.concrete_fields:
            if field.name in declared:
                continue
            lookup = f"{field.name}__id__exact" if field.is_relation else f"{field.name}__exact"
            assert client.get(url, {lookup: "1"}).status_code == 400, (url, lookup)
            checked += 1
        page = client.get(url)
        assert page.status_code == 200, url
        for spec in page.context["cl"].filter_specs:
            for choice in spec.choices(page.context["cl"]):
                assert client.get(url + choice["query_string"]).status_code == 200, choice
    assert checked > 100


@pytest.mark.parametrize(
    "source",
    [
        "app_label=placements&model_name=placement&field_name=participant",
        "app_label=participants&model_name=participant&field_name=person",
        "app_label=participants&model_name=casenote&field_name=participant",
        "app_label=core&model_name=auditevent&field_name=actor",
        "app_label=nothing&model_name=here&field_name=at_all",
    ],
)
def test_the_autocomplete_answers_no_undeclared_field(client, superuser, bad_back, source):
    client.force_login(superuser)
    response = client.get(f"/admin/autocomplete/?{source}&term={bad_back.person.last_name}")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html"), "an error page, no search results"


# --- Reads of citizens' data in the admin are audited ----------------------------------------


def _reads(**filters):
    return AuditEvent.objects.filter(action=AuditEvent.Action.ADMIN_VIEWED, **filters).order_by(
        "pk"
    )


def test_an_administrators_list_of_participants_is_audited_per_citizen_shown(
    client, administrator, bad_back, programme
):
    client.force_login(administrator)
    shown = set(programme.participants.values_list("person_id", flat=True))

    client.get(reverse("admin:participants_participant_changelist"))

    reads = _reads(actor=administrator)
    assert {event.person_id for event in reads} == shown and reads.count() == len(shown)
    assert {event.summary for event in reads} == {"Vist i administrationens liste: deltagere"}


def test_a_record_and_its_history_read_in_the_admin_are_audited(client, administrator, bad_back):
    placement = start_training(bad_back)
    client.force_login(administrator)
    for name, pk in [
        ("admin:participants_person_change", bad_back.person_id),
        ("admin:participants_participant_change", bad_back.pk),
        ("admin:participants_participant_history", bad_back.pk),
        ("admin:placements_placement_change", placement.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 200, name
    assert [(e.summary, e.person_id) for e in _reads(actor=administrator)] == [
        ("Person læst i administrationen", bad_back.person_id),
        ("Deltager læst i administrationen", bad_back.person_id),
        ("Historik for deltager læst i administrationen", bad_back.person_id),
        ("Forløb læst i administrationen", bad_back.person_id),
    ]


def test_an_admin_list_of_citizens_runs_the_same_queries_for_few_and_many(
    client, administrator, programme, django_assert_max_num_queries
):
    for _ in range(3):
        ParticipantFactory(programme=programme)
    client.force_login(administrator)
    url = reverse("admin:participants_participant_changelist")
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        ParticipantFactory(programme=programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).context["cl"].result_count == 33
